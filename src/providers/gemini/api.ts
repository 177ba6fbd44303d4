// Gemini API (generativelanguage.googleapis.com) wire types, taken type-only from the official
// @google/genai SDK so the adapter and its fixtures cannot drift from the real format. The SDK
// declares enums; the wire carries their string values, so request types use those strings.
// Types and constants only: no logic here (the SDK is a development dependency).

import type {
  Content,
  ContentEmbedding,
  FunctionCallingConfigMode,
  GenerateContentResponse,
  GenerationConfig,
  MediaModality,
  Type,
} from '@google/genai';

export type {
  Candidate,
  Content,
  ContentEmbedding,
  FunctionCall,
  GenerateContentResponseUsageMetadata,
  ModalityTokenCount,
  Part,
} from '@google/genai';

/**
 * The JSON body of a generateContent answer, and of each streamed chunk: the SDK class without
 * its convenience getters (`text`, `functionCalls`, ...), which are not on the wire.
 * @see https://ai.google.dev/api/generate-content#generatecontentresponse
 */
export type GenerateContentResponseBody = Pick<
  GenerateContentResponse,
  'candidates' | 'promptFeedback' | 'usageMetadata' | 'modelVersion' | 'responseId' | 'createTime'
>;

/**
 * The OpenAPI-subset schema Gemini accepts for function parameters and response schemas.
 * @see https://ai.google.dev/api/caching#Schema
 */
export interface GeminiSchema {
  type?: `${Type}`;
  format?: string;
  title?: string;
  description?: string;
  nullable?: boolean;
  enum?: string[];
  properties?: Record<string, GeminiSchema>;
  required?: string[];
  propertyOrdering?: string[];
  items?: GeminiSchema;
  anyOf?: GeminiSchema[];
  minItems?: string;
  maxItems?: string;
  minLength?: string;
  maxLength?: string;
  minProperties?: string;
  maxProperties?: string;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  default?: unknown;
}

/** @see https://ai.google.dev/api/caching#FunctionDeclaration */
export interface FunctionDeclarationBody {
  name: string;
  description?: string;
  parameters?: GeminiSchema;
}

/** @see https://ai.google.dev/api/caching#ToolConfig */
export interface ToolConfigBody {
  functionCallingConfig: { mode: `${FunctionCallingConfigMode}`; allowedFunctionNames?: string[] };
}

/** @see https://ai.google.dev/api/generate-content#generationconfig */
export type GenerationConfigBody = Pick<
  GenerationConfig,
  | 'maxOutputTokens'
  | 'temperature'
  | 'topP'
  | 'topK'
  | 'stopSequences'
  | 'responseMimeType'
  | 'thinkingConfig'
> & { responseSchema?: GeminiSchema };

/**
 * The generateContent / streamGenerateContent request body (the same on Vertex AI).
 * @see https://ai.google.dev/api/generate-content#request-body
 */
export interface GenerateContentRequestBody {
  contents: Content[];
  systemInstruction?: Content;
  tools?: Array<{ functionDeclarations: FunctionDeclarationBody[] }>;
  toolConfig?: ToolConfigBody;
  generationConfig?: GenerationConfigBody;
}

/**
 * batchEmbedContents: one EmbedContentRequest per input, answered in order.
 * @see https://ai.google.dev/api/embeddings#method:-models.batchembedcontents
 */
export interface BatchEmbedContentsRequestBody {
  requests: Array<{ model: string; content: Content; outputDimensionality?: number }>;
}

/** @see https://ai.google.dev/api/embeddings#response-body_1 */
export interface BatchEmbedContentsResponseBody {
  embeddings?: ContentEmbedding[];
}

/**
 * Google's error envelope (google.rpc.Status as JSON), shared by the Gemini API and Vertex AI.
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
 * @see https://cloud.google.com/apis/design/errors#http_mapping
 */
export interface GoogleErrorBody {
  error: {
    code: number;
    message: string;
    status: string;
    details?: Array<{ '@type': string; [field: string]: unknown }>;
  };
}

/**
 * The modality a usage count is for (`TEXT`, `IMAGE`, `VIDEO`, `AUDIO`, `DOCUMENT`), as the wire
 * spells it.
 * @see https://ai.google.dev/api/generate-content#Modality
 */
export type ModalityName = `${MediaModality}`;

/** The header that carries a Google API key (kept out of URLs, so it cannot reach access logs). */
export const API_KEY_HEADER = 'x-goog-api-key';
