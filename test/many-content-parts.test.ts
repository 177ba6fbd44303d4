// A request whose messages hold hundreds of thousands of content parts (within the body limit) is
// translated between dialects and forwarded whole, not failed with a 500: the translations append
// parts in a loop, since spreading that many into one call throws a RangeError in V8.

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from './fixtures/anthropic-wire.js';
import { completion } from './fixtures/openai-wire.js';
import { MockUpstream } from './support/mock-upstream.js';
import { mockProvidersYaml, startTestGateway, type TestGateway } from './support/test-gateway.js';

let openaiMock: MockUpstream;
let anthropicMock: MockUpstream;
let gateway: TestGateway;

beforeAll(async () => {
  openaiMock = await new MockUpstream().start();
  anthropicMock = await new MockUpstream().start();
  openaiMock.always({ kind: 'json', body: completion() });
  anthropicMock.always({ kind: 'json', body: message() });
  gateway = await startTestGateway(mockProvidersYaml(openaiMock.url, anthropicMock.url));
});

afterAll(async () => {
  await gateway.close();
  await openaiMock.stop();
  await anthropicMock.stop();
});

const partCount = 200_000;
const parts = Array.from({ length: partCount }, (_, index) => ({ type: 'text', text: `p${index}` }));

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.key}`, ...headers },
    body: JSON.stringify(body),
  });
  return response.status;
}

describe('requests with very many content parts', () => {
  it('forwards an OpenAI request with 200,000 system parts and two same-role user turns to Anthropic', async () => {
    const status = await post('/v1/chat/completions', {
      model: 'claude-haiku',
      messages: [
        { role: 'system', content: parts },
        { role: 'user', content: parts },
        { role: 'user', content: parts },
      ],
    });
    expect(status).toBe(200);
    const sent = anthropicMock.requests.at(-1)!.body;
    // Consecutive user turns are merged into one Anthropic turn, every part kept.
    expect(sent.messages).toHaveLength(1);
    expect(sent.messages[0].content).toHaveLength(2 * partCount);
    expect(sent.messages[0].content.at(-1)).toMatchObject({ type: 'text', text: `p${partCount - 1}` });
  }, 60_000);

  it('forwards an Anthropic request with 200,000 system parts to an OpenAI route', async () => {
    // The request before lagged the event loop, and the gateway sheds load (503) for a window of
    // 500 ms after a lag: wait it out, this test is about the translation.
    await sleep(1100);
    const status = await post(
      '/v1/messages',
      { model: 'gpt-4o-mini', max_tokens: 10, system: parts, messages: [{ role: 'user', content: parts }] },
      { 'anthropic-version': '2023-06-01' },
    );
    expect(status).toBe(200);
    const sent = openaiMock.requests.at(-1)!.body;
    expect(sent.messages[0].role).toBe('system');
    expect(JSON.stringify(sent.messages[0].content)).toContain(`p${partCount - 1}`);
  }, 60_000);
});
