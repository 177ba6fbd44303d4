import { cancellationFrom } from '../core/index.js';
import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GatewayError } from '../errors.js';
import { AttemptControl } from './attempt-control.js';
import type { AbortState } from '../upstream/abort-signal.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function reasonOf(signal: AbortState): GatewayError {
  expect(signal.aborted).toBe(true);
  expect(signal.reason).toBeInstanceOf(GatewayError);
  return signal.reason as GatewayError;
}

describe('AttemptControl', () => {
  it('aborts with a GatewayError when the client leaves', () => {
    const client = new AbortController();
    const control = new AttemptControl(cancellationFrom(client.signal), Date.now() + 10_000);
    expect(control.signal.aborted).toBe(false);
    client.abort();
    expect(reasonOf(control.signal).code).toBe('request_timeout');
    control.finish();
  });

  it('starts aborted when the client already left', () => {
    const client = new AbortController();
    client.abort();
    const control = new AttemptControl(cancellationFrom(client.signal), Date.now() + 10_000);
    expect(reasonOf(control.signal).code).toBe('request_timeout');
    control.finish();
  });

  it('aborts with upstream_timeout at the deadline, not a moment before', () => {
    const control = new AttemptControl(cancellationFrom(new AbortController().signal), Date.now() + 1_000);
    vi.advanceTimersByTime(999);
    expect(control.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    const reason = reasonOf(control.signal);
    expect(reason.code).toBe('upstream_timeout');
    expect(reason.message).toMatch(/total timeout/);
    control.finish();
  });

  it('aborts at once when the deadline has already passed', () => {
    const control = new AttemptControl(cancellationFrom(new AbortController().signal), Date.now() - 5_000);
    vi.advanceTimersByTime(0);
    expect(reasonOf(control.signal).code).toBe('upstream_timeout');
    control.finish();
  });

  it('aborts when the first token is late', () => {
    const control = new AttemptControl(cancellationFrom(new AbortController().signal), Date.now() + 10_000);
    control.expectFirstToken(300);
    vi.advanceTimersByTime(299);
    expect(control.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    const reason = reasonOf(control.signal);
    expect(reason.code).toBe('upstream_timeout');
    expect(reason.message).toMatch(/no content/);
    control.finish();
  });

  it('no longer watches for the first token once committed, but keeps the deadline', () => {
    const control = new AttemptControl(cancellationFrom(new AbortController().signal), Date.now() + 2_000);
    control.expectFirstToken(300);
    vi.advanceTimersByTime(100);
    control.committed();
    vi.advanceTimersByTime(1_000);
    expect(control.signal.aborted).toBe(false);
    vi.advanceTimersByTime(900);
    expect(reasonOf(control.signal).message).toMatch(/total timeout/);
    control.finish();
  });

  it('keeps the first reason when several fire', () => {
    const client = new AbortController();
    const control = new AttemptControl(cancellationFrom(client.signal), Date.now() + 100);
    control.expectFirstToken(50);
    client.abort();
    vi.advanceTimersByTime(200);
    expect(reasonOf(control.signal).code).toBe('request_timeout');
    control.finish();
  });

  it('finish() clears its timers and its client listener, and aborts the upstream', () => {
    const client = new AbortController();
    const control = new AttemptControl(cancellationFrom(client.signal), Date.now() + 1_000);
    control.expectFirstToken(100);
    expect(vi.getTimerCount()).toBe(2);
    expect(getEventListeners(client.signal, 'abort')).toHaveLength(1);
    control.finish();
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(client.signal, 'abort')).toHaveLength(0);
    expect(control.signal.aborted).toBe(true);
    expect(control.signal.reason).not.toBeInstanceOf(GatewayError);
  });

  it('finish({ abort: false }) releases without aborting, and nothing aborts it later', () => {
    const client = new AbortController();
    const control = new AttemptControl(cancellationFrom(client.signal), Date.now() + 1_000);
    control.expectFirstToken(100);
    control.finish({ abort: false });
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(5_000);
    client.abort();
    expect(control.signal.aborted).toBe(false);
  });

  it('finish() keeps the reason of an earlier abort and may be called twice', () => {
    const client = new AbortController();
    const control = new AttemptControl(cancellationFrom(client.signal), Date.now() + 1_000);
    client.abort();
    control.finish();
    control.finish();
    expect(reasonOf(control.signal).code).toBe('request_timeout');
  });
});
