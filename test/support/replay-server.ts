// Test support: a node:http server on 127.0.0.1:0 that answers every request with what the test
// hands it (JSON or SSE frames), so the official SDKs can be pointed at the edge's rendered output.
// Used only by tests of src/server; it must never be imported by gateway code.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReplayAnswer {
  status?: number;
  headers?: Record<string, string>;
  /** A whole body, or SSE frames written one write at a time. */
  body: string | string[];
}

export interface RecordedRequest {
  method: string;
  url: string;
  body: unknown;
}

export interface ReplayServer {
  /** http://127.0.0.1:port, the Anthropic SDK's baseURL. */
  origin: string;
  /** origin + /v1, the OpenAI SDK's baseURL. */
  baseURL: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startReplayServer(
  answer: (request: RecordedRequest) => ReplayAnswer,
): Promise<ReplayServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded = {
        method: request.method ?? '',
        url: request.url ?? '',
        body: text === '' ? undefined : JSON.parse(text),
      };
      requests.push(recorded);
      const reply = answer(recorded);
      const streaming = Array.isArray(reply.body);
      response.writeHead(reply.status ?? 200, {
        'content-type': streaming ? 'text/event-stream' : 'application/json',
        ...reply.headers,
      });
      if (typeof reply.body === 'string') response.end(reply.body);
      else {
        for (const frame of reply.body) response.write(frame);
        response.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
