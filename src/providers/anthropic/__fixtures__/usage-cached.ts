// Scenario `usage-cached`: a cached system prompt. Anthropic's input_tokens excludes cache reads and
// writes; canonical inputTokens counts all of them (see src/core/usage.ts).

import type { Message } from '@anthropic-ai/sdk/resources/messages';
import type { ProviderFixture } from '../../fixture.js';

const manual = 'You answer questions about the attached 40-page manual. '.repeat(4).trim();

/** @see https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance */
const message = {
  id: 'msg_01UsageCached',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-6',
  content: [{ type: 'text', text: 'Page 12 covers installation.', citations: null }],
  container: null,
  diagnostics: null,
  stop_details: null,
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: {
    input_tokens: 25,
    output_tokens: 40,
    cache_creation: { ephemeral_5m_input_tokens: 200, ephemeral_1h_input_tokens: 0 },
    cache_creation_input_tokens: 200,
    cache_read_input_tokens: 1800,
    inference_geo: null,
    output_tokens_details: null,
    server_tool_use: null,
    service_tier: 'standard',
    speed: null,
  },
} satisfies Message;

export const usageCached: ProviderFixture = {
  scenario: 'usage-cached',
  request: {
    model: 'claude-sonnet-4-6',
    system: [{ type: 'text', text: manual, cacheControl: { type: 'ephemeral' } }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Where is installation covered?' }] }],
    stream: false,
    streamUsage: false,
    maxTokens: 300,
  },
  expectedBody: {
    max_tokens: 300,
    system: [{ type: 'text', text: manual, cache_control: { type: 'ephemeral' } }],
  },
  upstream: { status: 200, headers: { 'content-type': 'application/json' }, json: message },
  expected: {
    kind: 'response',
    response: {
      id: 'msg_01UsageCached',
      content: [{ type: 'text', text: 'Page 12 covers installation.' }],
      finishReason: 'stop',
      usage: { inputTokens: 2025, outputTokens: 40, cacheReadTokens: 1800, cacheWriteTokens: 200 },
    },
  },
};
