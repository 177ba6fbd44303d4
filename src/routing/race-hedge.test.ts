import { describe, expect, it } from 'vitest';
import { raceHedge, type Launched } from './race-hedge.js';

/** An attempt that answers (or fails) after `ms`, and records whether it was called off. */
function attempt(index: number, ms: number, fails = false) {
  const state = { cancelled: false };
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<string>((resolve, reject) => {
    timer = setTimeout(() => (fails ? reject(new Error(`t${index} failed`)) : resolve(`t${index}`)), ms);
  });
  const launched: Launched<string> = {
    index,
    number: index,
    promise,
    cancel: () => {
      state.cancelled = true;
      clearTimeout(timer);
    },
  };
  return { launched, state };
}

describe('raceHedge', () => {
  it('sends no hedge when the first answers in time', async () => {
    const first = attempt(0, 5);
    let hedges = 0;
    const outcome = await raceHedge(first.launched, 50, () => {
      hedges++;
      return attempt(1, 1).launched;
    });
    expect(outcome).toMatchObject({ kind: 'answered', result: 't0', launched: 1 });
    expect(hedges).toBe(0);
  });

  it('hedges a slow first attempt: the faster answer wins and the other is called off', async () => {
    const first = attempt(0, 200);
    const hedge = attempt(1, 10);
    const started = Date.now();
    const outcome = await raceHedge(first.launched, 20, () => hedge.launched);
    expect(outcome).toMatchObject({ kind: 'answered', result: 't1', launched: 2 });
    expect(Date.now() - started).toBeLessThan(150);
    expect(first.state.cancelled).toBe(true);
    expect(hedge.state.cancelled).toBe(false);
  });

  it('lets the first win when it answers before the hedge', async () => {
    const first = attempt(0, 40);
    const hedge = attempt(1, 200);
    const outcome = await raceHedge(first.launched, 20, () => hedge.launched);
    expect(outcome).toMatchObject({ kind: 'answered', result: 't0', launched: 2 });
    expect(hedge.state.cancelled).toBe(true);
  });

  it('waits for the hedge when the first fails after the hedge was sent', async () => {
    const first = attempt(0, 40, true);
    const hedge = attempt(1, 60);
    const outcome = await raceHedge(first.launched, 20, () => hedge.launched);
    expect(outcome).toMatchObject({ kind: 'answered', result: 't1' });
  });

  it('reports both failures, in the order they came, when both fail', async () => {
    const first = attempt(0, 40, true);
    // Launched at 20 ms, it fails at 50 ms: after the first.
    const outcome = await raceHedge(first.launched, 20, () => attempt(1, 30, true).launched);
    expect(outcome.kind).toBe('failed');
    if (outcome.kind !== 'failed') return;
    expect(outcome.failures.map(({ launched }) => launched.index)).toEqual([0, 1]);
  });

  it('reports a fast failure of the first without hedging', async () => {
    const first = attempt(0, 5, true);
    let hedges = 0;
    const outcome = await raceHedge(first.launched, 50, () => {
      hedges++;
      return undefined;
    });
    expect(outcome.kind).toBe('failed');
    expect(hedges).toBe(0);
  });

  it('waits on the first alone when no target is left to hedge to', async () => {
    const first = attempt(0, 40);
    const outcome = await raceHedge(first.launched, 10, () => undefined);
    expect(outcome).toMatchObject({ kind: 'answered', result: 't0', launched: 1 });
  });
});
