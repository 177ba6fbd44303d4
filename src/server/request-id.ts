// Request ids: unique, cheap, and recognisable in logs (`req_` + 32 hex characters).

import { randomUUID } from 'node:crypto';

export function newRequestId(): string {
  return `req_${randomUUID().replaceAll('-', '')}`;
}
