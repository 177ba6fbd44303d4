import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cancellation } from '../core/index.js';
import { anthropicProvider } from '../providers/anthropic/index.js';
import type { UpstreamRequest } from '../providers/provider.js';
import { Authorizers } from '../upstream/auth/authorizer.js';
import type { Dispatchers } from '../upstream/dispatchers.js';
import { KeyRings } from '../upstream/key-ring.js';
import { startLocalUpstream, type LocalUpstream } from '../upstream/testing/local-upstream.js';
import type { ChatTarget } from './chat-types.js';
import { sendWholeAttempt, type WholeAttempt } from './send-whole-attempt.js';

let upstream: LocalUpstream;
const dispatcher = new Agent();

beforeAll(async () => {
  upstream = await startLocalUpstream();
});

afterAll(async () => {
  await dispatcher.close();
  await upstream.close();
});

const target = {
  settings: { name: 'anthropic', type: 'anthropic', baseUrl: 'unused', apiKeys: ['a', 'b'], headers: {} },
  upstreamModel: 'claude',
  timeouts: { connectMs: 1000, firstTokenMs: 1000, idleMs: 1000, totalMs: 1000 },
} as unknown as ChatTarget;

/** A cancellation the test fires by hand. */
function clientCancellation(): Cancellation & { cancel(): void } {
  const listeners: Array<() => void> = [];
  const state = {
    cancelled: false,
    onCancel(listener: () => void) {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    },
    cancel() {
      state.cancelled = true;
      for (const listener of [...listeners]) listener();
    },
  };
  return state;
}

function send(path: string, overrides: Partial<WholeAttempt> = {}) {
  const keyRings = new KeyRings();
  const built: UpstreamRequest = {
    url: `${upstream.origin}${path}`,
    method: 'POST',
    headers: {},
    body: '{}',
  };
  const attempt: WholeAttempt = {
    provider: anthropicProvider,
    target,
    apiKey: 'a',
    cancellation: clientCancellation(),
    deadline: Date.now() + 2000,
    ...overrides,
  };
  const dependencies = {
    authorizers: new Authorizers(() => undefined),
    keyRings,
    dispatchers: { for: () => dispatcher } as unknown as Dispatchers,
  };
  return { keyRings, result: sendWholeAttempt(built, attempt, dependencies) };
}

describe('sendWholeAttempt', () => {
  it("answers the body's text, and tells `answered` of the status", async () => {
    upstream.routes.set('/ok', (_, response) => response.end('{"input_tokens":3}'));
    const statuses: number[] = [];
    const { result } = send('/ok', { answered: (response) => statuses.push(response.status) });
    expect(await result).toBe('{"input_tokens":3}');
    expect(statuses).toEqual([200]);
  });

  it('throws an error answer as the provider reads it, after `answered` saw it', async () => {
    upstream.routes.set('/limited', (_, response) => {
      response.writeHead(429, { 'retry-after': '7', 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }),
      );
    });
    const statuses: number[] = [];
    await expect(
      send('/limited', { answered: (response) => statuses.push(response.status) }).result,
    ).rejects.toMatchObject({ code: 'rate_limited', retryAfterSeconds: 7 });
    expect(statuses).toEqual([429]);
  });

  it('benches a key the upstream refused with 401, so the next pick is another', async () => {
    upstream.routes.set('/refused', (_, response) => {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: 'bad key' } }),
      );
    });
    const { keyRings, result } = send('/refused');
    await expect(result).rejects.toMatchObject({ retryable: true }); // another key may do
    expect(keyRings.pick('anthropic', ['a', 'b'])).toBe('b');
  });

  it('ends an upstream that outlives the deadline with upstream_timeout', async () => {
    upstream.routes.set('/hang', () => undefined);
    const started = Date.now();
    await expect(send('/hang', { deadline: Date.now() + 150 }).result).rejects.toMatchObject({
      code: 'upstream_timeout',
    });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('calls the upstream off when the client leaves', async () => {
    upstream.routes.set('/hang', () => undefined);
    const cancellation = clientCancellation();
    const { result } = send('/hang', { cancellation });
    setTimeout(() => cancellation.cancel(), 50);
    await expect(result).rejects.toMatchObject({ code: 'request_timeout' });
  });
});
