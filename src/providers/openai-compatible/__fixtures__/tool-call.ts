// Scenario `tool-call`: a non-streamed tool call from an Ollama thinking model, which puts its
// reasoning in `reasoning` beside the call.

import type { ProviderFixture } from '../../fixture.js';
import type { CompatibleChatCompletion } from '../api.js';

const completion = {
  id: 'chatcmpl-342',
  object: 'chat.completion',
  created: 1735689701,
  model: 'qwen3:8b',
  system_fingerprint: 'fp_ollama',
  choices: [
    {
      index: 0,
      finish_reason: 'tool_calls',
      logprobs: null,
      message: {
        role: 'assistant',
        content: '',
        refusal: null,
        reasoning: 'I should look up the weather.',
        tool_calls: [
          {
            id: 'call_x1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Oslo"}' },
          },
        ],
      },
    },
  ],
  usage: { prompt_tokens: 150, completion_tokens: 30, total_tokens: 180 },
} satisfies CompatibleChatCompletion;

const tool = {
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

export const fixture: ProviderFixture = {
  scenario: 'tool-call',
  request: {
    model: 'qwen3:8b',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather in Oslo?' }] }],
    stream: false,
    streamUsage: false,
    tools: [tool],
    toolChoice: { type: 'required' },
  },
  expectedBody: {
    model: 'qwen3:8b',
    tools: [{ type: 'function', function: tool }],
    tool_choice: 'required',
  },
  upstream: { status: 200, json: completion },
  expected: {
    kind: 'response',
    response: {
      id: 'chatcmpl-342',
      model: 'qwen3:8b',
      content: [
        { type: 'reasoning', text: 'I should look up the weather.' },
        { type: 'tool-call', id: 'call_x1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
      ],
      finishReason: 'tool-calls',
      usage: { inputTokens: 150, outputTokens: 30, cacheReadTokens: 0, cacheWriteTokens: 0 },
    },
  },
};
