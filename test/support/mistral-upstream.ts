// A Mistral API mock for end-to-end tests: the scriptable MockUpstream plus the request rules the
// real API enforces (bearer key, strict fields, 9-character tool-call ids, last role), answered
// in Mistral's own error shapes, and typed wire builders for its answers.
// @see https://docs.mistral.ai/api/

import type {
  MistralChatCompletion,
  MistralChunk,
  MistralDelta,
  MistralEmbeddingsResponse,
  MistralErrorBody,
  MistralUsage,
} from '../../src/providers/mistral/api.js';
import { MockUpstream, type ReceivedRequest, type Reply, type SseScriptEvent } from './mock-upstream.js';

/** Top-level chat fields the API accepts; anything else is a 422 `extra_forbidden`. */
const chatFields = new Set([
  'model',
  'temperature',
  'top_p',
  'max_tokens',
  'stream',
  'stop',
  'random_seed',
  'metadata',
  'messages',
  'response_format',
  'tools',
  'tool_choice',
  'presence_penalty',
  'frequency_penalty',
  'n',
  'prediction',
  'parallel_tool_calls',
  'prompt_mode',
  'safe_prompt',
]);
const embeddingFields = new Set([
  'model',
  'input',
  'output_dimension',
  'output_dtype',
  'encoding_format',
  'metadata',
]);
const messageFields: Record<string, Set<string>> = {
  system: new Set(['role', 'content']),
  user: new Set(['role', 'content']),
  assistant: new Set(['role', 'content', 'tool_calls', 'prefix']),
  tool: new Set(['role', 'content', 'tool_call_id', 'name']),
};
const toolCallId = /^[a-zA-Z0-9]{9}$/;

export async function startMistralUpstream(apiKeys: readonly string[]): Promise<MockUpstream> {
  const mock = await new MockUpstream().start();
  return mock.validate((request) => checkRequest(request, apiKeys));
}

/** The answer the real API would give this request instead of a completion, if any. */
function checkRequest(request: ReceivedRequest, apiKeys: readonly string[]): Reply | undefined {
  const key = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
  if (key === undefined || !apiKeys.includes(key)) {
    return { kind: 'json', status: 401, body: { message: 'Unauthorized', request_id: 'req-mock' } };
  }
  const body = (request.body ?? {}) as Record<string, any>;
  if (request.path === '/v1/embeddings') return extraFields(body, embeddingFields, ['body']);
  if (request.path !== '/v1/chat/completions')
    return { kind: 'json', status: 404, body: { detail: 'Not Found' } };
  const extra = extraFields(body, chatFields, ['body']);
  if (extra) return extra;
  const messages: Array<Record<string, any>> = Array.isArray(body.messages) ? body.messages : [];
  for (const [index, message] of messages.entries()) {
    const allowed = messageFields[String(message.role)];
    if (!allowed) return invalid(`Unexpected role ${String(message.role)}`);
    const problem = extraFields(message, allowed, ['body', 'messages', index, message.role]);
    if (problem) return problem;
    const ids = [
      ...(Array.isArray(message.tool_calls) ? message.tool_calls.map((call: any) => call.id) : []),
      ...(message.role === 'tool' ? [message.tool_call_id] : []),
    ];
    const bad = ids.find((id) => typeof id !== 'string' || !toolCallId.test(id));
    if (bad !== undefined)
      return invalid(`Tool call id was ${String(bad)} but must be a-z, A-Z, 0-9, with a length of 9.`);
  }
  const last = messages.at(-1);
  if (last?.role === 'assistant' && last.prefix !== true) {
    return invalid(
      'Expected last role User or Tool (or Assistant with prefix True) for serving but got assistant',
    );
  }
  return undefined;
}

function extraFields(
  body: Record<string, unknown>,
  allowed: Set<string>,
  at: Array<string | number>,
): Reply | undefined {
  const detail = Object.keys(body)
    .filter((field) => !allowed.has(field))
    .map((field) => ({
      type: 'extra_forbidden',
      loc: [...at, field],
      msg: 'Extra inputs are not permitted',
      input: body[field],
    }));
  if (detail.length === 0) return undefined;
  const error = {
    object: 'error',
    message: { detail },
    type: 'invalid_request_error',
    param: null,
    code: null,
  } satisfies MistralErrorBody;
  return { kind: 'json', status: 422, body: error };
}

function invalid(message: string): Reply {
  const error = {
    object: 'error',
    message,
    type: 'invalid_request_error',
    param: null,
    code: null,
  } satisfies MistralErrorBody;
  return { kind: 'json', status: 400, body: error };
}

/** A Mistral error answer. */
export function mistralError(
  status: number,
  body: MistralErrorBody | { message: string },
  headers: Record<string, string> = {},
): Reply {
  return { kind: 'json', status, body, headers };
}

const meta = { id: 'cmpl-e2e-mistral', created: 1_735_689_600, model: 'mistral-small-latest' } as const;

export function mistralCompletion(
  message: MistralChatCompletion['choices'][number]['message'],
  finish: MistralChatCompletion['choices'][number]['finish_reason'] = 'stop',
  usage: MistralUsage = { prompt_tokens: 20, completion_tokens: 6, total_tokens: 26 },
): MistralChatCompletion {
  return {
    ...meta,
    object: 'chat.completion',
    choices: [{ index: 0, message, finish_reason: finish }],
    usage,
  };
}

export function mistralChunk(
  delta: MistralDelta,
  finish: MistralChunk['choices'][number]['finish_reason'] = null,
  usage?: MistralUsage,
): SseScriptEvent {
  const chunk: MistralChunk = {
    ...meta,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...(usage === undefined ? {} : { usage }),
  };
  return { data: JSON.stringify(chunk) };
}

export const mistralDone: SseScriptEvent = { data: '[DONE]' };

/** A text stream as Mistral sends it: role chunk, text, usage on the finishing chunk, [DONE]. */
export function mistralTextStream(words: string[], usage: MistralUsage): SseScriptEvent[] {
  const last = words.at(-1) ?? '';
  return [
    mistralChunk({ role: 'assistant', content: '' }),
    ...words.slice(0, -1).map((word) => mistralChunk({ content: word })),
    mistralChunk({ content: last }, 'stop', usage),
    mistralDone,
  ];
}

export function mistralEmbeddings(vectors: number[][]): MistralEmbeddingsResponse {
  return {
    id: 'embd-e2e',
    object: 'list',
    model: 'mistral-embed',
    data: vectors.map((embedding, index) => ({ object: 'embedding', embedding, index })),
    usage: { prompt_tokens: 6, completion_tokens: 0, total_tokens: 6 },
  };
}
