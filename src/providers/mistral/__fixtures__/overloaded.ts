// Scenario `overloaded`: Mistral answers 429 "Service tier capacity exceeded for this model" when
// the model has no room left: the provider is overloaded, not this account rate limited.

import type { ProviderFixture } from '../../fixture.js';
import type { MistralErrorBody } from '../api.js';

const body = {
  object: 'error',
  message: 'Service tier capacity exceeded for this model.',
  type: 'invalid_request_error',
  param: null,
  code: null,
} satisfies MistralErrorBody;

export const fixture: ProviderFixture = {
  scenario: 'overloaded',
  request: {
    model: 'mistral-large-latest',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello?' }] }],
    stream: true,
    streamUsage: true,
  },
  expectedBody: { model: 'mistral-large-latest', stream: true },
  upstream: { status: 429, headers: { 'retry-after': '2' }, json: body },
  expected: { kind: 'error', code: 'overloaded', status: 529, retryAfterSeconds: 2 },
};
