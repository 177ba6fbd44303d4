// A path segment as its client meant it: percent-decoded (SDKs encode ids, "openai%2Fgpt-4o"),
// with a malformed escape answered as a 400 rather than thrown as an URIError (a 500).

import { GatewayError } from '../errors.js';

export function decodePathPart(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new GatewayError('invalid_request', 'The path holds a malformed percent escape.');
  }
}
