// Scenario `stream-cut`: an Azure stream that stops after some text, with neither finish_reason
// nor [DONE]: the decoder must not report a clean end.

import type { ProviderFixture } from '../../fixture.js';
import type { AzureChatCompletionChunk } from '../api.js';

const base = {
  id: 'chatcmpl-azure-cut-1',
  object: 'chat.completion.chunk',
  created: 1735689605,
  model: 'gpt-4o-mini-2024-07-18',
} as const;

const chunks = [
  {
    id: '',
    object: '',
    created: 0,
    model: '',
    choices: [],
    prompt_filter_results: [
      { prompt_index: 0, content_filter_results: { hate: { filtered: false, severity: 'safe' } } },
    ],
  },
  {
    ...base,
    choices: [{ index: 0, delta: { role: 'assistant', content: 'One, two' }, finish_reason: null }],
  },
] satisfies AzureChatCompletionChunk[];

export const fixture: ProviderFixture = {
  scenario: 'stream-cut',
  request: {
    model: 'my-gpt-4o-mini',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Count to ten.' }] }],
    stream: true,
    streamUsage: false,
  },
  expectedBody: { model: 'my-gpt-4o-mini', stream: true },
  upstream: { status: 200, sse: chunks.map((chunk) => ({ data: JSON.stringify(chunk) })) },
  expected: {
    kind: 'stream',
    events: [
      {
        type: 'response-start',
        id: 'chatcmpl-azure-cut-1',
        model: 'gpt-4o-mini-2024-07-18',
        created: 1735689605,
      },
      { type: 'text-delta', text: 'One, two' },
    ],
    done: false,
  },
};
