// Scenario `invalid-request`: Mistral validates strictly and answers 422 with a pydantic report
// wrapped in its error envelope.

import type { ProviderFixture } from '../../fixture.js';
import type { MistralErrorBody } from '../api.js';

const body = {
  object: 'error',
  message: {
    detail: [
      {
        type: 'less_than_equal',
        loc: ['body', 'temperature'],
        msg: 'Input should be less than or equal to 1.5',
        input: 3,
        ctx: {},
      },
    ],
  },
  type: 'invalid_request_error',
  param: null,
  code: null,
} satisfies MistralErrorBody;

export const fixture: ProviderFixture = {
  scenario: 'invalid-request',
  request: {
    model: 'mistral-small-latest',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Be creative.' }] }],
    stream: false,
    streamUsage: false,
    temperature: 3,
  },
  expectedBody: { model: 'mistral-small-latest', temperature: 3 },
  upstream: { status: 422, json: body },
  expected: { kind: 'error', code: 'unprocessable', status: 422 },
};
