// Sends an external guardrail check (guard/external-checks.ts) through the gateway's outbound
// pools (its proxy and CA settings apply), bounded by the check's timeout.

import { request } from 'undici';
import type { ExternalRequest } from '../guard/external-checks.js';
import type { Gateway } from './gateway.js';

/** Largest answer read from a guardrail service. */
const maxAnswerBytes = 256 * 1024;

export type SendCheck = (
  outgoing: ExternalRequest,
  timeoutMs: number,
) => Promise<{ status: number; answer: unknown }>;

export function checkSender(gateway: Pick<Gateway, 'dispatchers'>): SendCheck {
  return async (outgoing, timeoutMs) => {
    const response = await request(outgoing.url, {
      method: 'POST',
      headers: outgoing.headers,
      body: outgoing.body,
      signal: AbortSignal.timeout(timeoutMs),
      dispatcher: gateway.dispatchers.for('guardrail checks', outgoing.url),
    });
    const text = await response.body.text();
    if (text.length > maxAnswerBytes) throw new Error('the answer is too large');
    let answer: unknown;
    try {
      answer = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new Error('the answer is not JSON');
    }
    return { status: response.statusCode, answer };
  };
}
