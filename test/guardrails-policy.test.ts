// Policy checks on answers (issue 7): banned phrases (masked or withheld, JSON and streams, in
// either dialect) and a maximum length, with the echo upstream answering "You said: ...".

import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { startEchoGateway } from './support/echo-upstream.js';
import { fetchRecord } from './support/fetch-record.js';

async function start(check: string) {
  const { gateway } = await startEchoGateway(`  chat:
    guardrails: { output: [${check}] }
    targets: [{ provider: echo, model: gpt-4o-mini }]`);
  const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: gateway.key, maxRetries: 0 });
  const ask = (content: string) =>
    client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content }] }).withResponse();
  const stream = async (content: string) => {
    const events = await client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content }],
      stream: true,
    });
    let text = '';
    const failure = await (async () => {
      for await (const chunk of events) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((caught: unknown) => caught);
    return { text, failure };
  };
  return { gateway, ask, stream };
}

const phrases = '{ check: phrases, action: %s, phrases: [Project Atlas, wire transfer] }';

describe('output guardrails: banned phrases', () => {
  it('masks listed phrases in JSON answers and streams (split across deltas), case and spacing ignored', async () => {
    const { gateway, ask, stream } = await start(phrases.replace('%s', 'mask'));
    const { data, response } = await ask('Tell me about project  ATLAS and a Wire Transfer today.');
    expect(data.choices[0]!.message.content).toBe('You said: Tell me about [REMOVED] and a [REMOVED] today.');
    const logged = await fetchRecord(gateway, response.headers.get('x-request-id')!);
    expect(logged.guardrails).toEqual([
      expect.objectContaining({ check: 'phrases', action: 'mask', found: { 'phrase 1': 1, 'phrase 2': 1 } }),
    ]);
    // The echo streams three characters per delta, so each phrase arrives in pieces.
    const streamed = await stream('Is Project Atlas late?');
    expect(streamed.failure).toBeUndefined();
    expect(streamed.text).toBe('You said: Is [REMOVED] late?');
    // Whole words only.
    expect((await ask('An atlas of projects')).data.choices[0]!.message.content).toBe(
      'You said: An atlas of projects',
    );
  });

  it('withholds an answer with a block, naming the entry by number, never the phrase', async () => {
    const { ask, stream } = await start(phrases.replace('%s', 'block'));
    const refused = await ask('Schedule the wire transfer.').catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect((refused as Error).message).toMatch(
      /"phrases" output guardrail: it contains phrase 2\. Reference: /,
    );
    expect((refused as Error).message).not.toMatch(/wire transfer/i);
    const streamed = await stream('Schedule the wire transfer now.');
    expect(String(streamed.failure)).toMatch(/"phrases" output guardrail/);
    expect(streamed.text.toLowerCase()).not.toContain('wire transfer');
  });
});

describe('output guardrails: length', () => {
  it('withholds a JSON answer longer than maxCharacters and cuts a stream that passes it', async () => {
    const { ask, stream } = await start('{ check: length, action: block, maxCharacters: 40 }');
    await expect(ask('short')).resolves.toBeDefined();
    const refused = await ask('x'.repeat(100)).catch((caught: unknown) => caught);
    expect((refused as Error).message).toMatch(/"length" output guardrail: it is longer than 40 characters/);
    const streamed = await stream('y'.repeat(200));
    expect(String(streamed.failure)).toMatch(/"length" output guardrail/);
    expect(streamed.text.length).toBeLessThanOrEqual(40);
  });

  it('records the length of an answer over the limit with flag, and lets it through (Anthropic client)', async () => {
    const { gateway } = await startEchoGateway(`  chat:
    guardrails: { output: [{ check: length, action: flag, maxCharacters: 20 }] }
    targets: [{ provider: echo, model: gpt-4o-mini }]`);
    const anthropic = new Anthropic({ baseURL: gateway.url, apiKey: gateway.key, maxRetries: 0 });
    const { data, response } = await anthropic.messages
      .create({
        model: 'chat',
        max_tokens: 50,
        messages: [{ role: 'user', content: 'a fairly long question' }],
      })
      .withResponse();
    expect(data.content).toEqual([{ type: 'text', text: 'You said: a fairly long question' }]);
    const logged = await fetchRecord(gateway, response.headers.get('x-request-id')!);
    expect(logged.guardrails).toEqual([
      expect.objectContaining({ check: 'length', action: 'flag', found: { characters: 32 } }),
    ]);
  });
});
