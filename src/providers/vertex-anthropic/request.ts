// Builds Claude-on-Vertex requests: `:rawPredict` / `:streamRawPredict` at the Anthropic publisher
// model URL. Same dialect: the client's Messages body passes through (unknown fields kept) with only
// `model` moved to the URL and `anthropic_version` set. Pure; the bearer token is added later.

import { headerValue } from '../anthropic/error.js';
import { toMessagesBody } from '../anthropic/request.js';
import { googleHeaders } from '../gemini/request.js';
import type { ChatCall, UpstreamRequest } from '../provider.js';
import { publisherModelUrl } from '../vertex/request.js';
import { VERTEX_ANTHROPIC_VERSION } from './api.js';

/**
 * @see https://docs.anthropic.com/en/api/claude-on-vertex-ai#making-requests
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/use-claude#regions
 */
export function toVertexAnthropicRequest(call: ChatCall): UpstreamRequest {
  const { payload } = call;
  const { model: _model, ...body } =
    payload.kind === 'native'
      ? payload.body
      : toMessagesBody(payload.request, call.model, call.stream, call.settings.defaultMaxTokens);
  const method = call.stream ? ':streamRawPredict' : ':rawPredict';
  const headers = googleHeaders(call.settings, call.apiKey);
  // Beta flags travel as on the first-party API; the version lives in the body instead of a header.
  const betas = [
    headers['anthropic-beta'],
    payload.kind === 'native' ? headerValue(payload.headers, 'anthropic-beta') : undefined,
  ]
    .flatMap((value) => (value ?? '').split(','))
    .map((value) => value.trim())
    .filter((value, index, all) => value !== '' && all.indexOf(value) === index);
  if (betas.length > 0) headers['anthropic-beta'] = betas.join(',');
  return {
    method: 'POST',
    url: `${publisherModelUrl(call.settings, 'anthropic', call.model)}${method}`,
    headers,
    body: JSON.stringify({ ...body, anthropic_version: VERTEX_ANTHROPIC_VERSION }),
  };
}
