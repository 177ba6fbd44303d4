// Scenario `overloaded`: Anthropic's 529 overloaded_error, distinct from a 429 rate limit.

import type { ErrorResponse } from '@anthropic-ai/sdk/resources/shared';
import type { ProviderFixture } from '../../fixture.js';

/** @see https://docs.anthropic.com/en/api/errors */
const body = {
  type: 'error',
  error: { type: 'overloaded_error', message: 'Overloaded' },
  request_id: 'req_011Overloaded',
} satisfies ErrorResponse;

export const overloaded: ProviderFixture = {
  scenario: 'overloaded',
  request: {
    model: 'claude-sonnet-4-6',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Translate this.' }] }],
    stream: true,
    streamUsage: true,
    maxTokens: 512,
  },
  expectedBody: { max_tokens: 512, stream: true },
  upstream: { status: 529, headers: { 'content-type': 'application/json' }, json: body },
  expected: { kind: 'error', code: 'overloaded', status: 529 },
};
