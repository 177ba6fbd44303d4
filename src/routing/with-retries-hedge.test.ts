// withRetries with a hedge policy: a slow first attempt is hedged on the next target, the loser
// is called off through its own cancellation, and failures of both go on to the retry loop.

import { cancellationFrom } from '../core/index.js';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors.js';
import type { RetryPolicy } from './retry-policy.js';
import { withRetries, type AttemptInfo, type HedgePolicy, type TargetHealth } from './with-retries.js';

const instant: RetryPolicy = { attempts: 5, baseDelayMs: 1, maxDelayMs: 1 };
const hedgeAfter = (ms: number | undefined): HedgePolicy<string> => ({ delayMs: () => ms });

/** Each target answers after its delay (or fails); an attempt called off rejects at once. */
function upstreams(behaviour: Record<string, { ms: number; fails?: boolean }>) {
  const calledOff: string[] = [];
  const started: string[] = [];
  const attempt = ({ target, number, cancellation }: AttemptInfo<string>): Promise<string> => {
    started.push(`${number}:${target}`);
    const { ms, fails } = behaviour[target]!;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => (fails ? reject(new GatewayError('upstream_error', `${target} failed`)) : resolve(target)),
        ms,
      );
      cancellation.onCancel(() => {
        clearTimeout(timer);
        calledOff.push(target);
        reject(new GatewayError('request_timeout', 'called off'));
      });
    });
  };
  return { attempt, calledOff, started };
}

function recordingHealth() {
  const log: string[] = [];
  const health: TargetHealth<string> = {
    acquire: () => true,
    settle: (target, outcome) => void log.push(`${outcome} ${target}`),
    retryInMs: () => 0,
  };
  return { health, log };
}

const open = () => cancellationFrom(new AbortController().signal);

/** withRetries over `targets` with a far deadline, hedged after `delay` ms. */
function hedged(
  targets: string[],
  attempt: (info: AttemptInfo<string>) => Promise<string>,
  delay: number | undefined,
  options: { health?: TargetHealth<string>; cancellation?: ReturnType<typeof open> } = {},
) {
  return withRetries(
    targets,
    instant,
    Date.now() + 5000,
    options.cancellation ?? open(),
    attempt,
    options.health,
    hedgeAfter(delay),
  );
}

describe('withRetries with hedging', () => {
  it('hedges a slow first attempt on the next target; the faster wins and the slower is called off', async () => {
    const { attempt, calledOff, started } = upstreams({ t0: { ms: 300 }, t1: { ms: 10 } });
    const { health, log } = recordingHealth();
    const begun = Date.now();
    const outcome = await hedged(['t0', 't1'], attempt, 20, { health });
    expect(Date.now() - begun).toBeLessThan(200);
    expect(outcome).toEqual({ result: 't1', attempts: 2, served: 1, number: 1, hedge: 'hedge-won' });
    expect(started).toEqual(['0:t0', '1:t1']);
    expect(calledOff).toEqual(['t0']);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(log.sort()).toEqual(['lost t0', 'success t1']);
  });

  it('keeps the first when it answers before the hedge does', async () => {
    const { attempt, calledOff } = upstreams({ t0: { ms: 40 }, t1: { ms: 300 } });
    const outcome = await hedged(['t0', 't1'], attempt, 20);
    expect(outcome).toMatchObject({ result: 't0', served: 0, hedge: 'first-won' });
    expect(calledOff).toEqual(['t1']);
  });

  it('sends no hedge when the policy has no delay yet (too few samples)', async () => {
    const { attempt, started } = upstreams({ t0: { ms: 40 }, t1: { ms: 1 } });
    const outcome = await hedged(['t0', 't1'], attempt, undefined);
    expect(outcome).toEqual({ result: 't0', attempts: 1, served: 0, number: 0 });
    expect(started).toEqual(['0:t0']);
  });

  it('goes on to the next target when both the first and its hedge fail', async () => {
    const { attempt, started } = upstreams({
      t0: { ms: 40, fails: true },
      t1: { ms: 40, fails: true },
      t2: { ms: 1 },
    });
    const outcome = await hedged(['t0', 't1', 't2'], attempt, 10);
    expect(outcome).toEqual({ result: 't2', attempts: 3, served: 2, number: 2 });
    expect(started).toEqual(['0:t0', '1:t1', '2:t2']);
  });

  it('calls off both attempts when the client leaves', async () => {
    const controller = new AbortController();
    const { attempt, calledOff } = upstreams({ t0: { ms: 500 }, t1: { ms: 500 } });
    setTimeout(() => controller.abort(), 50);
    await expect(
      hedged(['t0', 't1'], attempt, 10, { cancellation: cancellationFrom(controller.signal) }),
    ).rejects.toMatchObject({ attempts: 2 });
    expect(calledOff.sort()).toEqual(['t0', 't1']);
  });
});
