// Scenario `upstream-5xx`: the upstream fails with a 500; the gateway reports a bad gateway.

import type { ProviderFixture } from '../../fixture.js';
import type { MistralErrorBody } from '../api.js';

const body = {
  object: 'error',
  message: 'Internal server error',
  type: 'internal_server_error',
  param: null,
  code: '3000',
} satisfies MistralErrorBody;

export const fixture: ProviderFixture = {
  scenario: 'upstream-5xx',
  request: {
    model: 'mistral-small-latest',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello?' }] }],
    stream: false,
    streamUsage: false,
  },
  expectedBody: { model: 'mistral-small-latest' },
  upstream: { status: 500, json: body },
  expected: { kind: 'error', code: 'upstream_error', status: 502 },
};
