import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultUpstream, faultAnswerWords } from './fault-upstream.js';

let upstream: FaultUpstream;

beforeAll(async () => {
  upstream = await new FaultUpstream().start();
});

afterAll(async () => {
  await upstream.stop();
});

afterEach(() => {
  upstream.setPlan({});
  upstream.resetCounts();
});

function post(body: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(`${upstream.origin}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
}

const chat = { model: 'any', messages: [{ role: 'user', content: 'hi' }] };
const streamed = { ...chat, stream: true, stream_options: { include_usage: true } };

/** The `data:` payloads of an event stream, parsed; throws on a line that is not JSON. */
function events(text: string): unknown[] {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('data: ') && block !== 'data: [DONE]')
    .map((block) => JSON.parse(block.slice(6)) as unknown);
}

/** Reads a stream until it ends or fails; returns the text read and how it ended. */
async function readAll(response: Response): Promise<{ text: string; failed: boolean }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, failed: false };
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    return { text, failed: true };
  }
}

describe('FaultUpstream healthy answers', () => {
  it('answers a chat completion with usage, and counts it as ok', async () => {
    const response = await post(chat);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      choices: Array<{ message: { content: string } }>;
      usage: unknown;
    };
    expect(body.choices[0]?.message.content).toBe(faultAnswerWords.join(''));
    expect(body.usage).toMatchObject({ prompt_tokens: 10, completion_tokens: faultAnswerWords.length });
    expect(upstream.outcomes.get('ok')).toBe(1);
  });

  it('streams every word, a finish chunk, usage when asked for, and [DONE]', async () => {
    const text = await (await post(streamed)).text();
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    const parsed = events(text) as Array<{
      choices: Array<{ delta: { content?: string } }>;
      usage?: unknown;
    }>;
    const content = parsed
      .flatMap((event) => event.choices.map((choice) => choice.delta.content ?? ''))
      .join('');
    expect(content).toBe(faultAnswerWords.join(''));
    expect(parsed.at(-1)?.usage).toBeDefined();
    const withoutUsage = events(await (await post({ ...chat, stream: true })).text()) as Array<{
      usage?: unknown;
    }>;
    expect(withoutUsage.some((event) => event.usage !== undefined)).toBe(false);
  });

  it('answers 404 to other paths and 400 to a body that is not JSON', async () => {
    expect((await fetch(`${upstream.origin}/v1/models`)).status).toBe(404);
    const response = await fetch(`${upstream.origin}/v1/chat/completions`, { method: 'POST', body: '{oops' });
    expect(response.status).toBe(400);
  });
});

describe('FaultUpstream faults', () => {
  it('returns a 429 with retry-after and retry-after-ms, and an insufficient_quota 429', async () => {
    upstream.setPlan({
      faults: [{ fault: { kind: 'status', status: 429, retryAfterSeconds: 2, retryAfterMs: 1500 }, rate: 1 }],
    });
    const limited = await post(chat);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.headers.get('retry-after-ms')).toBe('1500');
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limit_exceeded', type: 'requests' } });
    upstream.setPlan({
      faults: [{ fault: { kind: 'status', status: 429, code: 'insufficient_quota' }, rate: 1 }],
    });
    const quota = await post(chat);
    expect(quota.headers.get('retry-after')).toBeNull();
    expect(await quota.json()).toMatchObject({
      error: { code: 'insufficient_quota', type: 'insufficient_quota' },
    });
    expect(upstream.outcomes.get('status')).toBe(2);
  });

  it('hangs before headers until the client gives up, and counts the abort', async () => {
    upstream.setPlan({ faults: [{ fault: { kind: 'hang-before-headers' }, rate: 1 }] });
    const started = Date.now();
    await expect(post(chat, AbortSignal.timeout(150))).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await expect.poll(() => upstream.abortedByClient).toBe(1);
    expect(upstream.inFlight).toBe(0);
  });

  it('resets the connection before any answer', async () => {
    upstream.setPlan({ faults: [{ fault: { kind: 'reset-before-headers' }, rate: 1 }] });
    await expect(post(chat)).rejects.toThrow(/fetch failed/);
  });

  it('cuts a stream after the chunks it was told to send', async () => {
    upstream.setPlan({ faults: [{ fault: { kind: 'cut-mid-stream', afterChunks: 2 }, rate: 1 }] });
    const { text, failed } = await readAll(await post(streamed));
    expect(failed).toBe(true);
    const content = (events(text) as Array<{ choices: Array<{ delta: { content?: string } }> }>)
      .flatMap((event) => event.choices.map((choice) => choice.delta.content ?? ''))
      .join('');
    expect(content).toBe(faultAnswerWords.slice(0, 2).join(''));
    expect(text).not.toContain('[DONE]');
  });

  it('goes silent mid-stream with the connection open', async () => {
    upstream.setPlan({ faults: [{ fault: { kind: 'hang-mid-stream', afterChunks: 1 }, rate: 1 }] });
    const controller = new AbortController();
    const response = await post(streamed, controller.signal);
    const reader = response.body!.getReader();
    let text = '';
    const decoder = new TextDecoder();
    while (!text.includes(faultAnswerWords[0])) text += decoder.decode((await reader.read()).value);
    const next = reader.read();
    const silent = await Promise.race([
      next.then(() => 'data'),
      new Promise((resolve) => setTimeout(resolve, 150, 'silent')),
    ]);
    expect(silent).toBe('silent');
    controller.abort();
    await next.catch(() => undefined);
    await expect.poll(() => upstream.abortedByClient).toBe(1);
  });

  it('sends malformed JSON, as a whole body and inside a stream', async () => {
    upstream.setPlan({ faults: [{ fault: { kind: 'malformed-json' }, rate: 1 }] });
    const whole = await post(chat);
    expect(whole.status).toBe(200);
    await expect(whole.json()).rejects.toThrow();
    const streamText = await (await post(streamed)).text();
    expect(() => events(streamText)).toThrow();
  });

  it('breaks out of the event-stream format after some chunks', async () => {
    upstream.setPlan({ faults: [{ fault: { kind: 'malformed-sse', afterChunks: 1 }, rate: 1 }] });
    const text = await (await post(streamed)).text();
    expect(text).toContain('this is not an event stream');
    expect(text).not.toContain('[DONE]');
  });

  it('waits its fixed latency before answering', async () => {
    upstream.setPlan({ latency: { kind: 'fixed', ms: 120 } });
    const started = Date.now();
    expect((await post(chat)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
  });

  it('fails about the share of requests its plan says, with a seeded, repeatable choice', async () => {
    upstream.setPlan({ faults: [{ fault: { kind: 'status', status: 503 }, rate: 0.3 }] });
    const statuses = [];
    for (let index = 0; index < 300; index++) statuses.push((await post(chat)).status);
    const failed = statuses.filter((status) => status === 503).length;
    expect(failed).toBeGreaterThan(60);
    expect(failed).toBeLessThan(120);
    expect(upstream.outcomes.get('status')).toBe(failed);
    expect(upstream.outcomes.get('ok')).toBe(300 - failed);
  });

  it('rejects an impossible plan when it is set', () => {
    expect(() => upstream.setPlan({ faults: [{ fault: { kind: 'status', status: 500 }, rate: 2 }] })).toThrow(
      RangeError,
    );
  });
});
