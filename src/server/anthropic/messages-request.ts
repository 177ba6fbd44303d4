// Parses an Anthropic Messages request body (validation with precise errors) and translates it
// to the canonical ChatRequest for cross-dialect calls. Pure: no HTTP, no routing.
// @see https://docs.anthropic.com/en/api/messages

import type { ChatRequest, ToolChoice, ToolDefinition } from '../../core/index.js';
import { GatewayError } from '../../errors.js';
import { invalidRequest, toValidationError, untranslatable } from '../validation-error.js';
import { toCanonicalMessages } from './messages-content.js';
import { messagesBodySchema } from './messages-schema.js';
import type { AnthropicMessagesBody, AnthropicTool, AnthropicToolChoice } from './messages-schema.js';

export type { AnthropicMessagesBody } from './messages-schema.js';

/** Validates a client body; throws GatewayError 'invalid_request' naming the parameter at fault. */
export function parseMessagesBody(body: unknown): AnthropicMessagesBody {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new GatewayError('invalid_request', 'The request body must be a JSON object.');
  }
  const result = messagesBodySchema.safeParse(body);
  if (!result.success) throw toValidationError(result.error, body);
  checkTools(result.data);
  checkToolResults(result.data);
  return result.data;
}

function checkTools(body: AnthropicMessagesBody): void {
  body.tools?.forEach((tool, index) => {
    if (isClientTool(tool) && tool.input_schema === undefined) {
      throw invalidRequest(['tools', index, 'input_schema'], 'is required.');
    }
  });
}

/** Every tool_result must answer a tool_use an earlier assistant turn declared. */
function checkToolResults(body: AnthropicMessagesBody): void {
  const declared = new Set<string>();
  body.messages.forEach((message, index) => {
    if (typeof message.content === 'string') return;
    message.content.forEach((block, blockIndex) => {
      if (block.type === 'tool_use') declared.add(block.id);
      else if (block.type === 'tool_result' && !declared.has(block.tool_use_id)) {
        throw invalidRequest(
          ['messages', index, 'content', blockIndex, 'tool_use_id'],
          `no earlier assistant message has a tool_use block with id '${block.tool_use_id}'.`,
        );
      }
    });
  });
}

function isClientTool(tool: AnthropicTool): boolean {
  return tool.type === undefined || tool.type === 'custom';
}

/** The canonical form of a validated body. Throws 'invalid_request' for what cannot cross dialects. */
export function toCanonicalRequest(body: AnthropicMessagesBody): ChatRequest {
  const { system, messages } = toCanonicalMessages(body.system, body.messages);
  const request: ChatRequest = {
    model: body.model,
    system,
    messages,
    stream: body.stream === true,
    // Anthropic streams always carry usage (message_start and message_delta).
    streamUsage: true,
    maxTokens: body.max_tokens,
  };
  if (body.temperature !== undefined) request.temperature = body.temperature;
  if (body.top_p !== undefined) request.topP = body.top_p;
  if (body.top_k !== undefined) request.topK = body.top_k;
  if (body.stop_sequences !== undefined) request.stop = body.stop_sequences;
  if (body.tools !== undefined) request.tools = body.tools.map(toToolDefinition);
  if (body.tool_choice !== undefined) {
    request.toolChoice = toToolChoice(body.tool_choice);
    if (
      'disable_parallel_tool_use' in body.tool_choice &&
      body.tool_choice.disable_parallel_tool_use === true
    ) {
      request.parallelToolCalls = false;
    }
  }
  const userId = body.metadata?.user_id;
  if (typeof userId === 'string') request.user = userId;
  if (body.thinking?.type === 'enabled') request.reasoningBudget = body.thinking.budget_tokens;
  const effort = body.output_config?.effort;
  if (typeof effort === 'string') request.reasoningEffort = effort;
  const format = body.output_config?.format;
  if (format != null)
    request.responseFormat = { type: 'json-schema', name: 'response', schema: format.schema };
  return request;
}

function toToolDefinition(tool: AnthropicTool, index: number): ToolDefinition {
  if (!isClientTool(tool) || tool.input_schema === undefined) {
    throw untranslatable(['tools', index, 'type'], `server tool type '${tool.type}'`);
  }
  const definition: ToolDefinition = { name: tool.name, parameters: tool.input_schema };
  if (tool.description !== undefined) definition.description = tool.description;
  if (tool.cache_control != null) definition.cacheControl = tool.cache_control;
  return definition;
}

function toToolChoice(choice: AnthropicToolChoice): ToolChoice {
  switch (choice.type) {
    case 'auto':
      return { type: 'auto' };
    case 'any':
      return { type: 'required' };
    case 'none':
      return { type: 'none' };
    case 'tool':
      return { type: 'tool', name: choice.name };
  }
}
