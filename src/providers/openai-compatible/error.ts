// Maps error responses of OpenAI-compatible servers to GatewayError: their bodies are read in the
// shapes they really use, then the openai mapper decides. Pure; never throws on a hostile body.

import type { GatewayError } from '../../errors.js';
import {
  errorFromDetail,
  fromStreamError,
  parseJson,
  readErrorDetail,
  toErrorDetail,
} from '../openai/error.js';
import type { UpstreamErrorDetail } from '../openai/error.js';
import { isRecord } from '../../core/is-record.js';

/**
 * Status + body -> GatewayError.
 * @see https://platform.openai.com/docs/guides/error-codes#api-errors
 */
export function fromCompatibleErrorResponse(
  status: number,
  headers: Record<string, string>,
  body: string,
): GatewayError {
  return errorFromDetail(status, headers, readCompatibleErrorDetail(body));
}

/**
 * OpenAI's `{"error": {...}}` (Groq, DeepSeek, OpenRouter, xAI, llama.cpp, recent vLLM), Ollama's
 * `{"error": "text"}`, or older vLLM's flat `{"object": "error", "message": ...}`.
 * @see https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
 */
export function readCompatibleErrorDetail(body: string): UpstreamErrorDetail {
  const detail = readErrorDetail(body);
  if (Object.keys(detail).length > 0) return detail;
  const parsed = parseJson(body);
  return isRecord(parsed) && typeof parsed.message === 'string' ? toErrorDetail(parsed) : {};
}

/**
 * An error inside a stream whose `code` is an HTTP status (OpenRouter, llama.cpp, older vLLM's
 * flat object): mapped like a response with that status, except that a server failure after the
 * stream began is an interrupted stream. Undefined for OpenAI-shaped errors, which openai reads.
 * @see https://openrouter.ai/docs/api-reference/errors
 */
export function fromCompatibleStreamError(chunk: Record<string, unknown>): GatewayError | undefined {
  const payload = isRecord(chunk.error) ? chunk.error : chunk.object === 'error' ? chunk : undefined;
  if (payload === undefined || typeof payload.code !== 'number') return undefined;
  const status = payload.code;
  if (status < 400 || status >= 500) return fromStreamError(payload);
  return errorFromDetail(status, {}, toErrorDetail(payload));
}
