// Scenario `upstream-5xx`: 500 INTERNAL; the caller gets a generic 502, not Google's text.

import type { ProviderFixture } from '../../fixture.js';
import type { GoogleErrorBody } from '../api.js';

/** @see https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes */
const body = {
  error: {
    code: 500,
    message:
      'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
    status: 'INTERNAL',
  },
} satisfies GoogleErrorBody;

export const fixture: ProviderFixture = {
  scenario: 'upstream-5xx',
  request: {
    model: 'gemini-2.5-flash',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi.' }] }],
    stream: false,
    streamUsage: false,
    maxTokens: 512,
  },
  expectedBody: { generationConfig: { maxOutputTokens: 512 } },
  upstream: { status: 500, json: body },
  expected: { kind: 'error', code: 'upstream_error', status: 502 },
};
