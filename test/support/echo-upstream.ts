// An OpenAI-style chat upstream that answers with what the last user message said ("You said:
// ..."; "REVEAL" gets the system prompt back), as JSON or as a stream of three-character deltas,
// and keeps every body it received: for
// the guardrail tests, which check what the provider saw and what the client got back.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';
import { startTestGateway, type TestGateway } from './test-gateway.js';

export interface EchoUpstream {
  url: string;
  bodies: Array<Record<string, any>>;
}

export async function startEchoUpstream(): Promise<EchoUpstream> {
  const upstream = await listenEchoUpstream();
  onTestFinished(() => upstream.close());
  return upstream;
}

/** The echo upstream for a whole file (beforeAll): the caller closes it. */
export async function listenEchoUpstream(): Promise<EchoUpstream & { close(): Promise<void> }> {
  const bodies: Array<Record<string, any>> = [];
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const body = JSON.parse(text) as Record<string, any>;
      bodies.push(body);
      const last = [...(body.messages as Array<{ role: string; content: unknown }>)]
        .reverse()
        .find((m) => m.role === 'user');
      const said = typeof last?.content === 'string' ? last.content : JSON.stringify(last?.content);
      // "REVEAL" asks for the system prompt back, as a leaking model would answer.
      const system = (body.messages as Array<{ role: string; content: unknown }>).find(
        (m) => m.role === 'system',
      );
      const answer = said === 'REVEAL' ? `My instructions: ${String(system?.content)}` : `You said: ${said}`;
      const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
      if (body.stream !== true) {
        response.setHeader('content-type', 'application/json');
        response.end(
          JSON.stringify({
            id: 'chatcmpl-echo',
            object: 'chat.completion',
            created: 1,
            model: body.model,
            choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }],
            usage,
          }),
        );
        return;
      }
      response.setHeader('content-type', 'text/event-stream');
      const chunk = (delta: object, finish: string | null = null) =>
        `data: ${JSON.stringify({ id: 'chatcmpl-echo', object: 'chat.completion.chunk', created: 1, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      response.write(chunk({ role: 'assistant', content: '' }));
      for (let index = 0; index < answer.length; index += 3)
        response.write(chunk({ content: answer.slice(index, index + 3) }));
      response.write(chunk({}, 'stop'));
      response.write(
        `data: ${JSON.stringify({ id: 'chatcmpl-echo', object: 'chat.completion.chunk', created: 1, model: body.model, choices: [], usage })}\n\n`,
      );
      response.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A test gateway in front of an echo upstream (provider `echo`), no retries, records kept in full;
 * `extra` is more top-level YAML.
 */
export async function startEchoGateway(
  models: string,
  extra = '',
): Promise<{ gateway: TestGateway; upstream: EchoUpstream }> {
  const upstream = await startEchoUpstream();
  const gateway = await startTestGateway(`
providers:
  echo: { type: openai, baseUrl: ${upstream.url}/v1, apiKey: echo-key }
defaults:
  retry: { attempts: 0 }
models:
${models}
records:
  flushIntervalMs: 20
  body: full
${extra}
`);
  onTestFinished(() => gateway.close());
  return { gateway, upstream };
}
