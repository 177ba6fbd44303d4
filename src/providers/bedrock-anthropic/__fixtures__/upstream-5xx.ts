// Scenario `upstream-5xx`: InvokeModel answers 424 with `x-amzn-errortype: ModelErrorException` and Bedrock's `{message}` body:
// Bedrock's error shape, not Anthropic's, even for Claude.

import type { ModelErrorException } from '@aws-sdk/client-bedrock-runtime';
import type { ProviderFixture } from '../../fixture.js';
import { BEDROCK_ANTHROPIC_VERSION } from '../api.js';

/** @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html#API_runtime_InvokeModel_Errors */
const body = { message: 'The model encountered an error processing the request.' } satisfies Pick<
  ModelErrorException,
  'message'
>;

export const upstream5xx: ProviderFixture = {
  scenario: 'upstream-5xx',
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
    status: 424,
    headers: {
      'x-amzn-errortype': 'ModelErrorException:http://internal.amazon.com/coral/com.amazon.bedrock/',
    },
    json: body,
  },
  expected: { kind: 'error', code: 'upstream_error', status: 502 },
};
