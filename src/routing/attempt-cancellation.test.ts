import { describe, expect, it } from 'vitest';
import { cancellationFrom } from '../core/index.js';
import { attemptCancellation } from './attempt-cancellation.js';

describe('attemptCancellation', () => {
  it("fires when the request's cancellation does", () => {
    const controller = new AbortController();
    const own = attemptCancellation(cancellationFrom(controller.signal));
    let fired = 0;
    own.onCancel(() => fired++);
    controller.abort();
    expect(own.cancelled).toBe(true);
    expect(fired).toBe(1);
  });

  it('can be called off alone, once, without touching the request or its siblings', () => {
    const controller = new AbortController();
    const request = cancellationFrom(controller.signal);
    const loser = attemptCancellation(request);
    const winner = attemptCancellation(request);
    let fired = 0;
    loser.onCancel(() => fired++);
    loser.cancel();
    loser.cancel();
    expect([loser.cancelled, winner.cancelled, request.cancelled]).toEqual([true, false, false]);
    expect(fired).toBe(1);
    let late = 0;
    loser.onCancel(() => late++); // already cancelled: at once
    expect(late).toBe(1);
  });

  it('stops following the request once released, and unsubscribed listeners never fire', () => {
    const controller = new AbortController();
    const own = attemptCancellation(cancellationFrom(controller.signal));
    let fired = 0;
    const unsubscribe = own.onCancel(() => fired++);
    unsubscribe();
    own.release();
    controller.abort();
    expect(own.cancelled).toBe(false);
    expect(fired).toBe(0);
  });
});
