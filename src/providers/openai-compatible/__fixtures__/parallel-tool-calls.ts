// Scenario `parallel-tool-calls`: a Groq stream with two interleaved tool calls, whose usage comes
// only in `x_groq.usage` on the final chunk.

import type { ProviderFixture } from '../../fixture.js';
import type { CompatibleChatCompletionChunk } from '../api.js';

const base = {
  id: 'chatcmpl-groq-1',
  object: 'chat.completion.chunk',
  created: 1735689702,
  model: 'llama-3.3-70b-versatile',
} as const;

function toolDelta(
  index: number,
  call: { id?: string; name?: string; arguments: string },
): CompatibleChatCompletionChunk {
  const fields =
    call.id === undefined
      ? { index, function: { arguments: call.arguments } }
      : {
          index,
          id: call.id,
          type: 'function' as const,
          function: { name: call.name, arguments: call.arguments },
        };
  return { ...base, choices: [{ index: 0, delta: { tool_calls: [fields] }, finish_reason: null }] };
}

const reportedUsage = { prompt_tokens: 210, completion_tokens: 44, total_tokens: 254 };

const chunks = [
  {
    ...base,
    choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
    x_groq: { id: 'req_01' },
  },
  toolDelta(0, { id: 'call_a', name: 'lookup', arguments: '{"q":' }),
  toolDelta(1, { id: 'call_b', name: 'lookup', arguments: '{"q":' }),
  toolDelta(1, { arguments: '"beta"}' }),
  toolDelta(0, { arguments: '"alpha"}' }),
  {
    ...base,
    choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }],
    x_groq: { id: 'req_01', usage: reportedUsage },
  },
] satisfies CompatibleChatCompletionChunk[];

const tool = { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } };

export const fixture: ProviderFixture = {
  scenario: 'parallel-tool-calls',
  request: {
    model: 'llama-3.3-70b-versatile',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Look up alpha and beta.' }] }],
    stream: true,
    streamUsage: false,
    tools: [tool],
    parallelToolCalls: true,
  },
  expectedBody: {
    model: 'llama-3.3-70b-versatile',
    stream: true,
    tools: [{ type: 'function', function: tool }],
    parallel_tool_calls: true,
  },
  upstream: {
    status: 200,
    sse: [...chunks.map((chunk) => ({ data: JSON.stringify(chunk) })), { data: '[DONE]' }],
  },
  expected: {
    kind: 'stream',
    events: [
      {
        type: 'response-start',
        id: 'chatcmpl-groq-1',
        model: 'llama-3.3-70b-versatile',
        created: 1735689702,
      },
      { type: 'tool-call-start', index: 0, id: 'call_a', name: 'lookup' },
      { type: 'tool-call-delta', index: 0, arguments: '{"q":' },
      { type: 'tool-call-start', index: 1, id: 'call_b', name: 'lookup' },
      { type: 'tool-call-delta', index: 1, arguments: '{"q":' },
      { type: 'tool-call-delta', index: 1, arguments: '"beta"}' },
      { type: 'tool-call-delta', index: 0, arguments: '"alpha"}' },
      { type: 'finish', reason: 'tool-calls' },
      {
        type: 'usage',
        usage: {
          inputTokens: 210,
          outputTokens: 44,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          reported: reportedUsage,
        },
      },
    ],
    done: true,
  },
};
