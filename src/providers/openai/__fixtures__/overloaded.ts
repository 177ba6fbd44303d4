// Scenario `overloaded`: OpenAI's 503 "engine overloaded", with a precise retry-after-ms.

import type { ProviderFixture } from '../../fixture.js';
import type { ErrorResponseBody } from '../api.js';

const body = {
  error: {
    message: 'The engine is currently overloaded, please try again later.',
    type: 'server_error',
    param: null,
    code: null,
  },
} satisfies ErrorResponseBody;

export const fixture: ProviderFixture = {
  scenario: 'overloaded',
  request: {
    model: 'gpt-4o-mini',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello?' }] }],
    stream: true,
    streamUsage: true,
  },
  expectedBody: { model: 'gpt-4o-mini', stream: true },
  upstream: { status: 503, headers: { 'retry-after-ms': '1500' }, json: body },
  expected: { kind: 'error', code: 'unavailable', status: 503, retryAfterSeconds: 1.5 },
};
