// Scenario `overloaded`: Bedrock answers 503 with `x-amzn-errortype: ServiceUnavailableException` and its documented `{message}` body.

import type { ServiceUnavailableException } from '@aws-sdk/client-bedrock-runtime';
import type { ProviderFixture } from '../../fixture.js';

/** @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_Errors */
const body = { message: 'Bedrock is unable to process your request.' } satisfies Pick<
  ServiceUnavailableException,
  'message'
>;

export const overloaded: ProviderFixture = {
  scenario: 'overloaded',
  request: {
    model: 'anthropic.claude-3-5-haiku-20241022-v1:0',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello again.' }] }],
    stream: true,
    streamUsage: true,
    maxTokens: 64,
  },
  expectedBody: {
    messages: [{ role: 'user', content: [{ text: 'Hello again.' }] }],
    inferenceConfig: { maxTokens: 64 },
  },
  upstream: {
    status: 503,
    headers: {
      'x-amzn-errortype': 'ServiceUnavailableException:http://internal.amazon.com/coral/com.amazon.bedrock/',
      'x-amzn-requestid': 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
    },
    json: body,
  },
  expected: { kind: 'error', code: 'unavailable', status: 503 },
};
