import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors.js';
import { clientDeadline, deadlinePassed } from './request-deadline.js';

const now = 1_750_000_000_000;

function rejection(headers: Record<string, string | string[]>): GatewayError {
  try {
    clientDeadline(headers, now);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error('expected the headers to be rejected');
}

describe('clientDeadline', () => {
  it('is undefined without either header', () => {
    expect(clientDeadline({}, now)).toBeUndefined();
  });

  it('reads a remaining budget in milliseconds', () => {
    expect(clientDeadline({ 'x-switchyard-budget-ms': '2500' }, now)).toBe(now + 2500);
    expect(clientDeadline({ 'x-switchyard-budget-ms': ' 0 ' }, now)).toBe(now);
  });

  it('reads an absolute deadline as epoch milliseconds or an ISO 8601 date-time', () => {
    expect(clientDeadline({ 'x-switchyard-deadline': String(now + 900) }, now)).toBe(now + 900);
    const iso = new Date(now + 1500).toISOString();
    expect(clientDeadline({ 'x-switchyard-deadline': iso }, now)).toBe(now + 1500);
    // A deadline already past is returned as it is: the caller answers 504 without an attempt.
    expect(clientDeadline({ 'x-switchyard-deadline': String(now - 10) }, now)).toBe(now - 10);
  });

  it('rejects malformed, repeated, conflicting and absurd values with a 400 naming the header', () => {
    expect(rejection({ 'x-switchyard-budget-ms': '-5' })).toMatchObject({
      status: 400,
      param: 'x-switchyard-budget-ms',
    });
    expect(rejection({ 'x-switchyard-budget-ms': '1.5' }).message).toMatch(/whole milliseconds/);
    expect(rejection({ 'x-switchyard-budget-ms': '86400001' }).message).toMatch(/at most 86400000/);
    expect(rejection({ 'x-switchyard-deadline': 'tomorrow' })).toMatchObject({
      param: 'x-switchyard-deadline',
    });
    expect(rejection({ 'x-switchyard-deadline': 'Tue, 25 Nov 2025 10:00:00 GMT' }).message).toMatch(
      /ISO 8601/,
    );
    expect(rejection({ 'x-switchyard-deadline': String(now + 2 * 86_400_000) }).message).toMatch(
      /more than a day/,
    );
    expect(rejection({ 'x-switchyard-budget-ms': ['10', '20'] }).message).toMatch(/once/);
    expect(
      rejection({ 'x-switchyard-budget-ms': '10', 'x-switchyard-deadline': String(now) }).message,
    ).toMatch(/not both/);
  });
});

describe('deadlinePassed', () => {
  it('is a 504 the client should not retry', () => {
    expect(deadlinePassed()).toMatchObject({ status: 504, code: 'upstream_timeout', retryable: false });
  });
});
