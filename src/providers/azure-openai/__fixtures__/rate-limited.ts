// Scenario `rate-limited`: Azure's 429 (its code is the status as text), with both retry headers;
// retry-after-ms wins, to the millisecond.

import type { ProviderFixture } from '../../fixture.js';
import type { AzureErrorResponseBody } from '../api.js';

const body = {
  error: {
    code: '429',
    message:
      'Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 7 seconds.',
  },
} satisfies AzureErrorResponseBody;

export const fixture: ProviderFixture = {
  scenario: 'rate-limited',
  request: {
    model: 'my-gpt-4o',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    stream: false,
    streamUsage: false,
  },
  expectedBody: { model: 'my-gpt-4o' },
  upstream: { status: 429, headers: { 'retry-after': '7', 'retry-after-ms': '6500' }, json: body },
  expected: { kind: 'error', code: 'rate_limited', status: 429, retryAfterSeconds: 6.5 },
};
