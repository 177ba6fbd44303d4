// Claude on Vertex AI answers with the first-party Messages API body, so the Anthropic translator
// reads it unchanged.
// @see https://docs.anthropic.com/en/api/claude-on-vertex-ai

export { fromAnthropicResponse as fromVertexAnthropicResponse } from '../anthropic/response.js';
