// Scenario `upstream-5xx`: Azure's 500 with its own error code.

import type { ProviderFixture } from '../../fixture.js';
import type { AzureErrorResponseBody } from '../api.js';

const body = {
  error: {
    code: 'InternalServerError',
    message: 'The service is temporarily unable to process your request. Please try again later.',
  },
} satisfies AzureErrorResponseBody;

export const fixture: ProviderFixture = {
  scenario: 'upstream-5xx',
  request: {
    model: 'my-gpt-4o',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello?' }] }],
    stream: false,
    streamUsage: false,
  },
  expectedBody: { model: 'my-gpt-4o' },
  upstream: { status: 500, json: body },
  expected: { kind: 'error', code: 'upstream_error', status: 502 },
};
