// Scenario `rate-limited`: a 429 with retry-after, in Anthropic's documented error shape.

import type { ErrorResponse } from '@anthropic-ai/sdk/resources/shared';
import type { ProviderFixture } from '../../fixture.js';

/** @see https://docs.anthropic.com/en/api/rate-limits */
const body = {
  type: 'error',
  error: {
    type: 'rate_limit_error',
    message: 'Number of request tokens has exceeded your per-minute rate limit.',
  },
  request_id: 'req_011RateLimited',
} satisfies ErrorResponse;

export const rateLimited: ProviderFixture = {
  scenario: 'rate-limited',
  request: {
    model: 'claude-sonnet-4-6',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello again.' }] }],
    stream: false,
    streamUsage: false,
    maxTokens: 64,
  },
  expectedBody: {
    max_tokens: 64,
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello again.' }] }],
  },
  upstream: {
    status: 429,
    headers: { 'content-type': 'application/json', 'retry-after': '30' },
    json: body,
  },
  expected: { kind: 'error', code: 'rate_limited', status: 429, retryAfterSeconds: 30 },
};
