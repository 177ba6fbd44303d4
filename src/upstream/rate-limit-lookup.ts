// The rate-limit headers of an upstream answer, read cheaply: one pass over undici's raw header
// list that decodes only names that can be x-ratelimit-* or anthropic-ratelimit-*.
// Undefined when the answer carries none, so the common case costs a byte comparison per header.

import type { RawHeaders } from './send.js';

export type HeaderLookup = (name: string) => string | undefined;

const x = 0x78;
const a = 0x61;

function relevant(name: string): boolean {
  return name.startsWith('x-ratelimit-') || name.startsWith('anthropic-ratelimit-');
}

export function rawRateLimitLookup(rawHeaders: readonly Buffer[]): HeaderLookup | undefined {
  let found: Map<string, string> | undefined;
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index] as Buffer;
    const first = (name[0] ?? 0) | 0x20;
    if (first !== x && first !== a) continue;
    const text = name.toString('latin1').toLowerCase();
    if (!relevant(text)) continue;
    found ??= new Map();
    found.set(text, (rawHeaders[index + 1] as Buffer).toString('latin1'));
  }
  return found === undefined ? undefined : (header) => found.get(header);
}

/** The same over node-style headers (names already lower-case), as a stream's response has them. */
export function rateLimitLookup(headers: RawHeaders): HeaderLookup | undefined {
  let any = false;
  for (const name in headers) {
    if (relevant(name)) {
      any = true;
      break;
    }
  }
  if (!any) return undefined;
  return (header) => {
    const value = headers[header];
    return Array.isArray(value) ? value.join(', ') : value;
  };
}
