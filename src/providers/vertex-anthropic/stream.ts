// `:streamRawPredict` streams the first-party Messages API events (message_start ... message_stop),
// so the Anthropic decoder reads them, and same-dialect clients get them verbatim.
// @see https://docs.anthropic.com/en/api/claude-on-vertex-ai

export { AnthropicStreamDecoder as VertexAnthropicStreamDecoder } from '../anthropic/stream.js';
