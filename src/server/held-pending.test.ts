import { describe, expect, it } from 'vitest';
import { HeldPending } from './held-pending.js';

const owner = { keyId: 'key_1', organizationId: 'acme', teamId: null, projectId: 'p1' };

describe('HeldPending', () => {
  it('finds a hold in its own organisation only, for a minute', () => {
    const clock = { now: 1000 };
    const pending = new HeldPending(() => clock.now);
    pending.note('req_1', owner, 5000);
    expect(pending.find('req_1', 'acme')).toMatchObject({ owner, expiresAt: 5000 });
    expect(pending.find('req_1', 'other')).toBeUndefined();
    expect(pending.find('req_2', 'acme')).toBeUndefined();
    clock.now += 60_000;
    expect(pending.find('req_1', 'acme')).toBeUndefined();
    expect(pending.size).toBe(0);
  });

  it('drops the oldest past 10,000 and whatever is over a minute old as new holds come', () => {
    const clock = { now: 0 };
    const pending = new HeldPending(() => clock.now);
    for (let index = 0; index < 10_005; index++) pending.note(`req_${index}`, owner, 1);
    expect(pending.size).toBe(10_000);
    expect(pending.find('req_4', 'acme')).toBeUndefined();
    expect(pending.find('req_5', 'acme')).toBeDefined();
    clock.now = 61_000;
    pending.note('late', owner, 1);
    expect(pending.size).toBe(1);
  });
});
