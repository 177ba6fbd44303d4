// Builds Gemini API requests: canonical ChatRequest -> generateContent body (also used by Vertex
// AI, whose body is the same), and the batchEmbedContents request. Pure: no I/O, never mutates
// its input. The API key travels in a header, never in the URL, so it cannot leak into logs.

import type {
  ChatRequest,
  ContentPart,
  EmbeddingsRequest,
  ImagePart,
  Message,
  ResponseFormat,
  ToolChoice,
  ToolDefinition,
} from '../../core/index.js';
import { GatewayError } from '../../errors.js';
import { toToolInput } from '../anthropic/request.js';
import type { ChatCall, ProviderSettings, UpstreamRequest } from '../provider.js';
import { toGeminiSchema } from '../to-gemini-schema.js';
import { API_KEY_HEADER } from './api.js';
import type {
  BatchEmbedContentsRequestBody,
  Content,
  FunctionDeclarationBody,
  GenerateContentRequestBody,
  GenerationConfigBody,
  Part,
  ToolConfigBody,
} from './api.js';
import { thoughtSignatureOf } from './response.js';
import { appendAll } from '../../core/append-all.js';
import { textInputs } from '../text-inputs.js';

/**
 * `{baseUrl}/models/{model}:generateContent`, or `:streamGenerateContent?alt=sse` for a stream.
 * @see https://ai.google.dev/api/generate-content#method:-models.generatecontent
 * @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 */
export function chatRequest(call: ChatCall): UpstreamRequest {
  const canonical = canonicalRequest(call);
  return {
    method: 'POST',
    url: `${modelUrl(call.settings.baseUrl, call.model)}${generateMethod(call.stream)}`,
    headers: googleHeaders(call.settings, call.apiKey),
    body: JSON.stringify(toGenerateContentBody(canonical)),
  };
}

/** Gemini speaks no client dialect, so the pipeline always hands over a canonical request. */
export function canonicalRequest(call: ChatCall): ChatRequest {
  if (call.payload.kind === 'canonical') return call.payload.request;
  throw new GatewayError('internal', `The ${call.settings.type} adapter only takes canonical requests.`);
}

/** The method suffix: SSE framing is asked for explicitly (the default is a JSON array). */
export function generateMethod(stream: boolean): string {
  return stream ? ':streamGenerateContent?alt=sse' : ':generateContent';
}

/** `{baseUrl}/models/{model}`; the model may come from a client, so it is one encoded path segment. */
function modelUrl(baseUrl: string, model: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/models/${encodeURIComponent(model)}`;
}

/**
 * JSON content type, the deployment's headers, then the key last so no configured header replaces it.
 * @see https://ai.google.dev/gemini-api/docs/api-key#provide-api-key-explicitly
 */
export function googleHeaders(settings: ProviderSettings, apiKey: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(settings.headers)) headers[name.toLowerCase()] = value;
  headers['content-type'] = 'application/json';
  if (apiKey !== '') headers[API_KEY_HEADER] = apiKey;
  return headers;
}

/**
 * Canonical request -> generateContent body.
 * @see https://ai.google.dev/api/generate-content#request-body
 */
export function toGenerateContentBody(request: ChatRequest): GenerateContentRequestBody {
  const body: GenerateContentRequestBody = { contents: toContents(request.messages) };
  const system = request.system.filter((part) => part.text !== '');
  if (system.length > 0) body.systemInstruction = { parts: system.map((part) => ({ text: part.text })) };
  const tools = request.tools ?? [];
  if (tools.length > 0) {
    body.tools = [{ functionDeclarations: tools.map(toFunctionDeclaration) }];
    if (request.toolChoice !== undefined) body.toolConfig = toToolConfig(request.toolChoice);
  }
  const config = toGenerationConfig(request);
  if (Object.keys(config).length > 0) body.generationConfig = config;
  return body;
}

/**
 * @see https://ai.google.dev/api/generate-content#generationconfig
 * @see https://ai.google.dev/gemini-api/docs/thinking#set-budget
 */
function toGenerationConfig(request: ChatRequest): GenerationConfigBody {
  const config: GenerationConfigBody = {};
  if (request.maxTokens !== undefined) config.maxOutputTokens = request.maxTokens;
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.topK !== undefined) config.topK = request.topK;
  if (request.stop !== undefined && request.stop.length > 0) config.stopSequences = request.stop;
  if (request.responseFormat !== undefined) Object.assign(config, toResponseFormat(request.responseFormat));
  if (request.reasoningBudget !== undefined) {
    // A client that asked for a thinking budget (Anthropic `thinking`) expects to see the thoughts.
    config.thinkingConfig = { thinkingBudget: request.reasoningBudget, includeThoughts: true };
  } else if (request.reasoningEffort !== undefined) {
    const budget = effortBudgets[request.reasoningEffort];
    if (budget !== undefined) config.thinkingConfig = { thinkingBudget: budget };
  }
  return config;
}

/**
 * OpenAI reasoning_effort -> thinking budget, as Google's own OpenAI compatibility layer maps it.
 * Unknown efforts are left to the model's default.
 * @see https://ai.google.dev/gemini-api/docs/openai#thinking
 */
const effortBudgets: Readonly<Record<string, number>> = {
  none: 0,
  minimal: 1024,
  low: 1024,
  medium: 8192,
  high: 24576,
};

/** @see https://ai.google.dev/gemini-api/docs/structured-output */
function toResponseFormat(format: ResponseFormat): GenerationConfigBody {
  switch (format.type) {
    case 'text':
      return {};
    case 'json':
      return { responseMimeType: 'application/json' };
    case 'json-schema':
      return { responseMimeType: 'application/json', responseSchema: toGeminiSchema(format.schema) };
  }
}

/**
 * Canonical turns -> contents with roles `user` and `model`. Tool results are user turns of
 * functionResponse parts; consecutive turns of one role merge (results first), as the API expects
 * a model turn to be answered by one user turn.
 * @see https://ai.google.dev/gemini-api/docs/function-calling#step-4
 */
function toContents(messages: Message[]): Content[] {
  const callNames = toolCallNames(messages);
  const contents: Array<{ role: 'user' | 'model'; parts: Part[] }> = [];
  for (const message of messages) {
    const role = message.role === 'assistant' ? 'model' : 'user';
    const parts = message.content.flatMap((part) => toParts(part, callNames));
    if (parts.length === 0) continue;
    const last = contents.at(-1);
    if (last !== undefined && last.role === role) appendAll(last.parts, parts);
    else contents.push({ role, parts });
  }
  for (const content of contents) {
    if (content.role === 'user') content.parts = responsesFirst(content.parts);
  }
  return contents;
}

/**
 * Gemini matches a function response to its call by the function *name*; canonical results carry
 * only the call id, so the name comes from the call earlier in the conversation.
 */
function toolCallNames(messages: Message[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const message of messages) {
    for (const part of message.content) if (part.type === 'tool-call') names.set(part.id, part.name);
  }
  return names;
}

function responsesFirst(parts: Part[]): Part[] {
  const responses = parts.filter((part) => part.functionResponse !== undefined);
  if (responses.length === 0) return parts;
  return [...responses, ...parts.filter((part) => part.functionResponse === undefined)];
}

/** @see https://ai.google.dev/api/caching#Part */
function toParts(part: ContentPart, callNames: Map<string, string>): Part[] {
  switch (part.type) {
    case 'text':
      return part.text === '' ? [] : [{ text: part.text }];
    case 'image':
      return [toInlineData(part)];
    case 'tool-call': {
      // Arguments must be an object; the model's raw text is parsed (non-JSON kept under `_raw`).
      const call: Part = { functionCall: { name: part.name, args: toToolInput(part.arguments) } };
      // Gemini 3 rejects a turn whose signed call comes back unsigned; the id carries the signature.
      // @see https://ai.google.dev/gemini-api/docs/thought-signatures
      const signature = thoughtSignatureOf(part.id);
      if (signature !== undefined) call.thoughtSignature = signature;
      return [call];
    }
    case 'tool-result': {
      const name = callNames.get(part.toolCallId);
      if (name === undefined) throw unknownToolCall(part.toolCallId);
      const text = part.content.flatMap((item) => (item.type === 'text' ? [item.text] : [])).join('\n');
      // @see https://ai.google.dev/api/caching#FunctionResponse ("output" and "error" keys)
      const response = part.isError === true ? { error: text } : { output: text };
      return [{ functionResponse: { name, response } }];
    }
    case 'reasoning':
    case 'redacted-reasoning':
      // Gemini does not take earlier thoughts back as input; they are left out.
      return [];
  }
}

/**
 * Images are sent inline. The pipeline has already fetched http(s) URLs (imageUrls 'bytes-only'),
 * so a URL still here is one nobody can fetch for Gemini; it is refused rather than sent to fail.
 * @see https://ai.google.dev/gemini-api/docs/image-understanding#inline-image
 */
function toInlineData(part: ImagePart): Part {
  if (part.source.kind === 'base64') {
    return { inlineData: { mimeType: part.source.mediaType, data: part.source.data } };
  }
  throw new GatewayError(
    'invalid_request',
    'Gemini models take images as bytes: send a base64 data URL or an http(s) URL the gateway can fetch.',
    { param: 'messages' },
  );
}

function unknownToolCall(id: string): GatewayError {
  return new GatewayError(
    'invalid_request',
    `A tool result refers to tool call "${id.slice(0, 100)}", which is not in the conversation; ` +
      'Gemini needs the call to know the function name.',
    { param: 'messages' },
  );
}

/** @see https://ai.google.dev/api/caching#FunctionDeclaration */
function toFunctionDeclaration(tool: ToolDefinition): FunctionDeclarationBody {
  const declaration: FunctionDeclarationBody = { name: tool.name };
  if (tool.description !== undefined) declaration.description = tool.description;
  const parameters = toGeminiSchema(tool.parameters);
  // An object with no properties is how clients say "no arguments"; Gemini rejects it as parameters.
  if (parameters.type !== 'OBJECT' || Object.keys(parameters.properties ?? {}).length > 0) {
    declaration.parameters = parameters;
  }
  return declaration;
}

/** @see https://ai.google.dev/gemini-api/docs/function-calling#function_calling_modes */
function toToolConfig(choice: ToolChoice): ToolConfigBody {
  switch (choice.type) {
    case 'auto':
      return { functionCallingConfig: { mode: 'AUTO' } };
    case 'none':
      return { functionCallingConfig: { mode: 'NONE' } };
    case 'required':
      return { functionCallingConfig: { mode: 'ANY' } };
    case 'tool':
      return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } };
  }
}

/**
 * batchEmbedContents, for one input or many; the answer keeps input order.
 * @see https://ai.google.dev/api/embeddings#method:-models.batchembedcontents
 */
export function embeddingsRequest(
  request: EmbeddingsRequest,
  settings: ProviderSettings,
  apiKey: string,
): UpstreamRequest {
  const model = `models/${request.model}`;
  const body: BatchEmbedContentsRequestBody = {
    requests: textInputs(request).map((text) => ({
      model,
      content: { parts: [{ text }] },
      ...(request.dimensions === undefined ? {} : { outputDimensionality: request.dimensions }),
    })),
  };
  return {
    method: 'POST',
    url: `${modelUrl(settings.baseUrl, request.model)}:batchEmbedContents`,
    headers: googleHeaders(settings, apiKey),
    body: JSON.stringify(body),
  };
}
