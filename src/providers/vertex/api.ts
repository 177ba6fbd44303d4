// Vertex AI wire types: generateContent is the Gemini API's body and answer (re-exported from
// ../gemini/api.ts); the text-embeddings `:predict` call has its own shapes, which the SDK does not
// declare for the raw REST call, so they are written here. Types and constants only.

export type {
  GenerateContentRequestBody,
  GenerateContentResponseBody,
  GoogleErrorBody,
} from '../gemini/api.js';

/**
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api#request_body
 */
export interface PredictEmbeddingsRequestBody {
  instances: Array<{ content: string }>;
  parameters?: { outputDimensionality?: number };
}

/**
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api#response_body
 */
export interface PredictEmbeddingsResponseBody {
  predictions?: Array<{
    embeddings?: { values?: number[]; statistics?: { token_count?: number; truncated?: boolean } };
  }>;
  metadata?: { billableCharacterCount?: number };
}

/**
 * Used when a deployment names no location.
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/learn/locations
 */
export const DEFAULT_LOCATION = 'us-central1';
