// Clients that give up while their request waits in the admission queue: their slot is freed and
// the request recorded (a closed request's body is never waited on).

import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { completion, textStream } from './fixtures/openai-wire.js';
import { MockUpstream } from './support/mock-upstream.js';
import { mockProvidersYaml, startTestGateway } from './support/test-gateway.js';

it('frees the in-flight slot of a queued request whose client left, and keeps serving', async () => {
  const mock = await new MockUpstream().start();
  mock.validate((request) =>
    request.body?.stream
      ? { kind: 'sse', events: textStream(['slow']).map((event) => ({ ...event, delayMs: 100 })) }
      : { kind: 'json', body: completion() },
  );
  const gateway = await startTestGateway(
    mockProvidersYaml(
      mock.url,
      mock.url,
      'server:\n  maxInFlight: 1\n  queueTimeoutMs: 2000\n  shutdownGraceMs: 500\n',
    ),
  );
  const request = (stream: boolean, signal?: AbortSignal) =>
    fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      signal,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.key}` },
      body: JSON.stringify({ model: 'gpt-4o-mini', stream, messages: [{ role: 'user', content: 'hi' }] }),
    });
  try {
    // One slow stream holds the only slot (~700 ms); three clients queue behind it and give up.
    const slow = request(true).then((response) => response.text());
    await sleep(100);
    const controllers = [0, 1, 2].map(() => new AbortController());
    const queued = controllers.map((controller) => request(false, controller.signal).catch(() => undefined));
    await sleep(100);
    for (const controller of controllers) controller.abort();
    await Promise.all(queued);
    await slow;
    for (let waited = 0; waited < 1000 && gateway.gateway.admission.active > 0; waited += 20) await sleep(20);
    // Expected: the slot is free again and the next request is served.
    expect(gateway.gateway.admission.active).toBe(0);
    const after = await request(false);
    await after.text();
    expect(after.status).toBe(200);
  } finally {
    await gateway.close();
    await mock.stop();
  }
}, 30_000);
