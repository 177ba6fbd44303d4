import { describe, expect, it } from 'vitest';
import { StreamHold } from './stream-hold.js';

const never = new Promise<void>(() => undefined);

describe('StreamHold', () => {
  it('lets streams through while not engaged', async () => {
    const hold = new StreamHold();
    await hold.wait(never);
    expect(hold.held).toBe(0);
  });

  it('keeps streams waiting until release, counting them', async () => {
    const hold = new StreamHold();
    hold.engage();
    let passed = 0;
    const waits = [hold.wait(never), hold.wait(never)].map((wait) => wait.then(() => (passed += 1)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(hold.held).toBe(2);
    expect(passed).toBe(0);
    hold.release();
    await Promise.all(waits);
    expect(passed).toBe(2);
    expect(hold.held).toBe(0);
    expect(hold.engaged).toBe(false);
  });

  it('stops counting a stream whose client went away', async () => {
    const hold = new StreamHold();
    hold.engage();
    let leave: () => void = () => undefined;
    const gone = new Promise<void>((resolve) => (leave = resolve));
    const waiting = hold.wait(gone);
    expect(hold.held).toBe(1);
    leave();
    await waiting;
    expect(hold.held).toBe(0);
    expect(hold.engaged).toBe(true);
  });

  it('engages afresh after a release', async () => {
    const hold = new StreamHold();
    hold.engage();
    hold.release();
    hold.engage();
    let passed = false;
    const waiting = hold.wait(never).then(() => (passed = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(passed).toBe(false);
    hold.release();
    await waiting;
    expect(passed).toBe(true);
  });
});
