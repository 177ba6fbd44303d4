// Scenario `overloaded`: InvokeModel answers 503 with `x-amzn-errortype: ServiceUnavailableException` and Bedrock's `{message}` body:
// Bedrock's error shape, not Anthropic's, even for Claude.

import type { ServiceUnavailableException } from '@aws-sdk/client-bedrock-runtime';
import type { ProviderFixture } from '../../fixture.js';
import { BEDROCK_ANTHROPIC_VERSION } from '../api.js';

/** @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html#API_runtime_InvokeModel_Errors */
const body = { message: 'Bedrock is unable to process your request.' } satisfies Pick<
  ServiceUnavailableException,
  'message'
>;

export const overloaded: ProviderFixture = {
  scenario: 'overloaded',
  request: {
    model: 'anthropic.claude-sonnet-4-20250514-v1:0',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello again.' }] }],
    stream: true,
    streamUsage: true,
    maxTokens: 64,
  },
  expectedBody: {
    anthropic_version: BEDROCK_ANTHROPIC_VERSION,
    max_tokens: 64,
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello again.' }] }],
  },
  upstream: {
    status: 503,
    headers: {
      'x-amzn-errortype': 'ServiceUnavailableException:http://internal.amazon.com/coral/com.amazon.bedrock/',
    },
    json: body,
  },
  expected: { kind: 'error', code: 'unavailable', status: 503 },
};
