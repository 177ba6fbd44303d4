import { setImmediate as tick, setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../errors.js';
import { Admission, type AdmissionOptions } from './admission.js';

const opened: Admission[] = [];
function admission(options: Partial<AdmissionOptions> = {}): Admission {
  const created = new Admission({
    maxInFlight: 2,
    queueTimeoutMs: 5_000,
    maxEventLoopLagMs: 10_000,
    ...options,
  });
  opened.push(created);
  return created;
}
afterEach(() => {
  for (const created of opened.splice(0)) created.close();
});

/** Start enter() and record when it settles, without awaiting it. */
function track(gate: Admission, log: string[], name: string): Promise<void> {
  return gate.enter().then(
    () => void log.push(`${name} in`),
    (error: unknown) => void log.push(`${name} ${error instanceof GatewayError ? error.code : 'failed'}`),
  );
}

describe('Admission cap and queue', () => {
  it('admits up to maxInFlight at once and queues the rest', async () => {
    const gate = admission();
    const log: string[] = [];
    const settled = [track(gate, log, 'a'), track(gate, log, 'b'), track(gate, log, 'c')];
    await tick();
    expect(log).toEqual(['a in', 'b in']);
    expect(gate.active).toBe(2);
    gate.leave();
    await Promise.all(settled);
    expect(log).toEqual(['a in', 'b in', 'c in']);
    expect(gate.active).toBe(2);
  });

  it('hands each freed slot to the longest waiter', async () => {
    const gate = admission({ maxInFlight: 1 });
    const log: string[] = [];
    await gate.enter();
    const waiting = ['w1', 'w2', 'w3'].map((name) => track(gate, log, name));
    for (let freed = 1; freed <= 3; freed++) {
      gate.leave();
      await tick();
      expect(log).toEqual(['w1 in', 'w2 in', 'w3 in'].slice(0, freed));
      expect(gate.active).toBe(1);
    }
    await Promise.all(waiting);
    gate.leave();
    expect(gate.active).toBe(0);
  });

  it('gives up after queueTimeoutMs with a retryable 503 and Retry-After', async () => {
    const gate = admission({ maxInFlight: 1, queueTimeoutMs: 40 });
    await gate.enter();
    const started = Date.now();
    const error = await gate.enter().catch((thrown: unknown) => thrown);
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'unavailable', status: 503, retryable: true, retryAfterSeconds: 1 });
    expect(gate.active).toBe(1);
  });

  it('forgets a timed-out waiter: the next leave frees the slot instead of handing it over', async () => {
    const gate = admission({ maxInFlight: 1, queueTimeoutMs: 40 });
    const log: string[] = [];
    await gate.enter();
    await track(gate, log, 'early');
    expect(log).toEqual(['early unavailable']);
    gate.leave();
    expect(gate.active).toBe(0);
    await gate.enter();
    expect(gate.active).toBe(1);
  });

  it('removes only the timed-out waiter and keeps the later ones queued', async () => {
    const gate = admission({ maxInFlight: 1, queueTimeoutMs: 60 });
    const log: string[] = [];
    await gate.enter();
    const first = track(gate, log, 'first');
    await sleep(30);
    const second = track(gate, log, 'second');
    await first; // times out while `second` still waits
    expect(log).toEqual(['first unavailable']);
    gate.leave();
    await second;
    expect(log).toEqual(['first unavailable', 'second in']);
    expect(gate.active).toBe(1);
  });

  it('never counts below zero, even when leave() is called too often', async () => {
    const gate = admission();
    await gate.enter();
    gate.leave();
    gate.leave();
    gate.leave();
    expect(gate.active).toBe(0);
    const log: string[] = [];
    await Promise.all([track(gate, log, 'a'), track(gate, log, 'b')]);
    const third = track(gate, log, 'c');
    await tick();
    // The cap still holds: extra leaves did not buy extra slots.
    expect(log).toEqual(['a in', 'b in']);
    gate.leave();
    await third;
    expect(gate.active).toBe(2);
  });
});

describe('Admission lag shedding', () => {
  const until = async (predicate: () => boolean, limitMs: number): Promise<boolean> => {
    const stop = Date.now() + limitMs;
    while (!predicate() && Date.now() < stop) await sleep(5);
    return predicate();
  };

  it('sheds after a stall, even one starting right after a sample, then admits again', async () => {
    const gate = admission({ maxEventLoopLagMs: 200 });
    // The first sample of a calm loop; the stall below starts within a few ms of it, the moment
    // a measurement that forgets its last tick on reset would miss.
    expect(await until(() => gate.lag > 0, 2_000)).toBe(true);
    expect(gate.lag).toBeLessThan(200);
    await gate.enter();
    gate.leave();

    const blockedUntil = Date.now() + 600;
    while (Date.now() < blockedUntil) {
      // Busy loop: block the event loop on purpose.
    }
    expect(await until(() => gate.lag > 200, 2_000)).toBe(true);
    const error = await gate.enter().catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'unavailable', status: 503, retryAfterSeconds: 1 });
    expect(gate.active).toBe(0);

    expect(await until(() => gate.lag <= 200, 3_000)).toBe(true);
    await gate.enter();
    expect(gate.active).toBe(1);
  });
});
