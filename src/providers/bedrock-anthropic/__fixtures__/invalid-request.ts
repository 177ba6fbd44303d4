// Scenario `invalid-request`: InvokeModel answers 400 with `x-amzn-errortype: ValidationException` and Bedrock's `{message}` body:
// Bedrock's error shape, not Anthropic's, even for Claude.

import type { ValidationException } from '@aws-sdk/client-bedrock-runtime';
import type { ProviderFixture } from '../../fixture.js';
import { BEDROCK_ANTHROPIC_VERSION } from '../api.js';

/** @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html#API_runtime_InvokeModel_Errors */
const body = { message: 'messages.0.content: Field required' } satisfies Pick<ValidationException, 'message'>;

export const invalidRequest: ProviderFixture = {
  scenario: 'invalid-request',
  request: {
    model: 'anthropic.claude-sonnet-4-20250514-v1:0',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello again.' }] }],
    stream: false,
    streamUsage: false,
    maxTokens: 64,
  },
  expectedBody: {
    anthropic_version: BEDROCK_ANTHROPIC_VERSION,
    max_tokens: 64,
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello again.' }] }],
  },
  upstream: {
    status: 400,
    headers: {
      'x-amzn-errortype': 'ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/',
    },
    json: body,
  },
  expected: { kind: 'error', code: 'invalid_request', status: 400 },
};
