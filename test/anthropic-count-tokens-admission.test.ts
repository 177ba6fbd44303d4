// `POST /v1/messages/count_tokens` passes admission control like the other data endpoints: a
// count holds one of `server.maxInFlight` slots, and one that finds them all taken waits in the
// queue, then gets 503 with Retry-After in Anthropic's error shape, never reaching a provider.

import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it, onTestFinished } from 'vitest';
import { MockUpstream } from './support/mock-upstream.js';
import { mockProvidersYaml, startTestGateway } from './support/test-gateway.js';

it('queues a count behind a full gateway and refuses it with 503 in the Anthropic shape', async () => {
  const anthropic = await new MockUpstream().start();
  onTestFinished(() => anthropic.stop());
  const gateway = await startTestGateway(
    mockProvidersYaml(
      'http://127.0.0.1:9',
      anthropic.url,
      'server:\n  maxInFlight: 1\n  queueTimeoutMs: 200\n',
    ),
  );
  onTestFinished(() => gateway.close());
  const count = (model: string, signal?: AbortSignal) =>
    fetch(`${gateway.url}/v1/messages/count_tokens`, {
      method: 'POST',
      signal,
      headers: {
        'x-api-key': gateway.key,
        'anthropic-version': '2023-06-01',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'How many tokens?' }] }),
    });
  // A count Anthropic never answers holds the only slot.
  anthropic.reply({ kind: 'hang' });
  const holder = new AbortController();
  const held = count('claude-haiku', holder.signal).catch(() => undefined);
  await expect.poll(() => anthropic.requests.length).toBe(1);
  expect(gateway.gateway.admission.active).toBe(1);

  const refused = await count('claude-haiku');
  expect(refused.status).toBe(503);
  expect(refused.headers.get('retry-after')).toBe('1');
  expect(await refused.json()).toMatchObject({ type: 'error', error: { type: 'api_error' } });
  // The gateway's own estimate waits for a slot too: counting is work, whoever does it.
  expect((await count('gpt-4o-mini')).status).toBe(503);
  expect(anthropic.requests).toHaveLength(1);

  holder.abort();
  await held;
  for (let waited = 0; waited < 1000 && gateway.gateway.admission.active > 0; waited += 20) await sleep(20);
  expect(gateway.gateway.admission.active).toBe(0);
  anthropic.reply({ kind: 'json', body: { input_tokens: 9 } });
  const counted = await count('claude-haiku');
  expect(counted.status).toBe(200);
  expect(await counted.json()).toEqual({ input_tokens: 9 });
}, 20_000);
