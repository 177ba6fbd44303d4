// Scenario `upstream-5xx`: llama-server fails with a 500; its error `code` is the HTTP status as a
// number, which must not leak into the gateway's string error codes.

import type { ProviderFixture } from '../../fixture.js';

/** llama-server's error body; the SDK has no type for its numeric code. */
interface LlamaServerErrorBody {
  error: { code: number; message: string; type: string };
}

const body = {
  error: { code: 500, message: 'Failed to allocate KV cache slot', type: 'server_error' },
} satisfies LlamaServerErrorBody;

export const fixture: ProviderFixture = {
  scenario: 'upstream-5xx',
  request: {
    model: 'local-gguf',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
    stream: true,
    streamUsage: false,
  },
  expectedBody: { model: 'local-gguf', stream: true },
  upstream: { status: 500, json: body },
  expected: { kind: 'error', code: 'upstream_error', status: 502 },
};
