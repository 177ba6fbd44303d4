import OpenAI from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChatStream } from './load/stream-reader.js';
import { MockControl } from './mock-control.js';
import { answerText, answerWords } from './mock-payloads.js';
import { startMockUpstream } from './mock-upstream.js';
import type { MockUpstream } from './mock-upstream.js';

let mock: MockUpstream;
let client: OpenAI;

beforeAll(async () => {
  mock = await startMockUpstream({ maxBodyBytes: 4096 });
  client = new OpenAI({ baseURL: `${mock.url}/v1`, apiKey: 'bench-key', maxRetries: 0 });
});
afterAll(() => mock.close());

const messages = [{ role: 'user' as const, content: 'Say hello.' }];

function post(body: string, authorization = 'Bearer bench-key') {
  return request(`${mock.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body,
  });
}

describe('mock upstream, read by the official openai client', () => {
  it('answers a chat completion with the fixed text and usage', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.message.content).toBe(answerText);
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.completion_tokens).toBe(answerWords.length);
  });

  it('streams 20 chunks with the content arriving after the fixed delay, then usage when asked', async () => {
    const started = performance.now();
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    let firstContentAfter: number | undefined;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content && firstContentAfter === undefined) {
        firstContentAfter = performance.now() - started;
      }
      chunks.push(chunk);
    }
    const withChoices = chunks.filter((chunk) => chunk.choices.length > 0);
    expect(withChoices).toHaveLength(20);
    expect(withChoices[0]?.choices[0]?.delta).toMatchObject({ role: 'assistant', content: '' });
    expect(withChoices.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(answerText);
    expect(withChoices.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)?.usage?.total_tokens).toBe(12 + answerWords.length);
    expect(firstContentAfter).toBeGreaterThanOrEqual(19);
  });

  it('sends no usage chunk when it was not asked for', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks).toHaveLength(20);
    expect(chunks.every((chunk) => chunk.usage === undefined)).toBe(true);
  });

  it('ends every stream with data: [DONE]', async () => {
    const response = await post(JSON.stringify({ model: 'gpt-4o-mini', messages, stream: true }));
    const reading = await readChatStream(response.body);
    expect(reading).toMatchObject({
      done: true,
      text: answerText,
      contentChunks: answerWords.length,
      malformed: 0,
    });
  });

  it('lists models', async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toContain('gpt-4o-mini');
  });
});

describe('mock upstream, bad input', () => {
  it('rejects a wrong key the way OpenAI does', async () => {
    const stranger = new OpenAI({ baseURL: `${mock.url}/v1`, apiKey: 'wrong', maxRetries: 0 });
    const failure = await stranger.chat.completions
      .create({ model: 'gpt-4o-mini', messages })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((failure as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe('invalid_api_key');
  });

  it('answers 400 to broken JSON and to JSON that is not an object', async () => {
    for (const body of ['{"model":', '[1,2]', 'null']) {
      const response = await post(body);
      const error = (await response.body.json()) as { error: { type: string } };
      expect(response.statusCode).toBe(400);
      expect(error.error.type).toBe('invalid_request_error');
    }
  });

  it('answers 413 to a body over its limit', async () => {
    const response = await post(JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(8192) }] }));
    await response.body.dump();
    expect(response.statusCode).toBe(413);
  });

  it('answers 404 to unknown paths and methods', async () => {
    const unknownPath = await request(`${mock.url}/v1/nothing`, {
      headers: { authorization: 'Bearer bench-key' },
    });
    const wrongMethod = await request(`${mock.url}/v1/chat/completions`, {
      headers: { authorization: 'Bearer bench-key' },
    });
    const unknownControl = await request(`${mock.url}/bench/nothing`, { method: 'POST' });
    for (const response of [unknownPath, wrongMethod, unknownControl]) {
      await response.body.dump();
      expect(response.statusCode).toBe(404);
    }
  });
});

describe('mock upstream, holding streams', () => {
  const streamBody = JSON.stringify({ model: 'gpt-4o-mini', messages, stream: true });

  it('holds streams after their first content until released', async () => {
    const control = new MockControl(mock.url);
    await control.hold();
    try {
      let sawContent: () => void = () => undefined;
      const firstContent = new Promise<void>((resolve) => (sawContent = resolve));
      let finished = false;
      const response = await post(streamBody);
      const reading = readChatStream(response.body, sawContent).then((result) => {
        finished = true;
        return result;
      });
      await firstContent;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(finished).toBe(false);
      expect(await control.state()).toMatchObject({ holding: true, held: 1, openStreams: 1 });
      await control.release();
      expect((await reading).text).toBe(answerText);
      expect(await control.state()).toMatchObject({ holding: false, held: 0, openStreams: 0 });
    } finally {
      await control.release();
    }
  });

  it('forgets a held stream whose client disconnects, and keeps serving', async () => {
    const control = new MockControl(mock.url);
    await control.hold();
    try {
      const abort = new AbortController();
      const response = await request(`${mock.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer bench-key' },
        body: streamBody,
        signal: abort.signal,
      });
      const reading = readChatStream(response.body, () => abort.abort()).catch((error: unknown) => error);
      expect(await reading).toBeInstanceOf(Error);
      for (let attempt = 0; attempt < 50 && (await control.state()).held > 0; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect((await control.state()).held).toBe(0);
    } finally {
      await control.release();
    }
    const after = await post(JSON.stringify({ model: 'gpt-4o-mini', messages }));
    expect(after.statusCode).toBe(200);
    await after.body.dump();
  });
});
