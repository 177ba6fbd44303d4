// Builds Azure OpenAI requests: the openai translators write the body, then the api-version's
// limits (api.ts) are applied, and the URL and `api-key` header are Azure's. Pure: no HTTP, no I/O;
// Entra ID bearer tokens are added later by src/upstream/auth/entra.ts, never here.

import type { EmbeddingsRequest } from '../../core/index.js';
import { GatewayError } from '../../errors.js';
import type { ChatCall, ProviderSettings, UpstreamRequest } from '../provider.js';
import type { EmbeddingCreateParams } from '../openai/api.js';
import { toChatBody } from '../openai/request.js';
import { isRecord } from '../../core/is-record.js';
import { accepts, defaultApiVersion, v1ApiVersion } from './api.js';

/**
 * The upstream request for a chat call: `{baseUrl}/openai/deployments/{deployment}/chat/completions
 * ?api-version=...`, or `{baseUrl}/openai/v1/chat/completions` on the v1 surface. `call.model` is
 * the Azure deployment name; it also stays in the body (Azure ignores it on deployment URLs).
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/reference#chat-completions
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle
 */
export function chatRequest(call: ChatCall): UpstreamRequest {
  const apiVersion = apiVersionOf(call.settings);
  const body = toVersionBody(toChatBody(call), apiVersion);
  return post(azureUrl(call.settings, call.model, '/chat/completions'), call.settings, call.apiKey, body);
}

/**
 * Embeddings at the deployment's `/embeddings`. The openai translator asks for floats (the edge
 * encodes base64 itself); versions before encoding_format and dimensions existed get neither.
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/reference#embeddings
 */
export function embeddingsRequest(
  request: EmbeddingsRequest,
  settings: ProviderSettings,
  apiKey: string,
): UpstreamRequest {
  const apiVersion = apiVersionOf(settings);
  const options = accepts(apiVersion, 'embeddingsOptions');
  if (!options && request.dimensions !== undefined) {
    throw unsupported('dimensions', apiVersion, '2024-06-01 (or 2024-03-01-preview)');
  }
  const body: EmbeddingCreateParams = {
    model: request.model,
    input: request.input,
    // Before encoding_format existed, floats were the only (and default) format.
    encoding_format: options ? 'float' : undefined,
    dimensions: request.dimensions,
    user: request.user,
  };
  return post(azureUrl(settings, request.model, '/embeddings'), settings, apiKey, body);
}

/** The configured api-version, or the documented default. */
export function apiVersionOf(settings: ProviderSettings): string {
  return settings.apiVersion ?? defaultApiVersion;
}

/** The URL of an operation on a deployment, in the surface the api-version selects. */
export function azureUrl(settings: ProviderSettings, deployment: string, operation: string): string {
  const base = settings.baseUrl.replace(/\/+$/, '');
  const apiVersion = apiVersionOf(settings);
  if (apiVersion === v1ApiVersion) return `${base}/openai/v1${operation}`;
  return `${base}/openai/deployments/${encodeURIComponent(deployment)}${operation}?api-version=${encodeURIComponent(apiVersion)}`;
}

/**
 * A copy of an OpenAI body without what `apiVersion` would refuse: the output cap moves to
 * max_tokens, stream_options, parallel_tool_calls and reasoning_effort are left out (a stream then
 * carries no usage), developer messages become system messages. A json_schema response format has
 * no equivalent, so it is refused here with a clear 400 instead of being quietly weakened.
 */
export function toVersionBody(body: Record<string, unknown>, apiVersion: string): Record<string, unknown> {
  const result = { ...body };
  if (!accepts(apiVersion, 'maxCompletionTokens') && 'max_completion_tokens' in result) {
    if (!('max_tokens' in result)) result.max_tokens = result.max_completion_tokens;
    delete result.max_completion_tokens;
  }
  if (!accepts(apiVersion, 'streamOptions')) delete result.stream_options;
  if (!accepts(apiVersion, 'parallelToolCalls')) delete result.parallel_tool_calls;
  if (!accepts(apiVersion, 'reasoningEffort')) delete result.reasoning_effort;
  if (!accepts(apiVersion, 'developerRole') && Array.isArray(result.messages)) {
    result.messages = (result.messages as unknown[]).map(developerAsSystem);
  }
  const format = result.response_format;
  if (isRecord(format) && format.type === 'json_schema' && !accepts(apiVersion, 'jsonSchema')) {
    throw unsupported('response_format', apiVersion, '2024-10-21 (or 2024-08-01-preview)');
  }
  return result;
}

/**
 * `api-key` when the call has a key (none when Entra ID authorises the deployment), then the
 * deployment's own headers, which win.
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/reference#authentication
 */
export function azureHeaders(settings: ProviderSettings, apiKey: string): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (apiKey !== '' && settings.entra === undefined) headers['api-key'] = apiKey;
  for (const [name, value] of Object.entries(settings.headers)) headers[name.toLowerCase()] = value;
  return headers;
}

function post(url: string, settings: ProviderSettings, apiKey: string, body: unknown): UpstreamRequest {
  return { method: 'POST', url, headers: azureHeaders(settings, apiKey), body: JSON.stringify(body) };
}

/** System and developer messages mean the same to every model; older versions know only `system`. */
function developerAsSystem(message: unknown): unknown {
  return isRecord(message) && message.role === 'developer' ? { ...message, role: 'system' } : message;
}

function unsupported(param: string, apiVersion: string, since: string): GatewayError {
  return new GatewayError(
    'invalid_request',
    `'${param}' is not supported by this model's Azure OpenAI api-version ${apiVersion}; it needs ${since} or later.`,
    { param },
  );
}
