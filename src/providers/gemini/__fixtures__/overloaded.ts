// Scenario `overloaded`: Gemini's 503 UNAVAILABLE "The model is overloaded" (capacity, not an
// outage) becomes `overloaded`, which both client dialects retry.

import type { ProviderFixture } from '../../fixture.js';
import type { GoogleErrorBody } from '../api.js';

/** @see https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes */
const body = {
  error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' },
} satisfies GoogleErrorBody;

export const fixture: ProviderFixture = {
  scenario: 'overloaded',
  request: {
    model: 'gemini-2.5-pro',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello?' }] }],
    stream: true,
    streamUsage: true,
  },
  expectedBody: { contents: [{ role: 'user', parts: [{ text: 'Hello?' }] }] },
  upstream: { status: 503, json: body },
  expected: { kind: 'error', code: 'overloaded', status: 529 },
};
