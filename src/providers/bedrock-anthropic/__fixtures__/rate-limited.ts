// Scenario `rate-limited`: InvokeModel answers 429 with `x-amzn-errortype: ThrottlingException` and Bedrock's `{message}` body:
// Bedrock's error shape, not Anthropic's, even for Claude.

import type { ThrottlingException } from '@aws-sdk/client-bedrock-runtime';
import type { ProviderFixture } from '../../fixture.js';
import { BEDROCK_ANTHROPIC_VERSION } from '../api.js';

/** @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html#API_runtime_InvokeModel_Errors */
const body = { message: 'Too many tokens, please wait before trying again.' } satisfies Pick<
  ThrottlingException,
  'message'
>;

export const rateLimited: ProviderFixture = {
  scenario: 'rate-limited',
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
    status: 429,
    headers: {
      'x-amzn-errortype': 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/',
    },
    json: body,
  },
  expected: { kind: 'error', code: 'rate_limited', status: 429 },
};
