// A streamed chat completion from a test gateway, read to its end as raw SSE text: for tests of
// how a stream ends (an error event, [DONE], a cut), which an SDK would hide.

import type { TestGateway } from './test-gateway.js';

export async function streamChat(
  gateway: Pick<TestGateway, 'url' | 'key'>,
  model: string,
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.key}` },
    body: JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
  });
  return { status: response.status, text: await response.text() };
}
