// Vertex AI errors use Google's shared envelope (`{"error": {code, message, status, details}}`),
// so the Gemini translator reads them; 429 RESOURCE_EXHAUSTED is Vertex's quota and capacity signal.
// @see https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/api-errors

export { fromGoogleError as fromVertexError } from '../gemini/error.js';
