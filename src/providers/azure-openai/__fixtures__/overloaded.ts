// Scenario `overloaded`: Azure says "busy" with a 503 (it has no 529), retry-after in seconds.

import type { ProviderFixture } from '../../fixture.js';
import type { AzureErrorResponseBody } from '../api.js';

const body = {
  error: {
    code: 'ServiceUnavailable',
    message: 'The server is currently unable to handle the request due to high demand. Please retry later.',
  },
} satisfies AzureErrorResponseBody;

export const fixture: ProviderFixture = {
  scenario: 'overloaded',
  request: {
    model: 'my-gpt-4o',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello?' }] }],
    stream: true,
    streamUsage: true,
  },
  expectedBody: { model: 'my-gpt-4o', stream: true },
  upstream: { status: 503, headers: { 'retry-after': '3' }, json: body },
  expected: { kind: 'error', code: 'unavailable', status: 503, retryAfterSeconds: 3 },
};
