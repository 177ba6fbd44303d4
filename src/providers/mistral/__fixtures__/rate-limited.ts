// Scenario `rate-limited`: a 429 before any stream starts, in Mistral's error envelope, with
// Retry-After in seconds.

import type { ProviderFixture } from '../../fixture.js';
import type { MistralErrorBody } from '../api.js';

const body = {
  object: 'error',
  message: 'Rate limit exceeded',
  type: 'rate_limited',
  param: null,
  code: '1300',
  raw_status_code: 429,
} satisfies MistralErrorBody;

export const fixture: ProviderFixture = {
  scenario: 'rate-limited',
  request: {
    model: 'mistral-small-latest',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello?' }] }],
    stream: true,
    streamUsage: false,
  },
  expectedBody: { model: 'mistral-small-latest', stream: true },
  upstream: {
    status: 429,
    headers: { 'retry-after': '7', 'x-ratelimit-remaining-req-minute': '0' },
    json: body,
  },
  expected: { kind: 'error', code: 'rate_limited', status: 429, retryAfterSeconds: 7 },
};
