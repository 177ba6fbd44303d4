// Scenario `overloaded`: DeepSeek's documented 503 "Server Overloaded".

import type { ProviderFixture } from '../../fixture.js';
import type { ErrorResponseBody } from '../../openai/api.js';

const body = {
  error: {
    message: 'Server overloaded, please retry shortly.',
    type: 'service_unavailable_error',
    param: null,
    code: null,
  },
} satisfies ErrorResponseBody;

export const fixture: ProviderFixture = {
  scenario: 'overloaded',
  request: {
    model: 'deepseek-chat',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
    stream: false,
    streamUsage: false,
  },
  expectedBody: { model: 'deepseek-chat' },
  upstream: { status: 503, headers: { 'retry-after': '3', 'x-should-retry': 'true' }, json: body },
  expected: { kind: 'error', code: 'unavailable', status: 503, retryAfterSeconds: 3 },
};
