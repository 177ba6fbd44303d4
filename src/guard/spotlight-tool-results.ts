// Spotlighting in a request (docs/guardrails.md): every tool result is wrapped, for the provider,
// between delimiters drawn once for the request, with a note that it is data. The random part is
// per request, so a tool's author cannot close the block early.

import { randomBytes } from 'node:crypto';
import type { Dialect } from '../core/index.js';
import { spotlight } from './injection/spotlight.js';
import { mapTexts } from './text-fields.js';

/** The body with its tool results spotlighted, or undefined when it has none. */
export function spotlightToolResults(
  dialect: Dialect,
  body: Readonly<Record<string, unknown>>,
  given?: Uint8Array,
): Record<string, unknown> | undefined {
  let found = false;
  // Drawn only for a request that has tool results: most have none.
  let random = given;
  const mapped = mapTexts(dialect, body, (text, source) => {
    if (source !== 'tool') return text;
    found = true;
    random ??= randomBytes(12);
    return spotlight(text, { label: 'a tool result', random }).text;
  });
  return found ? mapped : undefined;
}
