// Builds the InvokeModel request for Claude on Bedrock: the Anthropic Messages body (the client's own
// when it speaks Anthropic, else built from canonical by ../anthropic/) without `model` and `stream`,
// which Bedrock takes from the path. Pure: no I/O, never mutates its input.

import { toMessagesBody } from '../anthropic/request.js';
import type { ChatCall, UpstreamRequest } from '../provider.js';
import { BEDROCK_ANTHROPIC_VERSION, bedrockHeaders, modelPath } from './api.js';

/**
 * POST /model/{modelId}/invoke, or /invoke-with-response-stream for a stream.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModelWithResponseStream.html
 */
export function toBedrockAnthropicRequest(call: ChatCall): UpstreamRequest {
  const { payload } = call;
  const body: Record<string, unknown> =
    payload.kind === 'native'
      ? { ...payload.body }
      : { ...toMessagesBody(payload.request, call.model, call.stream, call.settings.defaultMaxTokens) };
  delete body.model;
  delete body.stream;
  body.anthropic_version = BEDROCK_ANTHROPIC_VERSION;
  const betas = betaFlags(call.settings.headers, payload.kind === 'native' ? payload.headers : {});
  if (betas.length > 0) body.anthropic_beta = betas;
  const headers = bedrockHeaders(withoutAnthropicHeaders(call.settings.headers), call.apiKey, call.stream);
  // The stream's framing is the event stream; each chunk inside it holds JSON.
  if (call.stream) headers['x-amzn-bedrock-accept'] = 'application/json';
  const action = call.stream ? 'invoke-with-response-stream' : 'invoke';
  return {
    method: 'POST',
    url: `${call.settings.baseUrl.replace(/\/+$/, '')}${modelPath(call.model)}/${action}`,
    headers,
    body: JSON.stringify(body),
  };
}

/**
 * Beta flags travel in the body as `anthropic_beta` on Bedrock, not as the anthropic-beta header: the
 * deployment's and the client's are merged, each once.
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html
 */
function betaFlags(settingsHeaders: Record<string, string>, clientHeaders: Record<string, string>): string[] {
  return [header(settingsHeaders, 'anthropic-beta'), header(clientHeaders, 'anthropic-beta')]
    .flatMap((value) => (value ?? '').split(','))
    .map((value) => value.trim())
    .filter((value, index, all) => value !== '' && all.indexOf(value) === index);
}

/** anthropic-version and anthropic-beta mean nothing to Bedrock as headers; both live in the body. */
function withoutAnthropicHeaders(headers: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower !== 'anthropic-beta' && lower !== 'anthropic-version') kept[name] = value;
  }
  return kept;
}

function header(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}
