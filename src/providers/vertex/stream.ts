// Vertex AI streams Gemini models exactly as the Gemini API does (streamGenerateContent with
// alt=sse, whole GenerateContentResponse chunks, no [DONE]); the Gemini decoder reads both.
// @see https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference#stream

export { GeminiStreamDecoder as VertexStreamDecoder } from '../gemini/stream.js';
