// Builds requests for OpenAI-compatible servers: the openai translators build the body, then the
// configured server's quirks (api.ts) are applied on top. Pure: no HTTP, no I/O.

import type { ChatCall, UpstreamRequest } from '../provider.js';
import { endpoint, jsonPost, toChatBody } from '../openai/request.js';
import { defaultProfile, serverProfiles } from './api.js';
import type { ServerName, ServerProfile } from './api.js';

export { embeddingsRequest } from '../openai/request.js';

/**
 * The upstream request for a chat call, at `${baseUrl}/chat/completions`.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export function chatRequest(call: ChatCall): UpstreamRequest {
  const profile = profileFor(call.settings.server);
  const built = toChatBody(call);
  // The openai translator writes max_completion_tokens; most servers know max_tokens best.
  if (call.payload.kind === 'canonical' && profile.maxTokensField !== 'max_completion_tokens') {
    renameTokenCap(built, 'max_tokens');
  }
  const body = applyQuirks(built, profile);
  return jsonPost(endpoint(call.settings, '/chat/completions'), call.settings, call.apiKey, body);
}

/**
 * `settings.server` -> its profile, forgiving case and punctuation (`llama.cpp`, `x.ai`, `vLLM`).
 * Unknown or absent: plain OpenAI without stream_options.
 */
export function profileFor(server: string | undefined): ServerProfile {
  const key = (server ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
  return Object.hasOwn(serverProfiles, key) ? serverProfiles[key as ServerName] : defaultProfile;
}

/** A copy of an OpenAI body with a server's quirks applied; the input is left untouched. */
export function applyQuirks(body: Record<string, unknown>, profile: ServerProfile): Record<string, unknown> {
  const result = { ...body };
  if (!profile.streamOptions) delete result.stream_options;
  if (!profile.parallelToolCalls) delete result.parallel_tool_calls;
  if (profile.maxTokensField !== 'either') renameTokenCap(result, profile.maxTokensField);
  if (!profile.developerRole && Array.isArray(result.messages)) {
    result.messages = (result.messages as unknown[]).map(developerAsSystem);
  }
  return result;
}

/** Moves the output cap to the one field the server reads, unless both were given. */
function renameTokenCap(body: Record<string, unknown>, field: 'max_tokens' | 'max_completion_tokens'): void {
  const other = field === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens';
  if (!(other in body)) return;
  if (!(field in body)) body[field] = body[other];
  delete body[other];
}

/**
 * OpenAI treats system and developer messages alike for every model, so `system` is the portable
 * spelling for servers whose chat templates know no `developer` role.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages
 */
function developerAsSystem(message: unknown): unknown {
  if (
    typeof message === 'object' &&
    message !== null &&
    (message as { role?: unknown }).role === 'developer'
  ) {
    return { ...message, role: 'system' };
  }
  return message;
}
