// Request ids: unique and cheap (`req_` + 32 hex characters). A random 80-bit prefix per process
// keeps replicas apart; a counter makes each id in this process distinct without asking the
// system's random source on every request.

import { randomBytes } from 'node:crypto';

const processPrefix = randomBytes(10).toString('hex');
let counter = 0;

export function newRequestId(): string {
  counter = (counter + 1) % 0x1_0000_0000_0000;
  return `req_${processPrefix}${counter.toString(16).padStart(12, '0')}`;
}
