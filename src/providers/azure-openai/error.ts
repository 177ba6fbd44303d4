// Maps Azure OpenAI error responses and in-stream errors to GatewayError: Azure's own cases (a
// prompt the content filter rejected, a missing deployment, API Management's flat envelope) here,
// everything else through the openai mapper. Pure; never throws on a hostile body.

import { GatewayError } from '../../errors.js';
import { errorFromDetail, fromStreamError, parseJson, toErrorDetail } from '../openai/error.js';
import type { UpstreamErrorDetail } from '../openai/error.js';
import { isRecord } from '../../core/is-record.js';

/**
 * Status + body -> GatewayError.
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/reference#error-response
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/how-to/quota#understanding-rate-limits
 */
export function fromAzureErrorResponse(
  status: number,
  headers: Record<string, string>,
  body: string,
): GatewayError {
  const error = readAzureError(body);
  const detail = toErrorDetail(error);
  if (isContentFilter(error, detail)) return contentFilterError(detail);
  if (status === 404 && detail.code === 'DeploymentNotFound') {
    return new GatewayError(
      'model_not_found',
      'The Azure OpenAI deployment behind this model does not exist (DeploymentNotFound).',
      { upstreamCode: detail.code },
    );
  }
  // Rate-limit (429) and credential (401/403) texts name the gateway's resource and tier: the
  // openai mapper replaces them with its own, and reads retry-after-ms / retry-after.
  return errorFromDetail(status, headers, detail);
}

/**
 * An error payload inside a stream: a content-filter verdict keeps its own code, everything else
 * is read as OpenAI's.
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/concepts/content-streaming
 */
export function fromAzureStreamError(chunk: Record<string, unknown>): GatewayError | undefined {
  if (chunk.error === undefined || chunk.error === null) return undefined;
  const detail = toErrorDetail(chunk.error);
  return isRecord(chunk.error) && isContentFilter(chunk.error, detail)
    ? contentFilterError(detail)
    : fromStreamError(chunk.error);
}

/**
 * `{"error": {...}}`, or API Management's `{"statusCode": 429, "message": "..."}` that an
 * Azure gateway in front of the resource answers with.
 * @see https://learn.microsoft.com/azure/api-management/api-management-error-handling-policies
 */
function readAzureError(body: string): Record<string, unknown> {
  const parsed = parseJson(body);
  if (!isRecord(parsed)) return {};
  if (isRecord(parsed.error)) return parsed.error;
  if (typeof parsed.message === 'string') return { message: parsed.message };
  return {};
}

/**
 * A prompt (or completion) the filter blocked: `code: content_filter`, with the verdicts under
 * `innererror` (`ResponsibleAIPolicyViolation`).
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/concepts/content-filter#scenario-details
 */
function isContentFilter(error: Record<string, unknown>, detail: UpstreamErrorDetail): boolean {
  if (detail.code === 'content_filter') return true;
  const inner = isRecord(error.innererror)
    ? error.innererror
    : isRecord(error.inner_error)
      ? error.inner_error
      : {};
  return inner.code === 'ResponsibleAIPolicyViolation';
}

/** The text describes the caller's own prompt and the policy, so it is kept: it helps them fix it. */
function contentFilterError(detail: UpstreamErrorDetail): GatewayError {
  return new GatewayError(
    'content_filter',
    detail.message ?? "The prompt was blocked by the provider's content filter.",
    { param: detail.param, upstreamCode: 'content_filter' },
  );
}
