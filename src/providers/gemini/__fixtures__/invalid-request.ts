// Scenario `invalid-request`: 400 INVALID_ARGUMENT about the caller's own request; its text is
// kept, since it tells the caller what to fix.

import type { ProviderFixture } from '../../fixture.js';
import type { GoogleErrorBody } from '../api.js';

/** @see https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes */
const body = {
  error: {
    code: 400,
    message:
      'Unable to submit request because it has a temperature value of 3 but the supported range is from 0 (inclusive) to 2.0001 (exclusive).',
    status: 'INVALID_ARGUMENT',
  },
} satisfies GoogleErrorBody;

export const fixture: ProviderFixture = {
  scenario: 'invalid-request',
  request: {
    model: 'gemini-2.5-flash',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi.' }] }],
    stream: false,
    streamUsage: false,
    temperature: 3,
  },
  expectedBody: { generationConfig: { temperature: 3 } },
  upstream: { status: 400, json: body },
  expected: { kind: 'error', code: 'invalid_request', status: 400 },
};
