// What a request asks of the cache, from its headers: `Cache-Control: no-cache` (do not answer
// from the cache), `no-store` (do not keep this answer), `max-age=N` (only an answer at most N
// seconds old), and `x-switchyard-cache-namespace` (a partition of the caller's own entries).
// A malformed namespace is the client's error; unknown Cache-Control directives are ignored, as
// HTTP caches do.

import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError } from '../errors.js';

export const namespaceHeader = 'x-switchyard-cache-namespace';

export interface CacheDirectives {
  read: boolean;
  write: boolean;
  /** Oldest answer accepted, in seconds; undefined: any within its TTL. */
  maxAgeSeconds: number | undefined;
  /** '' when the caller sent none. */
  namespace: string;
}

const namespacePattern = /^[\x21-\x7e]{1,128}$/;

export function cacheDirectives(headers: IncomingHttpHeaders): CacheDirectives {
  const directives: CacheDirectives = { read: true, write: true, maxAgeSeconds: undefined, namespace: '' };
  const control = headers['cache-control'];
  if (typeof control === 'string') {
    for (const part of control.split(',')) {
      const [name = '', value] = part.trim().toLowerCase().split('=', 2);
      if (name === 'no-cache') directives.read = false;
      else if (name === 'no-store') directives.write = false;
      else if (name === 'max-age' && value !== undefined && /^\d{1,10}$/.test(value)) {
        directives.maxAgeSeconds = Number(value);
      }
    }
  }
  const namespace = headers[namespaceHeader];
  if (namespace !== undefined) {
    const text = Array.isArray(namespace) ? '' : namespace.trim();
    if (!namespacePattern.test(text)) {
      throw new GatewayError(
        'invalid_request',
        `${namespaceHeader} must be 1 to 128 visible ASCII characters (no spaces), sent once`,
        { param: namespaceHeader },
      );
    }
    directives.namespace = text;
  }
  return directives;
}
