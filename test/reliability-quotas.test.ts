// Quota-aware routing (issue 5): a deployment whose rate-limit headers say it is nearly out, or
// that answered 429, goes to the end of the order until its quota refills, so traffic leaves it
// before it starts refusing.

import { describe, expect, it } from 'vitest';
import type { FaultPlan } from '../src/upstream/testing/fault-plan.js';
import {
  askChat,
  startChatPrimaryThenBackup,
  startPrimaryAndBackup,
  streamChat,
  type PrimaryAndBackup,
} from './support/fault-gateway.js';

const start = (primaryPlan: FaultPlan): Promise<PrimaryAndBackup> => startChatPrimaryThenBackup(primaryPlan);

async function servedBy(setup: PrimaryAndBackup): Promise<string> {
  const response = await askChat(setup.gateway, 'chat');
  expect(response.status).toBe(200);
  await response.arrayBuffer();
  return response.headers.get('x-switchyard-provider') ?? '';
}

describe('quota-aware routing', () => {
  it('moves traffic off a deployment whose headers say it is nearly out, until the reset', async () => {
    const setup = await start({
      headers: {
        'x-ratelimit-limit-requests': '100',
        'x-ratelimit-remaining-requests': '2',
        'x-ratelimit-reset-requests': '600ms',
      },
    });
    expect(await servedBy(setup)).toBe('primary'); // answers, and says it is nearly out
    expect(await servedBy(setup)).toBe('backup');
    expect(await servedBy(setup)).toBe('backup');
    expect(setup.primary.requests).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 650));
    setup.primary.setPlan({
      headers: { 'x-ratelimit-limit-requests': '100', 'x-ratelimit-remaining-requests': '99' },
    });
    expect(await servedBy(setup)).toBe('primary');
  });

  it('skips a deployment that answered 429 for its Retry-After, without asking it again', async () => {
    const setup = await start({
      faults: [{ fault: { kind: 'status', status: 429, retryAfterMs: 500 }, rate: 1 }],
    });
    expect(await servedBy(setup)).toBe('backup'); // the 429 was retried on the backup
    expect(setup.primary.requests).toBe(1);
    for (let index = 0; index < 3; index++) expect(await servedBy(setup)).toBe('backup');
    expect(setup.primary.requests).toBe(1);
  });

  it('reads the headers of streamed answers too', async () => {
    const setup = await start({ headers: { 'anthropic-ratelimit-tokens-remaining': '0' } });
    const { headers } = await streamChat(setup.gateway, 'chat');
    expect(headers.get('x-switchyard-provider')).toBe('primary');
    expect(await servedBy(setup)).toBe('backup');
  });
});

describe('declared quotas', () => {
  async function declared(limits: string): Promise<PrimaryAndBackup> {
    return startPrimaryAndBackup(
      {},
      `models:
  chat:
    targets:
      - { provider: primary, model: m-primary, limits: ${limits} }
      - { provider: backup, model: m-backup }
`,
    );
  }

  it('sends nothing more to a deployment once its declared requests per minute are nearly spent', async () => {
    const setup = await declared('{ requestsPerMinute: 3 }');
    for (let index = 0; index < 3; index++) expect(await servedBy(setup)).toBe('primary');
    expect(await servedBy(setup)).toBe('backup');
    expect(setup.primary.requests).toBe(3);
  });

  it('counts the tokens of finished requests against a declared tokens-per-minute quota', async () => {
    // Each answer of the fault upstream uses 16 tokens (10 in, 6 out).
    const setup = await declared('{ tokensPerMinute: 30 }');
    expect(await servedBy(setup)).toBe('primary');
    expect(await servedBy(setup)).toBe('primary');
    // The second record reaches the quota a moment after its answer: off the response path.
    await expect.poll(() => servedBy(setup), { interval: 20, timeout: 2000 }).toBe('backup');
  });
});
