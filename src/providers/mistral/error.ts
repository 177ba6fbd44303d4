// Maps Mistral error responses to GatewayError: its bodies are read in the shapes Mistral really
// sends, then the openai mapper decides by status (so 401/403 never relay the gateway's key, and
// Retry-After is kept). Pure; never throws on a hostile body.

import { GatewayError } from '../../errors.js';
import { errorFromDetail, parseJson, retryAfterSeconds, toErrorDetail } from '../openai/error.js';
import type { UpstreamErrorDetail } from '../openai/error.js';
import { isRecord } from '../../core/is-record.js';
import type { MistralErrorBody } from './api.js';

/** Validation reports list every problem; a handful is enough to fix a request. */
const maxValidationIssues = 5;

/**
 * Status + body -> GatewayError. A 429 saying the model is out of capacity is the provider being
 * overloaded, not this account's rate limit: another target may well answer.
 * @see https://docs.mistral.ai/api/
 */
export function fromMistralErrorResponse(
  status: number,
  headers: Record<string, string>,
  body: string,
): GatewayError {
  const detail = readMistralErrorDetail(body);
  if (status === 429 && /capacity/i.test(detail.message ?? '')) {
    return new GatewayError(
      'overloaded',
      'The provider has no capacity for this model right now; retry later.',
      {
        retryAfterSeconds: retryAfterSeconds(headers, Date.now()),
        upstreamType: detail.type,
        upstreamCode: detail.code,
      },
    );
  }
  return errorFromDetail(status, headers, detail);
}

/**
 * The three shapes Mistral answers with:
 * - `{"object": "error", "message": "...", "type", "param", "code"}` (code a string such as "3280");
 * - the same with `message: {"detail": [...]}` for a request that fails validation (422);
 * - `{"detail": [...]}` alone, and `{"message": "..."}` alone from the rate limiter in front.
 * @see https://docs.mistral.ai/api/
 */
export function readMistralErrorDetail(body: string): UpstreamErrorDetail {
  const parsed = parseJson(body);
  if (!isRecord(parsed)) return {};
  // An OpenAI-shaped envelope, as some hosts of Mistral models answer.
  if (parsed.error !== undefined) return toErrorDetail(parsed.error);
  const {
    message,
    detail: bare,
    ...envelope
  } = parsed as Partial<Record<keyof MistralErrorBody | 'detail', unknown>>;
  const result = toErrorDetail(envelope);
  if (typeof envelope.code === 'number') result.code = String(envelope.code);
  if (typeof message === 'string') Object.assign(result, toErrorDetail({ message }));
  const validation = isRecord(message) ? message.detail : bare;
  if (Array.isArray(validation)) Object.assign(result, fromValidation(validation));
  return result;
}

/**
 * FastAPI/pydantic validation entries `{loc, msg, type}` -> one readable message naming each
 * field (`messages.0.user.name: Extra inputs are not permitted`), and the first field as param.
 * The rejected `input` is left out: it may be a large part of the caller's prompt.
 */
function fromValidation(entries: unknown[]): UpstreamErrorDetail {
  const issues = entries.filter(isRecord).map((entry) => {
    const path = Array.isArray(entry.loc)
      ? (entry.loc as unknown[]).filter((segment) => segment !== 'body').map(String)
      : [];
    const message = typeof entry.msg === 'string' ? entry.msg : 'invalid value';
    return { param: path.join('.'), text: path.length > 0 ? `${path.join('.')}: ${message}` : message };
  });
  if (issues.length === 0) return {};
  const shown = issues.slice(0, maxValidationIssues).map((issue) => issue.text);
  const more =
    issues.length > maxValidationIssues ? ` (and ${issues.length - maxValidationIssues} more)` : '';
  const result: UpstreamErrorDetail = { message: `${shown.join('; ')}${more}` };
  const first = issues[0]?.param;
  if (first !== undefined && first !== '') result.param = first;
  return result;
}
