// Scenario `text`: an Azure stream on the default api-version (2024-10-21, no stream_options):
// the prompt-filter chunk first (empty id, no choices), content chunks annotated with filter
// verdicts, no usage chunk.

import type { ProviderFixture } from '../../fixture.js';
import type { AzureChatCompletionChunk, ContentFilterResults } from '../api.js';

const safe: ContentFilterResults = {
  hate: { filtered: false, severity: 'safe' },
  self_harm: { filtered: false, severity: 'safe' },
  sexual: { filtered: false, severity: 'safe' },
  violence: { filtered: false, severity: 'safe' },
};

const base = {
  id: 'chatcmpl-azure-text-1',
  object: 'chat.completion.chunk',
  created: 1735689600,
  model: 'gpt-4o-mini-2024-07-18',
  system_fingerprint: 'fp_azure1',
} as const;

const chunks = [
  {
    id: '',
    object: '',
    created: 0,
    model: '',
    choices: [],
    prompt_filter_results: [
      {
        prompt_index: 0,
        content_filter_results: { ...safe, jailbreak: { filtered: false, detected: false } },
      },
    ],
  },
  {
    ...base,
    choices: [
      {
        index: 0,
        delta: { role: 'assistant', content: '' },
        finish_reason: null,
        content_filter_results: {},
      },
    ],
  },
  {
    ...base,
    choices: [{ index: 0, delta: { content: 'Hello' }, finish_reason: null, content_filter_results: safe }],
  },
  {
    ...base,
    choices: [
      { index: 0, delta: { content: ', world!' }, finish_reason: null, content_filter_results: safe },
    ],
  },
  { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop', content_filter_results: {} }] },
] satisfies AzureChatCompletionChunk[];

export const fixture: ProviderFixture = {
  scenario: 'text',
  request: {
    model: 'my-gpt-4o-mini',
    system: [{ type: 'text', text: 'You are terse.' }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Greet the world.' }] }],
    stream: true,
    streamUsage: true,
    maxTokens: 64,
    temperature: 0.2,
  },
  expectedBody: {
    model: 'my-gpt-4o-mini',
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Greet the world.' },
    ],
    stream: true,
    max_completion_tokens: 64,
    temperature: 0.2,
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
        id: 'chatcmpl-azure-text-1',
        model: 'gpt-4o-mini-2024-07-18',
        created: 1735689600,
      },
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: ', world!' },
      { type: 'finish', reason: 'stop' },
    ],
    done: true,
  },
};
