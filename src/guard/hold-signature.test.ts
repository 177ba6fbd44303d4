import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signDelivery, verifyDelivery } from './hold-signature.js';

const body = '{"id":"req_1","decision":"approved"}';

describe('delivery signatures', () => {
  it('signs `<t>.<body>` with HMAC-SHA-256, as a receiver recomputes it by hand', () => {
    const header = signDelivery('whsec-1', body, 1_750_000_000);
    const hex = createHmac('sha256', 'whsec-1').update(`1750000000.${body}`).digest('hex');
    expect(header).toBe(`t=1750000000,v1=${hex}`);
    expect(verifyDelivery(header, body, 'whsec-1', 1_750_000_100)).toBe(true);
  });

  it('refuses another secret, a changed body, a stale or future timestamp, and malformed headers', () => {
    const header = signDelivery('whsec-1', body, 1_750_000_000);
    expect(verifyDelivery(header, body, 'whsec-2', 1_750_000_000)).toBe(false);
    expect(verifyDelivery(header, body.replace('approved', 'rejected'), 'whsec-1', 1_750_000_000)).toBe(
      false,
    );
    expect(verifyDelivery(header, body, 'whsec-1', 1_750_000_301)).toBe(false);
    expect(verifyDelivery(header, body, 'whsec-1', 1_749_999_699)).toBe(false);
    for (const bad of [undefined, '', 'v1=abc', 't=x,v1=abc', 't=1750000000', 't=1750000000,v1=zz']) {
      expect(verifyDelivery(bad, body, 'whsec-1', 1_750_000_000)).toBe(false);
    }
  });

  it('accepts any of several v1 signatures (a secret being rotated)', () => {
    const header = signDelivery('whsec-new', body, 1_750_000_000);
    const old = signDelivery('whsec-old', body, 1_750_000_000).split(',')[1];
    expect(verifyDelivery(`${header},${old}`, body, 'whsec-old', 1_750_000_000)).toBe(true);
  });
});
