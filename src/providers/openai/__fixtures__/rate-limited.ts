// Scenario `rate-limited`: a 429 before any stream starts, with Retry-After in seconds.

import type { ProviderFixture } from '../../fixture.js';
import type { ErrorResponseBody } from '../api.js';

const body = {
  error: {
    message:
      'Rate limit reached for gpt-4o-mini in organization org-gateway on tokens per min (TPM): Limit 200000.',
    type: 'tokens',
    param: null,
    code: 'rate_limit_exceeded',
  },
} satisfies ErrorResponseBody;

export const fixture: ProviderFixture = {
  scenario: 'rate-limited',
  request: {
    model: 'gpt-4o-mini',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello?' }] }],
    stream: true,
    streamUsage: false,
  },
  expectedBody: { model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true } },
  upstream: {
    status: 429,
    headers: { 'retry-after': '7', 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '6.5s' },
    json: body,
  },
  expected: { kind: 'error', code: 'rate_limited', status: 429, retryAfterSeconds: 7 },
};
