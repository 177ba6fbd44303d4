// Builds the upstream Converse / ConverseStream request from a canonical ChatRequest. Bedrock Converse
// speaks neither client dialect, so every call arrives canonical. Pure: no I/O, never mutates input.

import type {
  ChatRequest,
  ContentPart,
  ImagePart,
  Message as CanonicalMessage,
  TextPart,
  ToolChoice as CanonicalToolChoice,
  ToolDefinition,
} from '../../core/index.js';
import { GatewayError } from '../../errors.js';
import { jsonOutputInstruction, toToolInput } from '../anthropic/request.js';
import type { EmbeddingsRequest } from '../../core/index.js';
import type { ChatCall, ProviderSettings, UpstreamRequest } from '../provider.js';
import { bedrockHeaders, modelPath } from './api.js';
import type {
  CohereEmbeddingsRequest,
  ConverseRequestBody,
  ImageFormat,
  TitanEmbeddingsRequest,
  WireContentBlock,
  WireMessage,
} from './api.js';
import { appendAll } from '../../core/append-all.js';
import { textInputs } from '../text-inputs.js';

type SystemBlock = NonNullable<ConverseRequestBody['system']>[number];
type ToolConfig = NonNullable<ConverseRequestBody['toolConfig']>;
/** Smithy's JSON document type; canonical JSON values are cast to it at the few places they enter. */
type Document = NonNullable<ConverseRequestBody['additionalModelRequestFields']>;
type ToolResultContent = Extract<WireContentBlock, { toolResult: unknown }>['toolResult']['content'];

/**
 * POST /model/{modelId}/converse, or /converse-stream for a stream.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
 */
export function toConverseRequest(call: ChatCall): UpstreamRequest {
  if (call.payload.kind !== 'canonical') {
    throw new GatewayError('internal', 'Bedrock Converse only accepts canonical requests.');
  }
  const action = call.stream ? 'converse-stream' : 'converse';
  return {
    method: 'POST',
    url: `${call.settings.baseUrl.replace(/\/+$/, '')}${modelPath(call.model)}/${action}`,
    headers: bedrockHeaders(call.settings.headers, call.apiKey, call.stream),
    body: JSON.stringify(toConverseBody(call.payload.request, call.model)),
  };
}

/** @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_RequestSyntax */
export function toConverseBody(request: ChatRequest, model: string): ConverseRequestBody {
  const body: ConverseRequestBody = { messages: toMessages(request.messages) };
  const system = toSystem(request);
  if (system.length > 0) body.system = system;
  const inference: NonNullable<ConverseRequestBody['inferenceConfig']> = {};
  if (request.maxTokens !== undefined) inference.maxTokens = request.maxTokens;
  if (request.temperature !== undefined) inference.temperature = request.temperature;
  if (request.topP !== undefined) inference.topP = request.topP;
  if (request.stop !== undefined && request.stop.length > 0) inference.stopSequences = request.stop;
  if (Object.keys(inference).length > 0) body.inferenceConfig = inference;
  const toolConfig = toToolConfig(request.tools, request.toolChoice, body.messages ?? []);
  if (toolConfig !== undefined) body.toolConfig = toolConfig;
  const additional = additionalFields(request, model);
  if (additional !== undefined) body.additionalModelRequestFields = additional as Document;
  if (request.responseFormat?.type === 'json-schema') {
    const format = request.responseFormat;
    // @see https://docs.aws.amazon.com/bedrock/latest/userguide/structured-output.html
    body.outputConfig = {
      textFormat: {
        type: 'json_schema',
        structure: {
          jsonSchema: {
            schema: JSON.stringify(format.schema),
            name: format.name,
            ...(format.description === undefined ? {} : { description: format.description }),
          },
        },
      },
    };
  }
  return body;
}

/**
 * Model-specific fields Converse does not model: Claude's thinking budget and top_k. Other families
 * name these differently or lack them, so they are not sent to them.
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-extended-thinking.html
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/conversation-inference-call.html
 */
function additionalFields(request: ChatRequest, model: string): Record<string, unknown> | undefined {
  if (!model.includes('anthropic.')) return undefined;
  const fields: Record<string, unknown> = {};
  if (request.reasoningBudget !== undefined) {
    fields.thinking = { type: 'enabled', budget_tokens: request.reasoningBudget };
  }
  if (request.topK !== undefined) fields.top_k = request.topK;
  return Object.keys(fields).length > 0 ? fields : undefined;
}

/**
 * System text blocks; an Anthropic cache marker becomes a cache point after its block. A plain JSON
 * response format has no Converse field, so it becomes one more system block (schemas use outputConfig).
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html
 */
function toSystem(request: ChatRequest): SystemBlock[] {
  const blocks: SystemBlock[] = [];
  for (const part of request.system) {
    if (part.text.trim() === '') continue;
    blocks.push({ text: part.text });
    if (hasCacheMarker(part.cacheControl)) blocks.push({ cachePoint: { type: 'default' } });
  }
  if (request.responseFormat?.type === 'json') {
    const instruction = jsonOutputInstruction(request.responseFormat);
    if (instruction !== undefined) blocks.push({ text: instruction });
  }
  return blocks;
}

/**
 * Canonical turns -> alternating user/assistant messages: tool turns become user turns of toolResult
 * blocks and consecutive turns of one role merge. Turns left empty are dropped.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Message.html
 */
function toMessages(messages: CanonicalMessage[]): WireMessage[] {
  const turns: WireMessage[] = [];
  for (const message of messages) {
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const content = message.content.flatMap(toContentBlocks);
    if (content.length === 0) continue;
    const last = turns.at(-1);
    if (last?.role === role && last.content !== undefined) appendAll(last.content, content);
    else turns.push({ role, content });
  }
  return turns;
}

/** @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ContentBlock.html */
function toContentBlocks(part: ContentPart): WireContentBlock[] {
  switch (part.type) {
    case 'text':
      // Converse rejects blank text blocks; they carry nothing.
      if (part.text.trim() === '') return [];
      return hasCacheMarker(part.cacheControl)
        ? [{ text: part.text }, { cachePoint: { type: 'default' } }]
        : [{ text: part.text }];
    case 'image':
      return [toImageBlock(part)];
    case 'tool-call':
      return [
        { toolUse: { toolUseId: part.id, name: part.name, input: toToolInput(part.arguments) as Document } },
      ];
    case 'tool-result':
      return [
        {
          toolResult: {
            toolUseId: part.toolCallId,
            content: toToolResultContent(part.content),
            ...(part.isError === true ? { status: 'error' as const } : {}),
          },
        },
      ];
    case 'reasoning':
      // Claude accepts a thinking block back only with its signature.
      // @see https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-extended-thinking.html
      return part.signature === undefined
        ? []
        : [{ reasoningContent: { reasoningText: { text: part.text, signature: part.signature } } }];
    case 'redacted-reasoning':
      return [{ reasoningContent: { redactedContent: part.data } }];
  }
}

function toToolResultContent(content: Array<TextPart | ImagePart>): ToolResultContent {
  const blocks: NonNullable<ToolResultContent> = content.flatMap((part): NonNullable<ToolResultContent> => {
    if (part.type === 'image') return [{ image: toImageBlock(part).image }];
    return part.text.trim() === '' ? [] : [{ text: part.text }];
  });
  // A tool result needs at least one block; an empty result is said in words.
  return blocks.length > 0 ? blocks : [{ text: '' }];
}

/**
 * Images travel as bytes (base64 in JSON). Bedrock cannot fetch URLs itself.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ImageBlock.html
 */
function toImageBlock(part: ImagePart): Extract<WireContentBlock, { image: unknown }> {
  const source = part.source;
  if (source.kind === 'url') {
    // The pipeline fetches http(s) images for bytes-only providers (src/pipeline/resolve-images.ts);
    // a URL still here is one it does not fetch (another scheme).
    throw new GatewayError(
      'invalid_request',
      'Bedrock models take images as bytes: send a base64 data URL or an http(s) URL the gateway may fetch.',
      { param: 'messages' },
    );
  }
  return { image: { format: imageFormat(source.mediaType), source: { bytes: source.data } } };
}

const imageFormats: Record<string, ImageFormat> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

function imageFormat(mediaType: string): ImageFormat {
  const format = imageFormats[mediaType.toLowerCase()];
  if (format === undefined) {
    throw new GatewayError(
      'invalid_request',
      `Bedrock accepts png, jpeg, gif and webp images, not ${JSON.stringify(mediaType.slice(0, 60))}.`,
      { param: 'messages' },
    );
  }
  return format;
}

/**
 * Tools as toolSpec with a JSON schema. Converse has no "none": with tool blocks already in the
 * conversation Bedrock requires toolConfig, so the tools stay (auto); otherwise they are left out.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolConfiguration.html
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolChoice.html
 */
function toToolConfig(
  tools: ToolDefinition[] | undefined,
  choice: CanonicalToolChoice | undefined,
  messages: WireMessage[],
): ToolConfig | undefined {
  if (tools === undefined || tools.length === 0) return undefined;
  if (choice?.type === 'none' && !usesTools(messages)) return undefined;
  const config: ToolConfig = {
    tools: tools.map((tool) => ({
      toolSpec: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        inputSchema: { json: { type: 'object', ...tool.parameters } },
      },
    })),
  };
  switch (choice?.type) {
    case 'auto':
      config.toolChoice = { auto: {} };
      break;
    case 'required':
      config.toolChoice = { any: {} };
      break;
    case 'tool':
      config.toolChoice = { tool: { name: choice.name } };
      break;
    case 'none':
    case undefined:
      break;
  }
  return config;
}

function usesTools(messages: WireMessage[]): boolean {
  return messages.some((message) =>
    (message.content ?? []).some((block) => 'toolUse' in block || 'toolResult' in block),
  );
}

function hasCacheMarker(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Embeddings through InvokeModel: Titan text (v1, v2) embeds one text per call; Cohere embeds up to 96.
 * Floats are always asked for: the gateway encodes base64 itself when the client wants it.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html
 */
export function toEmbeddingsRequest(
  request: EmbeddingsRequest,
  settings: ProviderSettings,
  apiKey: string,
): UpstreamRequest {
  return {
    method: 'POST',
    url: `${settings.baseUrl.replace(/\/+$/, '')}${modelPath(request.model)}/invoke`,
    headers: bedrockHeaders(settings.headers, apiKey, false),
    body: JSON.stringify(toEmbeddingsBody(request)),
  };
}

function toEmbeddingsBody(request: EmbeddingsRequest): TitanEmbeddingsRequest | CohereEmbeddingsRequest {
  const model = request.model;
  const input = textInputs(request);
  if (model.includes('cohere.embed')) {
    const body: CohereEmbeddingsRequest = {
      texts: input,
      input_type: 'search_document',
      embedding_types: ['float'],
    };
    if (request.dimensions !== undefined) {
      if (!model.includes('embed-v4')) throw unsupportedDimensions(model);
      body.output_dimension = request.dimensions;
    }
    return body;
  }
  if (!model.includes('amazon.titan-embed')) {
    throw new GatewayError(
      'invalid_request',
      `The Bedrock model "${model}" is not a supported embeddings model (amazon.titan-embed-*, cohere.embed-*).`,
      { param: 'model' },
    );
  }
  const [text, ...rest] = input;
  if (text === undefined || rest.length > 0) {
    throw new GatewayError(
      'invalid_request',
      'Titan embeddings models embed exactly one input per request.',
      {
        param: 'input',
      },
    );
  }
  if (!model.includes('text-v2')) {
    if (request.dimensions !== undefined) throw unsupportedDimensions(model);
    return { inputText: text };
  }
  return {
    inputText: text,
    ...(request.dimensions === undefined ? {} : { dimensions: request.dimensions }),
    normalize: true,
    embeddingTypes: ['float'],
  };
}

function unsupportedDimensions(model: string): GatewayError {
  return new GatewayError('invalid_request', `The Bedrock model "${model}" does not take dimensions.`, {
    param: 'dimensions',
  });
}
