// Scenario `tool-call`: a whole answer calling one function, with Azure's filter verdicts beside it.

import type { ProviderFixture } from '../../fixture.js';
import type { AzureChatCompletion } from '../api.js';

const completion = {
  id: 'chatcmpl-azure-tool-1',
  object: 'chat.completion',
  created: 1735689601,
  model: 'gpt-4o-2024-08-06',
  prompt_filter_results: [
    {
      prompt_index: 0,
      content_filter_results: {
        hate: { filtered: false, severity: 'safe' },
        jailbreak: { filtered: false, detected: false },
      },
    },
  ],
  choices: [
    {
      index: 0,
      finish_reason: 'tool_calls',
      logprobs: null,
      message: {
        role: 'assistant',
        content: null,
        refusal: null,
        tool_calls: [
          {
            id: 'call_azure_weather',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Oslo"}' },
          },
        ],
      },
      content_filter_results: {},
    },
  ],
  usage: { prompt_tokens: 60, completion_tokens: 15, total_tokens: 75 },
} satisfies AzureChatCompletion;

const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

export const fixture: ProviderFixture = {
  scenario: 'tool-call',
  request: {
    model: 'my-gpt-4o',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather in Oslo?' }] }],
    stream: false,
    streamUsage: false,
    tools: [{ name: 'get_weather', description: 'Current weather', parameters }],
    toolChoice: { type: 'tool', name: 'get_weather' },
  },
  expectedBody: {
    model: 'my-gpt-4o',
    tools: [
      { type: 'function', function: { name: 'get_weather', description: 'Current weather', parameters } },
    ],
    tool_choice: { type: 'function', function: { name: 'get_weather' } },
  },
  upstream: { status: 200, json: completion },
  expected: {
    kind: 'response',
    response: {
      id: 'chatcmpl-azure-tool-1',
      content: [
        { type: 'tool-call', id: 'call_azure_weather', name: 'get_weather', arguments: '{"city":"Oslo"}' },
      ],
      finishReason: 'tool-calls',
      usage: { inputTokens: 60, outputTokens: 15, cacheReadTokens: 0, cacheWriteTokens: 0 },
    },
  },
};
