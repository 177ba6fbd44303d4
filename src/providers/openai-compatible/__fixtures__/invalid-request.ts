// Scenario `invalid-request`: an older vLLM's flat error object (no `error` envelope) saying the
// prompt is past the context window.

import type { ProviderFixture } from '../../fixture.js';

/** vLLM's ErrorResponse before it adopted OpenAI's envelope; the SDK has no type for it. */
interface FlatErrorBody {
  object: 'error';
  message: string;
  type: string;
  param: string | null;
  code: number;
}

const body = {
  object: 'error',
  message:
    "This model's maximum context length is 4096 tokens. However, you requested 5120 tokens (4096 in the messages, 1024 in the completion).",
  type: 'BadRequestError',
  param: null,
  code: 400,
} satisfies FlatErrorBody;

export const fixture: ProviderFixture = {
  scenario: 'invalid-request',
  request: {
    model: 'Qwen/Qwen2.5-7B-Instruct',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'A very long document…' }] }],
    stream: false,
    streamUsage: false,
    maxTokens: 1024,
  },
  expectedBody: { model: 'Qwen/Qwen2.5-7B-Instruct', max_tokens: 1024 },
  upstream: { status: 400, json: body },
  expected: { kind: 'error', code: 'context_length_exceeded', status: 400 },
};
