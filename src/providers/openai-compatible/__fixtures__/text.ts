// Scenario `text`: a streamed answer from a reasoning model on DeepSeek/vLLM-style servers:
// `reasoning_content` deltas first, then text, with usage beside finish_reason (llama.cpp style).

import type { ProviderFixture } from '../../fixture.js';
import type { CompatibleChatCompletionChunk } from '../api.js';

const base = {
  id: 'chatcmpl-compat-text',
  object: 'chat.completion.chunk',
  created: 1735689700,
  model: 'deepseek-reasoner',
} as const;

const reportedUsage = {
  prompt_tokens: 11,
  completion_tokens: 9,
  total_tokens: 20,
  completion_tokens_details: { reasoning_tokens: 5 },
};

const chunks = [
  {
    ...base,
    choices: [
      { index: 0, delta: { role: 'assistant', content: null, reasoning_content: '' }, finish_reason: null },
    ],
  },
  {
    ...base,
    choices: [
      { index: 0, delta: { content: null, reasoning_content: 'The user wants' }, finish_reason: null },
    ],
  },
  {
    ...base,
    choices: [{ index: 0, delta: { content: null, reasoning_content: ' a greeting.' }, finish_reason: null }],
  },
  {
    ...base,
    choices: [{ index: 0, delta: { content: 'Hello', reasoning_content: null }, finish_reason: null }],
  },
  { ...base, choices: [{ index: 0, delta: { content: ' there!' }, finish_reason: null }] },
  {
    ...base,
    choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
    usage: reportedUsage,
  },
] satisfies CompatibleChatCompletionChunk[];

export const fixture: ProviderFixture = {
  scenario: 'text',
  request: {
    model: 'deepseek-reasoner',
    system: [{ type: 'text', text: 'Be brief.' }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hello.' }] }],
    stream: true,
    streamUsage: true,
    maxTokens: 256,
  },
  expectedBody: {
    model: 'deepseek-reasoner',
    stream: true,
    max_tokens: 256,
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Say hello.' },
    ],
  },
  upstream: {
    status: 200,
    sse: [...chunks.map((chunk) => ({ data: JSON.stringify(chunk) })), { data: '[DONE]' }],
  },
  expected: {
    kind: 'stream',
    events: [
      { type: 'response-start', id: 'chatcmpl-compat-text', model: 'deepseek-reasoner', created: 1735689700 },
      { type: 'reasoning-delta', text: 'The user wants' },
      { type: 'reasoning-delta', text: ' a greeting.' },
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: ' there!' },
      { type: 'finish', reason: 'stop' },
      {
        type: 'usage',
        usage: {
          inputTokens: 11,
          outputTokens: 9,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          reasoningTokens: 5,
          reported: reportedUsage,
        },
      },
    ],
    done: true,
  },
};
