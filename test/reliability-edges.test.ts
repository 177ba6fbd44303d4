// Retries, fallback models and hedging at their edges, each as docs/reliability.md says: Retry-After
// kept when breakers send a request straight back, fallbacks under the requested model's deadline
// and on insufficient_quota, every attempt counted, no phantom in-flight request after a hedge.

import { describe, expect, it } from 'vitest';
import { chunk, done, sse } from './fixtures/openai-wire.js';
import { ask, askTimed, insufficientQuota, ok, startMocks, status } from './support/reliability-mocks.js';
import { reliabilityYaml, targetsYaml } from './support/reliability-yaml.js';

/** `chat` on mock a, falling back to `spare` on mock b. */
const chatWithSpare = {
  chat: [targetsYaml('a'), 'fallbacks: [{ model: spare }]'],
  spare: [targetsYaml('b')],
};

describe('retries', () => {
  // reliability.md step 4: "with exponential backoff and full jitter before going back to a
  // target that failed, honouring its Retry-After".
  it("honours a target's Retry-After when the model's other target is skipped by its open breaker", async () => {
    const { gateway, up } = await startMocks(
      ['a', 'b'],
      reliabilityYaml(
        { chat: [targetsYaml('a', 'b')], 'b-only': [targetsYaml('b')] },
        { breaker: { consecutiveFailures: 1, openMs: 60000 } },
      ),
    );
    up.b!.always(status(503));
    // One failure opens b's breaker (consecutiveFailures: 1).
    const opened = await ask(gateway, 'b-only');
    expect(opened.status).toBe(502 + 1);
    await opened.arrayBuffer();
    expect(up.b!.requests.length).toBe(1);

    up.a!.reply(
      status(
        429,
        { error: { message: 'slow down', type: 'rate_limit_error', code: 'rate_limit_exceeded' } },
        {
          'retry-after': '2',
        },
      ),
    );
    up.a!.always(ok());
    const response = await ask(gateway, 'chat');
    await response.arrayBuffer();
    expect(up.b!.requests.length).toBe(1); // skipped, never asked
    // a asked again only after its Retry-After (or not at all within the request).
    if (up.a!.times.length >= 2) {
      expect(up.a!.times[1]! - up.a!.times[0]!).toBeGreaterThanOrEqual(1900);
    }
  });
});

describe('fallback models', () => {
  // configuration.md, Fallback models: "`rate_limited` | 429 (rate limits, and `insufficient_quota`)";
  // "Without `on:`, the first four."
  it('takes a fallback model when the only target answers 429 insufficient_quota', async () => {
    const { gateway, up } = await startMocks(
      ['a', 'b'],
      reliabilityYaml({
        ...chatWithSpare,
        listed: [targetsYaml('a'), 'fallbacks: [{ model: spare, on: [rate_limited] }]'],
      }),
    );
    up.a!.always(insufficientQuota());
    up.b!.always(ok('m-b'));
    for (const model of ['chat', 'listed']) {
      const response = await ask(gateway, model);
      expect(response.status, model).toBe(200);
      expect(response.headers.get('x-switchyard-fallback-model'), model).toBe('spare');
      expect(response.headers.get('x-switchyard-provider'), model).toBe('b');
      await response.arrayBuffer();
    }
  });

  // reliability.md step 5: "the request goes to that model, under the same deadline"; step 1: "The
  // request must finish by the earliest of: the model's `totalMs` from arrival, and the client's own
  // deadline".
  it("keeps a fallback model inside the requested model's totalMs", async () => {
    const { gateway, up } = await startMocks(
      ['a', 'b'],
      reliabilityYaml(
        {
          chat: [
            'timeouts: { totalMs: 800 }',
            'targets: [{ provider: a, model: m-a, timeouts: { totalMs: 300 } }]',
            'fallbacks: [{ model: spare }]',
          ],
          spare: ['timeouts: { totalMs: 6000 }', targetsYaml('b')],
        },
        { attempts: 0 },
      ),
    );
    up.a!.always({ kind: 'hang' });
    up.b!.always({ kind: 'hang' });
    const { response, elapsed } = await askTimed(gateway, 'chat');
    expect(up.b!.requests.length).toBe(1); // the fallback model was tried
    expect(response.status).toBe(504);
    expect(elapsed).toBeLessThan(800 + 700);
  }, 15_000);

  // Same rule the other way: the fallback model gets what is left of the request's deadline, its
  // own totalMs bounding each of its attempts (configuration.md, defaults: "`timeouts.totalMs` |
  // One attempt, from connect to the last byte.").
  it("gives a fallback model the rest of the request's deadline even when its own totalMs has passed since arrival", async () => {
    const { gateway, up } = await startMocks(
      ['a', 'b'],
      reliabilityYaml(
        {
          chat: [
            'timeouts: { totalMs: 5000 }',
            'targets: [{ provider: a, model: m-a, timeouts: { totalMs: 600 } }]',
            'fallbacks: [{ model: spare }]',
          ],
          spare: ['timeouts: { totalMs: 500 }', targetsYaml('b')],
        },
        { attempts: 0 },
      ),
    );
    up.a!.always({ kind: 'hang' });
    up.b!.always(ok('m-b'));
    const response = await ask(gateway, 'chat');
    const body = await response.text();
    expect(response.status, body).toBe(200);
    expect(response.headers.get('x-switchyard-fallback-model')).toBe('spare');
    expect(up.b!.requests.length).toBe(1);
  }, 15_000);

  // reliability.md, Headers on every answer: "`x-switchyard-attempts` | Attempts made, the
  // answering one included."; configuration.md: "a fallback model's attempts are numbered on from
  // the first model's".
  it("counts the first model's attempts in x-switchyard-attempts when a fallback model answers", async () => {
    const { gateway, up } = await startMocks(['a', 'b'], reliabilityYaml(chatWithSpare));
    up.a!.always(status(503));
    up.b!.always(ok('m-b'));
    const response = await ask(gateway, 'chat');
    await response.arrayBuffer();
    expect(response.status).toBe(200);
    expect(up.a!.requests.length + up.b!.requests.length).toBe(4);
    expect(response.headers.get('x-switchyard-attempts')).toBe('4');
  });
});

describe('hedging with an open breaker', () => {
  // configuration.md, Balancing: "`least-in-flight` | The target with the fewest requests open
  // through this gateway process". A hedge that finds no other target must not leave a request
  // counted as open on the first one.
  it('leaves no phantom in-flight request behind when the hedge finds no other target', async () => {
    const { gateway, up } = await startMocks(
      ['a', 'b'],
      reliabilityYaml(
        {
          chat: ['balance: least-in-flight', 'hedge: { delayMs: 40 }', targetsYaml('a', 'b')],
          'b-only': [targetsYaml('b')],
        },
        { breaker: { consecutiveFailures: 1, openMs: 1500 } },
      ),
    );
    up.b!.reply(status(503));
    up.b!.always(ok('m-b'));
    const opened = await ask(gateway, 'b-only');
    expect(opened.status).toBe(503);
    await opened.arrayBuffer();
    // b is open: two streams whose first content is slower than the hedge delay go to a alone.
    const slow = {
      kind: 'sse' as const,
      events: [sse(chunk({ role: 'assistant', content: 'Hi' }), 150), sse(chunk({}, 'stop')), done],
    };
    up.a!.reply(slow, slow);
    up.a!.always(ok('m-a'));
    for (let index = 0; index < 2; index++) {
      const response = await ask(gateway, 'chat', {}, { stream: true });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-switchyard-provider')).toBe('a');
      await response.text();
    }
    const stats = gateway.gateway.deploymentStats;
    expect.soft(stats.of('a\nm-a').inFlight).toBe(0);
    // What a user sees: once b is back, least-in-flight should share traffic between two idle,
    // equally fast deployments; phantom requests on a starve it.
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const served: Record<string, number> = {};
    for (let index = 0; index < 30; index++) {
      const response = await ask(gateway, 'chat');
      await response.arrayBuffer();
      const provider = response.headers.get('x-switchyard-provider') ?? '';
      served[provider] = (served[provider] ?? 0) + 1;
    }
    expect(served.a ?? 0).toBeGreaterThan(3);
  }, 15_000);
});

describe('client budget headers', () => {
  // reliability.md, Headers a client can send: "a malformed value is a 400 naming the header."
  it('refuses a malformed budget even when the answer is in the exact cache', async () => {
    const { gateway, up } = await startMocks(
      ['a'],
      reliabilityYaml({ chat: ['cache: { enabled: true }', targetsYaml('a')] }),
    );
    up.a!.always(ok('m-a'));
    const first = await ask(gateway, 'chat');
    expect(first.status).toBe(200);
    await first.arrayBuffer();
    // The store happens after the answer went out.
    await expect
      .poll(async () => {
        const again = await ask(gateway, 'chat');
        await again.arrayBuffer();
        return again.headers.get('x-switchyard-cache');
      })
      .toMatch(/hit/);
    for (const headers of <Array<Record<string, string>>>[
      { 'x-switchyard-budget-ms': 'soon' },
      { 'x-switchyard-deadline': 'tomorrow' },
      { 'x-switchyard-budget-ms': '100', 'x-switchyard-deadline': String(Date.now() + 1000) },
    ]) {
      const response = await ask(gateway, 'chat', headers);
      const body = (await response.json()) as { error?: { param?: string } };
      expect(response.status, JSON.stringify(headers)).toBe(400);
      expect(body.error?.param).toMatch(/^x-switchyard-(budget-ms|deadline)$/);
    }
  });
});

describe('x-should-retry after the gateway spent its attempts', () => {
  // reliability.md: "Errors carry `x-should-retry: false` when the gateway already spent its own
  // retries or the whole deadline, so the official SDKs do not multiply the attempts".
  it('says x-should-retry: false when a fallback model ends a request whose retries were spent', async () => {
    const { gateway, up } = await startMocks(
      ['a', 'b'],
      reliabilityYaml(
        { ...chatWithSpare, chat: [...chatWithSpare.chat, 'circuitBreaker: { enabled: false }'] },
        { breaker: { consecutiveFailures: 1, openMs: 60000 } },
      ),
    );
    up.a!.always(status(503));
    up.b!.always(status(503));
    // spare's deployment goes open after one failure.
    const opening = await ask(gateway, 'spare');
    await opening.arrayBuffer();
    up.a!.forget();
    const response = await ask(gateway, 'chat');
    await response.arrayBuffer();
    expect(up.a!.requests.length).toBe(3); // the gateway spent its three attempts on chat
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(response.headers.get('x-should-retry')).toBe('false');
  });
});

describe('balancing', () => {
  // configuration.md, Balancing: "`least-in-flight` | The target with the fewest requests open
  // through this gateway process". A stream being relayed is a request still open.
  it('counts a stream that is still being relayed as open under least-in-flight', async () => {
    const { gateway, up } = await startMocks(
      ['a', 'b'],
      reliabilityYaml({ chat: ['balance: least-in-flight', targetsYaml('a', 'b')] }),
    );
    for (const mock of Object.values(up)) {
      mock.validate((request) =>
        request.body?.stream
          ? {
              kind: 'sse',
              events: [sse(chunk({ content: 'Hel' })), sse(chunk({}, 'stop'), 1500), done],
            }
          : ok(),
      );
    }
    const long = await ask(gateway, 'chat', {}, { stream: true });
    expect(long.status).toBe(200);
    const busy = long.headers.get('x-switchyard-provider');
    const reading = long.text();
    const served: string[] = [];
    for (let index = 0; index < 12; index++) {
      const response = await ask(gateway, 'chat');
      await response.arrayBuffer();
      served.push(response.headers.get('x-switchyard-provider') ?? '');
    }
    await reading;
    // Every short request went to the deployment that had nothing open.
    expect(served.filter((provider) => provider === busy)).toEqual([]);
  }, 15_000);
});

describe('quota verdicts', () => {
  // configuration.md, Quota-aware routing: "A deployment ... that answered 429, is **short** until
  // its quota refills ... A short deployment goes to the end of every request's order".
  it('moves a deployment that answered 429 insufficient_quota to the end of later requests', async () => {
    const { gateway, up } = await startMocks(['a', 'b'], reliabilityYaml({ chat: [targetsYaml('a', 'b')] }));
    up.a!.always(insufficientQuota());
    up.b!.always(ok('m-b'));
    for (let index = 0; index < 4; index++) {
      const response = await ask(gateway, 'chat');
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    expect(up.a!.requests.length).toBe(1);
  });
});
