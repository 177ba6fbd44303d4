// Scenario `invalid-request`: a 400 invalid_request_error (temperature out of Anthropic's 0..1 range).

import type { ErrorResponse } from '@anthropic-ai/sdk/resources/shared';
import type { ProviderFixture } from '../../fixture.js';

/** @see https://docs.anthropic.com/en/api/errors */
const body = {
  type: 'error',
  error: { type: 'invalid_request_error', message: 'temperature: range: 0..1' },
  request_id: 'req_011InvalidRequest',
} satisfies ErrorResponse;

export const invalidRequest: ProviderFixture = {
  scenario: 'invalid-request',
  request: {
    model: 'claude-sonnet-4-6',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Be creative.' }] }],
    stream: false,
    streamUsage: false,
    temperature: 1.5,
  },
  expectedBody: { temperature: 1.5, max_tokens: 4096 },
  upstream: { status: 400, headers: { 'content-type': 'application/json' }, json: body },
  expected: { kind: 'error', code: 'invalid_request', status: 400 },
};
