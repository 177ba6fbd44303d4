// Scenario `text`: a streamed plain-text answer from ConverseStream. Events are typed with the official
// SDK's ConverseStreamOutput (as JSON) and sent by the mock as binary event-stream messages.

import { expect } from 'vitest';
import { unionEvent } from '../../../upstream/event-stream-writer.js';
import type { ProviderFixture } from '../../fixture.js';
import type { ConverseStreamEvent } from '../api.js';

/** @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html#API_runtime_ConverseStream_ResponseSyntax */
const events = [
  { messageStart: { role: 'assistant' } },
  { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'Hello' } } },
  { contentBlockDelta: { contentBlockIndex: 0, delta: { text: ', world!' } } },
  { contentBlockStop: { contentBlockIndex: 0 } },
  { messageStop: { stopReason: 'end_turn' } },
  {
    metadata: {
      usage: { inputTokens: 12, outputTokens: 6, totalTokens: 18 },
      metrics: { latencyMs: 310 },
    },
  },
] satisfies ConverseStreamEvent[];

export const text: ProviderFixture = {
  scenario: 'text',
  request: {
    model: 'anthropic.claude-3-5-haiku-20241022-v1:0',
    system: [{ type: 'text', text: 'You are terse.' }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hello.' }] }],
    stream: true,
    streamUsage: true,
    maxTokens: 256,
    temperature: 0.2,
    stop: ['END'],
  },
  expectedBody: {
    system: [{ text: 'You are terse.' }],
    messages: [{ role: 'user', content: [{ text: 'Say hello.' }] }],
    inferenceConfig: { maxTokens: 256, temperature: 0.2, stopSequences: ['END'] },
  },
  upstream: { status: 200, sse: events.map(unionEvent) },
  expected: {
    kind: 'stream',
    events: [
      // Bedrock's stream carries no id, model or time: the decoder supplies them.
      {
        type: 'response-start',
        id: expect.stringMatching(/^bedrock-/),
        model: '',
        created: expect.any(Number),
      },
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: ', world!' },
      { type: 'finish', reason: 'stop' },
      {
        type: 'usage',
        usage: {
          inputTokens: 12,
          outputTokens: 6,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          reported: { inputTokens: 12, outputTokens: 6, totalTokens: 18 },
        },
      },
    ],
    done: true,
  },
};
