// Scenario `invalid-request`: Bedrock answers 400 with `x-amzn-errortype: ValidationException` and its documented `{message}` body.

import type { ValidationException } from '@aws-sdk/client-bedrock-runtime';
import type { ProviderFixture } from '../../fixture.js';

/** @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_Errors */
const body = { message: 'The model returned the following errors: temperature: range: 0..1' } satisfies Pick<
  ValidationException,
  'message'
>;

export const invalidRequest: ProviderFixture = {
  scenario: 'invalid-request',
  request: {
    model: 'anthropic.claude-3-5-haiku-20241022-v1:0',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello again.' }] }],
    stream: false,
    streamUsage: false,
    maxTokens: 64,
  },
  expectedBody: {
    messages: [{ role: 'user', content: [{ text: 'Hello again.' }] }],
    inferenceConfig: { maxTokens: 64 },
  },
  upstream: {
    status: 400,
    headers: {
      'x-amzn-errortype': 'ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/',
      'x-amzn-requestid': 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
    },
    json: body,
  },
  expected: { kind: 'error', code: 'invalid_request', status: 400 },
};
