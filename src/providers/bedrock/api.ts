// Bedrock Converse API wire types, taken type-only from the official @aws-sdk/client-bedrock-runtime so
// the adapter and its fixtures cannot drift from the real format, plus the endpoint paths.
// Types, constants and tiny path helpers only: no translation logic here.

import type {
  ContentBlockDeltaEvent,
  ContentBlockStartEvent,
  ConverseRequest,
  ConverseResponse,
  ConverseStreamMetadataEvent,
  ConverseStreamOutput,
  MessageStopEvent,
  TokenUsage,
} from '@aws-sdk/client-bedrock-runtime';

export type {
  ContentBlock,
  ContentBlockDelta,
  ConversationRole,
  ConverseStreamOutput,
  ImageFormat,
  StopReason,
  SystemContentBlock,
  Tool,
  ToolChoice,
  ToolResultContentBlock,
} from '@aws-sdk/client-bedrock-runtime';

/**
 * The SDK's types hold blobs (image bytes, redacted reasoning) as Uint8Array; on the JSON wire they
 * are base64 text. Wire<T> is the SDK type as the JSON the HTTP API actually carries.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ImageSource.html
 */
export type Wire<T> = T extends Uint8Array
  ? string
  : T extends Date
    ? string
    : T extends Array<infer Item>
      ? Array<Wire<Item>>
      : T extends object
        ? { [Key in keyof T]: Wire<T[Key]> }
        : T;

/**
 * The Converse request body: the model id travels in the path.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */
export type ConverseRequestBody = Wire<Omit<ConverseRequest, 'modelId'>>;
export type ConverseResponseBody = Wire<ConverseResponse>;
export type ConverseStreamEvent = Wire<ConverseStreamOutput>;
export type ConverseUsage = Wire<TokenUsage>;
/** The payloads of ConverseStream's events, as JSON. */
export type BlockStartEvent = Wire<ContentBlockStartEvent>;
export type BlockDeltaEvent = Wire<ContentBlockDeltaEvent>;
export type StopEvent = Wire<MessageStopEvent>;
export type MetadataEvent = Wire<ConverseStreamMetadataEvent>;
export type WireContentBlock = NonNullable<ConverseRequestBody['messages']>[number]['content'] extends
  Array<infer Block> | undefined
  ? Block
  : never;
export type WireMessage = NonNullable<ConverseRequestBody['messages']>[number];

/**
 * Bedrock's model ids contain ':' (anthropic.claude-3-5-haiku-20241022-v1:0) and ARNs contain '/', so
 * the id is one encoded path segment. Like the AWS SDKs, the characters encodeURIComponent leaves
 * alone but RFC 3986 reserves are encoded too.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_RequestSyntax
 */
export function modelPath(model: string): string {
  return `/model/${encodeURIComponent(model).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/** @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html */
export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

/**
 * The deployment's headers, then JSON in and the framing expected out; an API key as a bearer token
 * last, so no configured header replaces it (without one, the SigV4 authorizer signs the request).
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys-use.html
 */
export function bedrockHeaders(
  settingsHeaders: Record<string, string>,
  apiKey: string,
  stream: boolean,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(settingsHeaders)) headers[name.toLowerCase()] = value;
  headers['content-type'] = 'application/json';
  headers.accept = stream ? EVENT_STREAM_CONTENT_TYPE : 'application/json';
  if (apiKey !== '') headers.authorization = `Bearer ${apiKey}`;
  return headers;
}

/**
 * InvokeModel bodies of the embedding models (the SDK types InvokeModel's body as opaque bytes).
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html
 */
export interface TitanEmbeddingsRequest {
  inputText: string;
  /** v2 only: 256, 512 or 1024. */
  dimensions?: number;
  normalize?: boolean;
  embeddingTypes?: Array<'float' | 'binary'>;
}

export interface TitanEmbeddingsResponse {
  embedding?: number[];
  embeddingsByType?: { float?: number[] };
  inputTextTokenCount?: number;
}

/** @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html */
export interface CohereEmbeddingsRequest {
  texts: string[];
  input_type: 'search_document' | 'search_query' | 'classification' | 'clustering';
  embedding_types?: Array<'float' | 'int8' | 'uint8' | 'binary' | 'ubinary'>;
  /** embed-v4 only. */
  output_dimension?: number;
}

export interface CohereEmbeddingsResponse {
  id?: string;
  /** `embeddings_floats`: one array per text; `embeddings_by_type`: arrays per requested type. */
  embeddings?: number[][] | { float?: number[][] };
  response_type?: 'embeddings_floats' | 'embeddings_by_type';
  texts?: string[];
}
