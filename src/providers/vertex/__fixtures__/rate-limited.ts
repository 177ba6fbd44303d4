// Scenario `rate-limited`: Vertex AI's 429 RESOURCE_EXHAUSTED (shared quota or capacity) with no
// RetryInfo and no Retry-After: the caller gets rate_limited without a wait hint.

import type { ProviderFixture } from '../../fixture.js';
import type { GoogleErrorBody } from '../api.js';

/** @see https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 */
const body = {
  error: {
    code: 429,
    message:
      'Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.',
    status: 'RESOURCE_EXHAUSTED',
  },
} satisfies GoogleErrorBody;

export const fixture: ProviderFixture = {
  scenario: 'rate-limited',
  request: {
    model: 'gemini-2.5-flash',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello again.' }] }],
    stream: false,
    streamUsage: false,
  },
  expectedBody: { contents: [{ role: 'user', parts: [{ text: 'Hello again.' }] }] },
  upstream: { status: 429, json: body },
  expected: { kind: 'error', code: 'rate_limited', status: 429 },
};
