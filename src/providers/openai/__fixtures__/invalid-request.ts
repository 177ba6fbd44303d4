// Scenario `invalid-request`: a 400 for a parameter the upstream refuses.

import type { ProviderFixture } from '../../fixture.js';
import type { ErrorResponseBody } from '../api.js';

const body = {
  error: {
    message: "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 3 instead.",
    type: 'invalid_request_error',
    param: 'temperature',
    code: 'decimal_above_max_value',
  },
} satisfies ErrorResponseBody;

export const fixture: ProviderFixture = {
  scenario: 'invalid-request',
  request: {
    model: 'gpt-4o-mini',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Be creative.' }] }],
    stream: false,
    streamUsage: false,
    temperature: 3,
  },
  expectedBody: { model: 'gpt-4o-mini', temperature: 3 },
  upstream: { status: 400, json: body },
  expected: { kind: 'error', code: 'invalid_request', status: 400 },
};
