// Scenario `invalid-request`: a 400 for a parameter the model refuses, in Azure's envelope.

import type { ProviderFixture } from '../../fixture.js';
import type { AzureErrorResponseBody } from '../api.js';

const body = {
  error: {
    message: "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 3 instead.",
    type: 'invalid_request_error',
    param: 'temperature',
    code: 'decimal_above_max_value',
  },
} satisfies AzureErrorResponseBody;

export const fixture: ProviderFixture = {
  scenario: 'invalid-request',
  request: {
    model: 'my-gpt-4o',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Be creative.' }] }],
    stream: false,
    streamUsage: false,
    temperature: 3,
  },
  expectedBody: { model: 'my-gpt-4o', temperature: 3 },
  upstream: { status: 400, json: body },
  expected: { kind: 'error', code: 'invalid_request', status: 400 },
};
