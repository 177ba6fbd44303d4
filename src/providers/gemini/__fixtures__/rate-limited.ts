// Scenario `rate-limited`: 429 RESOURCE_EXHAUSTED with Google's RetryInfo detail, whose
// retryDelay ("37s") becomes the Retry-After the client sees.

import type { ProviderFixture } from '../../fixture.js';
import type { GoogleErrorBody } from '../api.js';

/** @see https://ai.google.dev/gemini-api/docs/rate-limits */
const body = {
  error: {
    code: 429,
    message: 'You exceeded your current quota, please check your plan and billing details.',
    status: 'RESOURCE_EXHAUSTED',
    details: [
      {
        '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
        violations: [
          { quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests' },
        ],
      },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '37s' },
    ],
  },
} satisfies GoogleErrorBody;

export const fixture: ProviderFixture = {
  scenario: 'rate-limited',
  request: {
    model: 'gemini-2.5-flash',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello again.' }] }],
    stream: false,
    streamUsage: false,
  },
  expectedBody: { contents: [{ role: 'user', parts: [{ text: 'Hello again.' }] }] },
  upstream: { status: 429, json: body },
  expected: { kind: 'error', code: 'rate_limited', status: 429, retryAfterSeconds: 37 },
};
