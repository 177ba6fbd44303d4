// Parses an OpenAI Chat Completions request body (validation with precise errors) and translates
// it to the canonical ChatRequest for cross-dialect calls. Pure: no HTTP, no routing.
// @see https://platform.openai.com/docs/api-reference/chat/create

import type { ChatRequest, ResponseFormat, ToolChoice, ToolDefinition } from '../../core/index.js';
import { GatewayError } from '../../errors.js';
import { toCanonicalMessages } from './chat-messages.js';
import { chatBodySchema } from './chat-schema.js';
import type { OpenAIChatBody, OpenAIResponseFormat, OpenAITool, OpenAIToolChoice } from './chat-schema.js';
import { invalidRequest, toValidationError, untranslatable } from '../validation-error.js';

export type { OpenAIChatBody } from './chat-schema.js';

/** Validates a client body; throws GatewayError 'invalid_request' naming the parameter at fault. */
export function parseChatBody(body: unknown): OpenAIChatBody {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new GatewayError('invalid_request', 'The request body must be a JSON object.');
  }
  const result = chatBodySchema.safeParse(body);
  if (!result.success) throw toValidationError(result.error, body);
  checkConversation(result.data);
  return result.data;
}

/** Rules zod cannot express per message: content presence and tool results answering real calls. */
function checkConversation(body: OpenAIChatBody): void {
  const declared = new Set<string>();
  body.messages.forEach((message, index) => {
    if (message.role === 'assistant') {
      const hasCalls = (message.tool_calls?.length ?? 0) > 0 || Boolean(message.function_call);
      if (message.content == null && !hasCalls && message.refusal == null && message.audio == null) {
        throw invalidRequest(
          ['messages', index, 'content'],
          'is required unless tool_calls or audio is set.',
        );
      }
      for (const call of message.tool_calls ?? []) declared.add(call.id);
    } else if (message.role === 'tool' && !declared.has(message.tool_call_id)) {
      throw invalidRequest(
        ['messages', index, 'tool_call_id'],
        `no earlier assistant message has a tool call with id '${message.tool_call_id}'.`,
      );
    }
  });
}

/** The canonical form of a validated body. Throws 'invalid_request' for what cannot cross dialects. */
export function toCanonicalRequest(body: OpenAIChatBody): ChatRequest {
  if (body.n != null && body.n > 1) throw untranslatable(['n'], 'n greater than 1');
  // Silently answering without them would break a caller that reads them.
  if (body.logprobs === true || body.top_logprobs != null) throw untranslatable(['logprobs'], 'logprobs');
  if (body.audio != null || body.modalities?.includes('audio') === true) {
    throw untranslatable(['modalities'], 'audio output');
  }
  if (body.functions !== undefined || body.function_call !== undefined) {
    throw untranslatable(['functions'], "'functions' and 'function_call' (deprecated; use tools)");
  }
  const { system, messages } = toCanonicalMessages(body.messages);
  const stream = body.stream === true;
  const request: ChatRequest = {
    model: body.model,
    system,
    messages,
    stream,
    streamUsage: stream && body.stream_options?.include_usage === true,
  };
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (maxTokens != null) request.maxTokens = maxTokens;
  if (body.max_completion_tokens != null) request.maxTokensParam = 'max_completion_tokens';
  if (body.temperature != null) request.temperature = body.temperature;
  if (body.top_p != null) request.topP = body.top_p;
  if (body.stop != null) request.stop = typeof body.stop === 'string' ? [body.stop] : body.stop;
  if (body.tools !== undefined) request.tools = body.tools.map(toToolDefinition);
  if (body.tool_choice !== undefined) request.toolChoice = toToolChoice(body.tool_choice);
  if (body.parallel_tool_calls !== undefined) request.parallelToolCalls = body.parallel_tool_calls;
  if (body.response_format !== undefined) request.responseFormat = toResponseFormat(body.response_format);
  if (body.user !== undefined) request.user = body.user;
  if (body.reasoning_effort != null) request.reasoningEffort = body.reasoning_effort;
  if (body.seed != null) request.seed = body.seed;
  return request;
}

function toToolDefinition(tool: OpenAITool, index: number): ToolDefinition {
  if (tool.type !== 'function') throw untranslatable(['tools', index, 'type'], 'custom tools');
  const definition: ToolDefinition = {
    name: tool.function.name,
    // OpenAI allows omitting parameters (no arguments); the canonical form always has a schema.
    parameters: tool.function.parameters ?? { type: 'object', properties: {} },
  };
  if (tool.function.description !== undefined) definition.description = tool.function.description;
  if (tool.function.strict != null) definition.strict = tool.function.strict;
  return definition;
}

function toToolChoice(choice: OpenAIToolChoice): ToolChoice {
  if (typeof choice === 'string') return { type: choice };
  switch (choice.type) {
    case 'function':
      return { type: 'tool', name: choice.function.name };
    case 'custom':
    case 'allowed_tools':
      throw untranslatable(['tool_choice', 'type'], `tool_choice type '${choice.type}'`);
  }
}

function toResponseFormat(format: OpenAIResponseFormat): ResponseFormat {
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json' };
    case 'json_schema': {
      const { name, schema, strict, description } = format.json_schema;
      const result: ResponseFormat = { type: 'json-schema', name, schema: schema ?? {} };
      if (strict != null) result.strict = strict;
      if (description !== undefined) result.description = description;
      return result;
    }
  }
}
