// Zod schemas for an OpenAI Chat Completions request body, as a client sends it to the gateway.
// Objects are loose: unknown fields are kept, because same-dialect bodies are forwarded untouched.
// Validation only; the translation to canonical lives in chat-request.ts.
// @see https://platform.openai.com/docs/api-reference/chat/create

import { z } from 'zod';
import { thinkingBlockSchema } from './thinking-blocks.js';

const textPart = z.looseObject({ type: z.literal('text'), text: z.string() });
const refusalPart = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });
const imagePart = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({ url: z.string().min(1), detail: z.string().optional() }),
});
const audioPart = z.looseObject({
  type: z.literal('input_audio'),
  input_audio: z.looseObject({ data: z.string(), format: z.string() }),
});
const filePart = z.looseObject({ type: z.literal('file'), file: z.looseObject({}) });

const userPart = z.discriminatedUnion('type', [textPart, imagePart, audioPart, filePart]);
const assistantPart = z.discriminatedUnion('type', [textPart, refusalPart]);
const textContent = z.union([z.string(), z.array(textPart)]);

const functionToolCall = z.looseObject({
  id: z.string().min(1),
  type: z.literal('function'),
  function: z.looseObject({ name: z.string().min(1), arguments: z.string() }),
});
const customToolCall = z.looseObject({
  id: z.string().min(1),
  type: z.literal('custom'),
  custom: z.looseObject({ name: z.string().min(1), input: z.string() }),
});

const systemMessage = z.looseObject({
  role: z.literal('system'),
  content: textContent,
  name: z.string().optional(),
});
const developerMessage = z.looseObject({
  role: z.literal('developer'),
  content: textContent,
  name: z.string().optional(),
});
const userMessage = z.looseObject({
  role: z.literal('user'),
  content: z.union([z.string(), z.array(userPart)]),
  name: z.string().optional(),
});
const assistantMessage = z.looseObject({
  role: z.literal('assistant'),
  content: z.union([z.string(), z.array(assistantPart)]).nullish(),
  refusal: z.string().nullish(),
  name: z.string().optional(),
  tool_calls: z.array(z.discriminatedUnion('type', [functionToolCall, customToolCall])).optional(),
  function_call: z.looseObject({ name: z.string(), arguments: z.string() }).nullish(),
  // Gateway extensions, returned on assistant messages and accepted back (docs/translation.md).
  reasoning_content: z.string().nullish(),
  thinking_blocks: z.array(thinkingBlockSchema).nullish(),
  /** A previous audio answer, referred to by id (its content is null). */
  audio: z.looseObject({ id: z.string().min(1) }).nullish(),
});
const toolMessage = z.looseObject({
  role: z.literal('tool'),
  content: textContent,
  tool_call_id: z.string().min(1),
});
/** Deprecated by OpenAI in favour of tool messages; accepted so same-dialect traffic still passes. */
const functionMessage = z.looseObject({
  role: z.literal('function'),
  content: z.string().nullable(),
  name: z.string(),
});

export const chatMessageSchema = z.discriminatedUnion('role', [
  systemMessage,
  developerMessage,
  userMessage,
  assistantMessage,
  toolMessage,
  functionMessage,
]);

const functionTool = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string().min(1),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullish(),
  }),
});
const customTool = z.looseObject({
  type: z.literal('custom'),
  custom: z.looseObject({ name: z.string().min(1) }),
});

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.discriminatedUnion('type', [
    z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string().min(1) }) }),
    z.looseObject({ type: z.literal('custom'), custom: z.looseObject({ name: z.string().min(1) }) }),
    z.looseObject({
      type: z.literal('allowed_tools'),
      allowed_tools: z.looseObject({ mode: z.enum(['auto', 'required']), tools: z.array(z.looseObject({})) }),
    }),
  ]),
]);

const responseFormat = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    json_schema: z.looseObject({
      name: z.string().min(1),
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

const positiveInteger = z.number().int().positive();

export const chatBodySchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(chatMessageSchema).min(1),
  max_tokens: positiveInteger.nullish(),
  max_completion_tokens: positiveInteger.nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  n: positiveInteger.nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  tools: z.array(z.discriminatedUnion('type', [functionTool, customTool])).optional(),
  tool_choice: toolChoice.optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: responseFormat.optional(),
  user: z.string().optional(),
  reasoning_effort: z.string().nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  seed: z.number().int().nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.number().int().min(0).nullish(),
  modalities: z.array(z.string()).nullish(),
  audio: z.looseObject({}).nullish(),
});

export type OpenAIChatBody = z.infer<typeof chatBodySchema>;
export type OpenAIChatMessage = z.infer<typeof chatMessageSchema>;
export type OpenAIUserPart = z.infer<typeof userPart>;
export type OpenAIToolChoice = z.infer<typeof toolChoice>;
export type OpenAIResponseFormat = z.infer<typeof responseFormat>;
export type OpenAITool = NonNullable<OpenAIChatBody['tools']>[number];
