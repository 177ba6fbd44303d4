// Scenario `rate-limited`: Groq's 429 in OpenAI's error shape, with Retry-After in seconds.

import type { ProviderFixture } from '../../fixture.js';
import type { ErrorResponseBody } from '../../openai/api.js';

const body = {
  error: {
    message:
      'Rate limit reached for model `llama-3.3-70b-versatile` on tokens per minute (TPM): Limit 6000, Used 5990.',
    type: 'tokens',
    param: null,
    code: 'rate_limit_exceeded',
  },
} satisfies ErrorResponseBody;

export const fixture: ProviderFixture = {
  scenario: 'rate-limited',
  request: {
    model: 'llama-3.3-70b-versatile',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    stream: false,
    streamUsage: false,
  },
  expectedBody: { model: 'llama-3.3-70b-versatile' },
  upstream: { status: 429, headers: { 'retry-after': '12' }, json: body },
  expected: { kind: 'error', code: 'rate_limited', status: 429, retryAfterSeconds: 12 },
};
