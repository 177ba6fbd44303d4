// Scenario `upstream-5xx`: Bedrock answers 500 with `x-amzn-errortype: InternalServerException` and its documented `{message}` body.

import type { InternalServerException } from '@aws-sdk/client-bedrock-runtime';
import type { ProviderFixture } from '../../fixture.js';

/** @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_Errors */
const body = { message: 'An internal server error occurred. Retry your request.' } satisfies Pick<
  InternalServerException,
  'message'
>;

export const upstream5xx: ProviderFixture = {
  scenario: 'upstream-5xx',
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
    status: 500,
    headers: {
      'x-amzn-errortype': 'InternalServerException:http://internal.amazon.com/coral/com.amazon.bedrock/',
      'x-amzn-requestid': 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
    },
    json: body,
  },
  expected: { kind: 'error', code: 'upstream_error', status: 502 },
};
