// An OpenAI-style upstream whose JSON answers a test writes: `answer` gets each request's body and
// returns the response body. Keeps every body it received, for tests of what the provider saw.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

export interface JsonUpstream {
  url: string;
  seen: Array<Record<string, any>>;
}

export async function startJsonUpstream(
  answer: (body: Record<string, any>) => object,
): Promise<JsonUpstream> {
  const seen: Array<Record<string, any>> = [];
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const body = JSON.parse(text) as Record<string, any>;
      seen.push(body);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(answer(body)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** An OpenAI chat completion holding `message`. */
export function completion(model: string, message: object, finishReason: string): object {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1,
    model,
    choices: [{ index: 0, message, finish_reason: finishReason }],
    usage: { prompt_tokens: 20, completion_tokens: 8, total_tokens: 28 },
  };
}
