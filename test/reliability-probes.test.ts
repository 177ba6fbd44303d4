// Reliability end to end beyond the reliability-*.test.ts files: Retry-After dates, attempt counts,
// budgets across fallback models and streams, cross-dialect streaming fallbacks, per-deployment
// breakers, breakers and 429 marks shared across replicas on Postgres.

import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import * as anthropicWire from './fixtures/anthropic-wire.js';
import { chunk, done, sse } from './fixtures/openai-wire.js';
import { ask, askTimed, ok, startMocks, status } from './support/reliability-mocks.js';
import { reliabilityYaml, targetsYaml } from './support/reliability-yaml.js';
import { describeWithPostgres, describeWithRedis } from '../src/storage/testing/services.js';
import { askChat } from './support/fault-gateway.js';
import { startPostgresReplicas, startRedisReplicas } from './support/replicas.js';
import type { TestGateway } from './support/test-gateway.js';

/** `chat` on mock a alone, quick retries. */
const chatOnA = reliabilityYaml({ chat: [targetsYaml('a')] });
/** `chat` on mocks a and b, quick retries. */
const chatOnAB = reliabilityYaml({ chat: [targetsYaml('a', 'b')] });

describe('retries (held up)', () => {
  it('honours a Retry-After given as an HTTP date before asking the same target again', async () => {
    const { gateway, up } = await startMocks(['a'], chatOnA);
    const at = new Date(Date.now() + 2600).toUTCString();
    up.a!.reply(status(503, undefined, { 'retry-after': at }));
    up.a!.always(ok('m-a'));
    const response = await ask(gateway, 'chat');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
    expect(up.a!.times[1]! - up.a!.times[0]!).toBeGreaterThanOrEqual(1500);
  }, 10_000);

  it('makes exactly 1 + attempts upstream calls across targets, and gives the last error with its Retry-After', async () => {
    const { gateway, up } = await startMocks(['a', 'b'], chatOnAB);
    up.a!.reply(
      status(503),
      status(429, { error: { message: 'slow', type: 'rate_limit_error' } }, { 'retry-after': '1' }),
    );
    up.b!.reply(status(500));
    const response = await fetch(`${gateway.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': gateway.key,
        'anthropic-version': '2023-06-01',
      },
      body: JSON.stringify({ model: 'chat', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(up.a!.requests.length + up.b!.requests.length).toBe(3); // a, b, a
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.headers.get('x-should-retry')).toBe('false');
    const body = (await response.json()) as { type: string; error: { type: string } };
    expect(body).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
  });

  it('does not wait out a Retry-After longer than the deadline: answers at once', async () => {
    const { gateway, up } = await startMocks(
      ['a'],
      reliabilityYaml({ chat: ['timeouts: { totalMs: 3000 }', targetsYaml('a')] }),
    );
    up.a!.always(status(503, undefined, { 'retry-after': '30' }));
    const { response, elapsed } = await askTimed(gateway, 'chat');
    expect(elapsed).toBeLessThan(1000);
    expect(response.status).toBe(503);
    expect(up.a!.requests.length).toBe(1);
  });

  it("obeys an upstream's x-should-retry: false on a 503", async () => {
    const { gateway, up } = await startMocks(['a', 'b'], chatOnAB);
    up.a!.always(status(503, undefined, { 'x-should-retry': 'false' }));
    up.b!.always(ok('m-b'));
    const response = await ask(gateway, 'chat');
    await response.arrayBuffer();
    expect(response.status).toBe(503);
    expect(up.b!.requests.length).toBe(0);
  });
});

describe('deadlines (held up)', () => {
  it('still ends at the client budget when a fallback model with a long totalMs takes over', async () => {
    const { gateway, up } = await startMocks(
      ['a', 'b'],
      reliabilityYaml(
        {
          chat: [
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
    const { response, elapsed } = await askTimed(gateway, 'chat', { 'x-switchyard-budget-ms': '800' });
    expect(up.b!.requests.length).toBe(1);
    expect(response.status).toBe(504);
    expect(elapsed).toBeLessThan(800 + 700);
  }, 15_000);

  it('cuts a committed stream at the client budget with an error event, not a clean end', async () => {
    const { gateway, up } = await startMocks(['a'], chatOnA);
    up.a!.always({
      kind: 'sse',
      events: [
        sse(chunk({ content: 'a' })),
        ...Array.from({ length: 20 }, () => sse(chunk({ content: 'b' }), 100)),
        done,
      ],
    });
    const started = performance.now();
    const response = await ask(gateway, 'chat', { 'x-switchyard-budget-ms': '500' }, { stream: true });
    const text = await response.text();
    expect(performance.now() - started).toBeLessThan(1200);
    expect(text.trim().split('\n\n').at(-1)).toMatch(/^data: \{"error"/);
    expect(text).not.toContain('[DONE]');
  }, 10_000);

  it('refuses an x-switchyard-deadline that is not ISO 8601 or epoch ms, and both headers at once', async () => {
    const { gateway, up } = await startMocks(['a'], chatOnA);
    up.a!.always(ok());
    for (const headers of <Array<Record<string, string>>>[
      { 'x-switchyard-deadline': 'Fri, 27 Nov 2099 10:00:00 GMT' },
      { 'x-switchyard-deadline': '-5' },
      { 'x-switchyard-budget-ms': '1.5' },
      { 'x-switchyard-budget-ms': '86400001' },
      { 'x-switchyard-budget-ms': '100', 'x-switchyard-deadline': String(Date.now() + 1000) },
    ]) {
      const response = await ask(gateway, 'chat', headers);
      expect(response.status, JSON.stringify(headers)).toBe(400);
      await response.arrayBuffer();
    }
    expect(up.a!.requests.length).toBe(0);
  });
});

describe('cross-dialect fallback (held up)', () => {
  it('falls back from an OpenAI target to an Anthropic one for a streamed tool call', async () => {
    const { gateway, up } = await startMocks(
      ['a', 'anthropic:c'],
      reliabilityYaml({
        chat: ['targets: [{ provider: a, model: m-a }, { provider: c, model: claude-3-5-haiku-20241022 }]'],
      }),
    );
    up.a!.always(status(503));
    up.c!.always({
      kind: 'sse',
      events: [
        anthropicWire.messageStart(),
        ...anthropicWire.toolBlock(0, 'toolu_1', 'weather', ['{"city":', '"Oslo"}']),
        ...anthropicWire.messageEnd('tool_use'),
      ],
    });
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: gateway.key, maxRetries: 0 });
    const { data: stream, response } = await client.chat.completions
      .create({
        model: 'chat',
        stream: true,
        messages: [{ role: 'user', content: 'weather in Oslo?' }],
        tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object' } } }],
      })
      .withResponse();
    let args = '';
    let name = '';
    let finish = '';
    for await (const chunk of stream) {
      const call = chunk.choices[0]?.delta.tool_calls?.[0];
      if (call?.function?.name) name += call.function.name;
      args += call?.function?.arguments ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(response.headers.get('x-switchyard-provider')).toBe('c');
    expect(response.headers.get('x-switchyard-fallback')).toBe('true');
    expect(name).toBe('weather');
    expect(JSON.parse(args)).toEqual({ city: 'Oslo' });
    expect(finish).toBe('tool_calls');
    expect(up.a!.requests.length).toBe(1);
    // The Anthropic target got the tool in its own dialect.
    expect(up.c!.last.body.tools[0].name).toBe('weather');
  });
});

describe('breakers (held up)', () => {
  it('keeps one breaker per deployment: one failing upstream model does not skip another on the same provider', async () => {
    const { gateway, up } = await startMocks(
      ['a'],
      reliabilityYaml(
        {
          bad: ['targets: [{ provider: a, model: m-bad }]'],
          good: ['targets: [{ provider: a, model: m-good }]'],
        },
        { attempts: 0, breaker: { consecutiveFailures: 2, openMs: 60000 } },
      ),
    );
    up.a!.validate((request) => (request.body.model === 'm-bad' ? status(503) : ok('m-good')));
    for (let index = 0; index < 2; index++) await (await ask(gateway, 'bad')).arrayBuffer();
    const skipped = await ask(gateway, 'bad');
    expect(skipped.status).toBe(503);
    expect(((await skipped.json()) as { error: { message: string } }).error.message).toMatch(
      /circuit breaker/,
    );
    const good = await ask(gateway, 'good');
    expect(good.status).toBe(200);
  });

  it('takes a fallback model at once when every target of the model is open (server_error)', async () => {
    const { gateway, up } = await startMocks(
      ['a', 'b'],
      reliabilityYaml(
        {
          chat: [targetsYaml('a'), 'fallbacks: [{ model: spare, on: [server_error] }]'],
          spare: [targetsYaml('b')],
        },
        { attempts: 0, breaker: { consecutiveFailures: 1, openMs: 60000 } },
      ),
    );
    up.a!.reply(status(500));
    up.a!.always(ok('m-a'));
    up.b!.always(ok('m-b'));
    const failing = await ask(gateway, 'chat'); // a fails once: its breaker opens; spare answers
    expect(failing.headers.get('x-switchyard-fallback-model')).toBe('spare');
    await failing.arrayBuffer();
    const { response, elapsed } = await askTimed(gateway, 'chat');
    expect(elapsed).toBeLessThan(300);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-fallback-model')).toBe('spare');
    expect(up.a!.requests.length).toBe(1);
  });
});

describe('balancing (held up)', () => {
  it('sends nothing to a weight-0 target while the others answer, and uses it when they fail', async () => {
    const { gateway, up } = await startMocks(
      ['a', 'b', 'c'],
      reliabilityYaml({
        chat: [
          'balance: weighted',
          'targets: [{ provider: a, model: m-a, weight: 1 }, { provider: b, model: m-b, weight: 1 }, { provider: c, model: m-c, weight: 0 }]',
        ],
      }),
    );
    up.a!.always(ok('m-a'));
    up.b!.always(ok('m-b'));
    up.c!.always(ok('m-c'));
    for (let index = 0; index < 40; index++) await (await ask(gateway, 'chat')).arrayBuffer();
    expect(up.c!.requests.length).toBe(0);
    expect(up.a!.requests.length).toBeGreaterThan(8);
    expect(up.b!.requests.length).toBeGreaterThan(8);
    up.a!.always(status(503));
    up.b!.always(status(503));
    const response = await ask(gateway, 'chat');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-provider')).toBe('c');
  });
});

// On a cluster: breakers and quota marks shared by replicas on Postgres alone (no Redis), which
// reliability-shared-*.test.ts do not cover, and a 429's short mark shared through Redis.

async function metric(gateway: TestGateway, line: RegExp): Promise<number | undefined> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  const found = text.split('\n').find((candidate) => line.test(candidate));
  return found === undefined ? undefined : Number(found.split(' ').at(-1));
}

const primaryState = /^switchyard_circuit_breaker_state\{provider="primary",model="m-primary"\}/;

const chatOnPrimaryAndBackup = { chat: [targetsYaml('primary', 'backup')] };
const breakerYaml = reliabilityYaml(chatOnPrimaryAndBackup, {
  attempts: 1,
  breaker: { consecutiveFailures: 3, openMs: 800 },
});
const quotaYaml = reliabilityYaml(chatOnPrimaryAndBackup, { attempts: 1 });
/** The primary answers every request 429, retry after 20 s. */
const rateLimitedPlan = {
  faults: [{ fault: { kind: 'status' as const, status: 429, retryAfterSeconds: 20 }, rate: 1 }],
};

describeWithPostgres('breakers and quotas shared on Postgres alone', (postgres) => {
  it("skips a deployment on every replica once one replica's breaker opened, then closes it everywhere", async () => {
    const { first, second, primary } = await startPostgresReplicas(
      postgres,
      { faults: [{ fault: { kind: 'status', status: 503 }, rate: 1 }] },
      breakerYaml,
    );
    for (let index = 0; index < 3; index++) await (await askChat(first, 'chat')).arrayBuffer();
    expect(primary.requests).toBe(3);
    await expect.poll(() => metric(second, primaryState), { timeout: 2000 }).toBe(2);
    const response = await askChat(second, 'chat');
    expect(response.headers.get('x-switchyard-provider')).toBe('backup');
    expect(primary.requests).toBe(3);
    primary.setPlan({});
    await new Promise((resolve) => setTimeout(resolve, 850));
    const probe = await askChat(first, 'chat');
    expect(probe.headers.get('x-switchyard-provider')).toBe('primary');
    await expect.poll(() => metric(second, primaryState), { timeout: 2000 }).toBe(0);
  });
});

describeWithPostgres('quota marks shared on Postgres alone', (postgres) => {
  it('moves a deployment that answered 429 to the end on the other replica too', async () => {
    const { first, second, primary } = await startPostgresReplicas(postgres, rateLimitedPlan, quotaYaml);
    const first429 = await askChat(first, 'chat');
    expect(first429.headers.get('x-switchyard-provider')).toBe('backup');
    await first429.arrayBuffer();
    expect(primary.requests).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const response = await askChat(second, 'chat');
    expect(response.headers.get('x-switchyard-provider')).toBe('backup');
    expect(response.headers.get('x-switchyard-attempts')).toBe('1');
    expect(primary.requests).toBe(1);
  });
});

describeWithRedis('a 429 shared through Redis', (redis) => {
  it('keeps the other replica off a deployment that answered 429, about a second later', async () => {
    const { first, second, primary } = await startRedisReplicas(redis, rateLimitedPlan, quotaYaml);
    await (await askChat(first, 'chat')).arrayBuffer();
    expect(primary.requests).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const response = await askChat(second, 'chat');
    expect(response.headers.get('x-switchyard-provider')).toBe('backup');
    expect(primary.requests).toBe(1);
  });
});
