// Scenario `rate-limited`: Vertex AI's own front end refuses with Google's 429 envelope
// (RESOURCE_EXHAUSTED, the project's Claude quota) rather than Anthropic's error shape.

import type { ProviderFixture } from '../../fixture.js';
import type { GoogleErrorBody } from '../../gemini/api.js';
import { VERTEX_ANTHROPIC_VERSION } from '../api.js';

/** @see https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/use-claude#quotas */
const body = {
  error: {
    code: 429,
    message:
      'Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: anthropic-claude-sonnet-4. Please submit a quota increase request.',
    status: 'RESOURCE_EXHAUSTED',
  },
} satisfies GoogleErrorBody;

export const fixture: ProviderFixture = {
  scenario: 'rate-limited',
  request: {
    model: 'claude-sonnet-4@20250514',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello again.' }] }],
    stream: false,
    streamUsage: false,
    maxTokens: 64,
  },
  expectedBody: {
    anthropic_version: VERTEX_ANTHROPIC_VERSION,
    max_tokens: 64,
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello again.' }] }],
  },
  upstream: { status: 429, headers: { 'retry-after': '12' }, json: body },
  expected: { kind: 'error', code: 'rate_limited', status: 429, retryAfterSeconds: 12 },
};
