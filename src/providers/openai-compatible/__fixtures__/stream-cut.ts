// Scenario `stream-cut`: an Ollama stream that stops after some reasoning and text, with neither
// finish_reason nor [DONE]: the decoder must not report a clean end.

import type { ProviderFixture } from '../../fixture.js';
import type { CompatibleChatCompletionChunk } from '../api.js';

const base = {
  id: 'chatcmpl-977',
  object: 'chat.completion.chunk',
  created: 1735689705,
  model: 'qwen3:8b',
} as const;

const chunks = [
  {
    ...base,
    choices: [
      { index: 0, delta: { role: 'assistant', content: '', reasoning: 'Counting' }, finish_reason: null },
    ],
  },
  {
    ...base,
    choices: [{ index: 0, delta: { role: 'assistant', content: 'One, two' }, finish_reason: null }],
  },
] satisfies CompatibleChatCompletionChunk[];

export const fixture: ProviderFixture = {
  scenario: 'stream-cut',
  request: {
    model: 'qwen3:8b',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Count to ten.' }] }],
    stream: true,
    streamUsage: false,
  },
  expectedBody: { model: 'qwen3:8b', stream: true },
  upstream: { status: 200, sse: chunks.map((chunk) => ({ data: JSON.stringify(chunk) })) },
  expected: {
    kind: 'stream',
    events: [
      { type: 'response-start', id: 'chatcmpl-977', model: 'qwen3:8b', created: 1735689705 },
      { type: 'reasoning-delta', text: 'Counting' },
      { type: 'text-delta', text: 'One, two' },
    ],
    done: false,
  },
};
