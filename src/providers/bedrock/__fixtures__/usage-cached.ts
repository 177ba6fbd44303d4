// Scenario `usage-cached`: a cached system prompt. Converse counts cache reads and writes outside
// inputTokens; canonical inputTokens counts all of them (see src/core/usage.ts).

import type { ProviderFixture } from '../../fixture.js';
import type { ConverseResponseBody } from '../api.js';

const manual = 'You answer questions about the attached 40-page manual. '.repeat(4).trim();

/** @see https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html */
const response = {
  output: { message: { role: 'assistant', content: [{ text: 'Page 12 covers installation.' }] } },
  stopReason: 'end_turn',
  usage: {
    inputTokens: 25,
    outputTokens: 40,
    totalTokens: 2065,
    cacheReadInputTokens: 1800,
    cacheWriteInputTokens: 200,
  },
  metrics: { latencyMs: 700 },
} satisfies ConverseResponseBody;

export const usageCached: ProviderFixture = {
  scenario: 'usage-cached',
  request: {
    model: 'anthropic.claude-3-7-sonnet-20250219-v1:0',
    system: [{ type: 'text', text: manual, cacheControl: { type: 'ephemeral' } }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Where is installation covered?' }] }],
    stream: false,
    streamUsage: false,
    maxTokens: 300,
  },
  expectedBody: {
    system: [{ text: manual }, { cachePoint: { type: 'default' } }],
    inferenceConfig: { maxTokens: 300 },
  },
  upstream: { status: 200, json: response },
  expected: {
    kind: 'response',
    response: {
      content: [{ type: 'text', text: 'Page 12 covers installation.' }],
      finishReason: 'stop',
      usage: { inputTokens: 2025, outputTokens: 40, cacheReadTokens: 1800, cacheWriteTokens: 200 },
    },
  },
};
