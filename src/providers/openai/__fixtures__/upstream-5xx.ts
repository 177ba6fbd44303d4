// Scenario `upstream-5xx`: the upstream fails with a 500; the gateway reports a bad gateway.

import type { ProviderFixture } from '../../fixture.js';
import type { ErrorResponseBody } from '../api.js';

const body = {
  error: {
    message: 'The server had an error while processing your request. Sorry about that!',
    type: 'server_error',
    param: null,
    code: null,
  },
} satisfies ErrorResponseBody;

export const fixture: ProviderFixture = {
  scenario: 'upstream-5xx',
  request: {
    model: 'gpt-4o-mini',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello?' }] }],
    stream: false,
    streamUsage: false,
  },
  expectedBody: { model: 'gpt-4o-mini' },
  upstream: { status: 500, json: body },
  expected: { kind: 'error', code: 'upstream_error', status: 502 },
};
