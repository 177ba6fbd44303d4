// The signature on a decision delivered to a hold route's callback (docs/guardrails.md#verifying-a-delivery),
// on the scheme Stripe uses for its webhooks: `x-switchyard-signature: t=<unix seconds>,v1=<hex>`,
// v1 being HMAC-SHA-256 with the route's secret over `<t>.<raw body>`. The timestamp lets a
// receiver refuse replays. Pure: no I/O.

import { createHmac, timingSafeEqual } from 'node:crypto';

export const signatureHeader = 'x-switchyard-signature';

/** Five minutes, as Stripe's libraries default to. */
export const defaultToleranceSeconds = 300;

function digest(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The header's value for a body sent at `timestamp` (unix seconds). */
export function signDelivery(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${digest(secret, timestamp, body)}`;
}

/**
 * What a receiver does: true when one of the header's v1 signatures matches the raw body and its
 * timestamp is within `toleranceSeconds` of `now` (unix seconds). Compares in constant time.
 */
export function verifyDelivery(
  header: string | undefined,
  body: string,
  secret: string,
  now: number = Math.floor(Date.now() / 1000),
  toleranceSeconds: number = defaultToleranceSeconds,
): boolean {
  if (header === undefined) return false;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value !== undefined && /^\d+$/.test(value)) timestamp = Number(value);
    if (key === 'v1' && value !== undefined) signatures.push(value);
  }
  if (timestamp === undefined || Math.abs(now - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(digest(secret, timestamp, body), 'utf8');
  return signatures.some((signature) => {
    const given = Buffer.from(signature, 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
