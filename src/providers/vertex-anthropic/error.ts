// Claude-on-Vertex errors come in two shapes: Google's envelope from the Vertex front end (quota,
// auth, routing: `{"error": {code, status, ...}}`) and Anthropic's from the model server
// (`{"type": "error", "error": {type, message}}`). Each goes to its own translator. Pure.

import { fromAnthropicError } from '../anthropic/error.js';
import { fromGoogleError } from '../gemini/error.js';
import { isRecord } from '../../core/is-record.js';
import type { GatewayError } from '../../errors.js';

/**
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/api-errors
 * @see https://docs.anthropic.com/en/api/errors
 */
export function fromVertexAnthropicError(
  status: number,
  headers: Record<string, string>,
  body: string,
): GatewayError {
  return isGoogleEnvelope(body)
    ? fromGoogleError(status, headers, body)
    : fromAnthropicError(status, headers, body);
}

function isGoogleEnvelope(body: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return false;
  }
  const envelope: unknown = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!isRecord(envelope) || envelope.type === 'error' || !isRecord(envelope.error)) return false;
  return typeof envelope.error.status === 'string' || typeof envelope.error.code === 'number';
}
