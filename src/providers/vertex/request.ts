// Builds Vertex AI requests for Google's own models: the Gemini generateContent body at the
// publisher-model URL of a project and location, and text embeddings through `:predict`. Pure:
// the OAuth bearer token is added later by the Google authorizer (src/upstream/auth/google.ts).

import type { EmbeddingsRequest } from '../../core/index.js';
import { GatewayError } from '../../errors.js';
import { canonicalRequest, generateMethod, googleHeaders, toGenerateContentBody } from '../gemini/request.js';
import type { ChatCall, ProviderSettings, UpstreamRequest } from '../provider.js';
import { DEFAULT_LOCATION } from './api.js';
import type { PredictEmbeddingsRequestBody } from './api.js';
import { textInputs } from '../text-inputs.js';

/**
 * `.../publishers/google/models/{model}:generateContent` or `:streamGenerateContent?alt=sse`.
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference#rest
 */
export function chatRequest(call: ChatCall): UpstreamRequest {
  const body = toGenerateContentBody(canonicalRequest(call));
  return {
    method: 'POST',
    url: `${publisherModelUrl(call.settings, 'google', call.model)}${generateMethod(call.stream)}`,
    headers: googleHeaders(call.settings, call.apiKey),
    body: JSON.stringify(body),
  };
}

/**
 * Text embeddings: one instance per input; the answer keeps input order.
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api
 */
export function embeddingsRequest(
  request: EmbeddingsRequest,
  settings: ProviderSettings,
  apiKey: string,
): UpstreamRequest {
  const body: PredictEmbeddingsRequestBody = {
    instances: textInputs(request).map((content) => ({ content })),
  };
  if (request.dimensions !== undefined) body.parameters = { outputDimensionality: request.dimensions };
  return {
    method: 'POST',
    url: `${publisherModelUrl(settings, 'google', request.model)}:predict`,
    headers: googleHeaders(settings, apiKey),
    body: JSON.stringify(body),
  };
}

/**
 * `{origin}/v1/projects/{project}/locations/{location}/publishers/{publisher}/models/{model}`. The
 * origin is regional (`{location}-aiplatform.googleapis.com`, or `aiplatform.googleapis.com` for
 * `global`) unless baseUrl replaces it (a private endpoint, a proxy, a test server); baseUrl
 * includes the version path like every other provider's.
 * @see https://cloud.google.com/vertex-ai/docs/reference/rest#service-endpoint
 */
export function publisherModelUrl(settings: ProviderSettings, publisher: string, model: string): string {
  const location = settings.location ?? DEFAULT_LOCATION;
  if (settings.project === undefined) {
    throw new GatewayError(
      'internal',
      `The ${settings.type} deployment "${settings.name}" names no project.`,
    );
  }
  const base = settings.baseUrl !== '' ? settings.baseUrl.replace(/\/+$/, '') : defaultBaseUrl(location);
  return (
    `${base}/projects/${encodeURIComponent(settings.project)}/locations/${location}` +
    `/publishers/${publisher}/models/${modelSegment(model)}`
  );
}

/**
 * The model as one path segment. `@` (Claude ids such as `claude-sonnet-4@20250514`) is legal in a
 * path and stays as Google documents it; anything that could leave the segment is encoded.
 */
function modelSegment(model: string): string {
  return encodeURIComponent(model).replace(/%40/g, '@');
}

function defaultBaseUrl(location: string): string {
  return location === 'global'
    ? 'https://aiplatform.googleapis.com/v1'
    : `https://${location}-aiplatform.googleapis.com/v1`;
}
