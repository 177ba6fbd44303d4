// Scenario `upstream-5xx`: Anthropic's 500 api_error; the gateway reports it as a 502 upstream_error.

import type { ErrorResponse } from '@anthropic-ai/sdk/resources/shared';
import type { ProviderFixture } from '../../fixture.js';

/** @see https://docs.anthropic.com/en/api/errors */
const body = {
  type: 'error',
  error: { type: 'api_error', message: 'Internal server error' },
  request_id: 'req_011ApiError',
} satisfies ErrorResponse;

export const upstream5xx: ProviderFixture = {
  scenario: 'upstream-5xx',
  request: {
    model: 'claude-sonnet-4-6',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Summarise this.' }] }],
    stream: false,
    streamUsage: false,
    maxTokens: 512,
  },
  expectedBody: { max_tokens: 512 },
  upstream: { status: 500, headers: { 'content-type': 'application/json' }, json: body },
  expected: { kind: 'error', code: 'upstream_error', status: 502 },
};
