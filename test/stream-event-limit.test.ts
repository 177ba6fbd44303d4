// One streamed SSE event that never ends is not buffered without bound: past a limit the stream fails.

import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chunk } from './fixtures/openai-wire.js';
import { MockUpstream } from './support/mock-upstream.js';
import { streamChat } from './support/stream-chat.js';
import { mockProvidersYaml, startTestGateway, type TestGateway } from './support/test-gateway.js';

let openaiMock: MockUpstream;
let gateway: TestGateway;
let endless: Server;
const endlessSockets = new Set<Socket>();
let endlessBytesSent = 0;

/** Commits a stream, then sends one SSE line that never ends (1 MB a chunk, 400 chunks). */
async function sendEndlessLine(socket: Socket): Promise<void> {
  socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n');
  socket.write(`data: ${JSON.stringify(chunk({ role: 'assistant', content: 'x' }))}\n\n`);
  socket.write('data: {"choices":[{"index":0,"delta":{"content":"');
  const piece = Buffer.alloc(1024 * 1024, 'a');
  for (let index = 0; index < 400 && !socket.destroyed; index++) {
    endlessBytesSent += piece.length;
    if (!socket.write(piece)) await new Promise((resolve) => socket.once('drain', resolve));
  }
  socket.destroy();
}

beforeAll(async () => {
  openaiMock = await new MockUpstream().start();
  endless = createServer((socket) => {
    endlessSockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => endlessSockets.delete(socket));
    socket.once('data', () => void sendEndlessLine(socket));
  });
  await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve));
  const endlessPort = (endless.address() as { port: number }).port;
  const extra = `
  endless:
    targets: [{ provider: endless, model: m }]
`;
  const yaml = mockProvidersYaml(openaiMock.url, openaiMock.url, extra).replace(
    'defaults:',
    `  endless: { type: openai, baseUrl: http://127.0.0.1:${endlessPort}/v1, apiKey: k }
defaults:`,
  );
  gateway = await startTestGateway(yaml);
});

afterAll(async () => {
  await gateway.close();
  await openaiMock.stop();
  for (const socket of endlessSockets) socket.destroy();
  await new Promise<void>((resolve) => endless.close(() => resolve()));
});

afterEach(() => {
  openaiMock.forget();
});

const stream = (model: string) => streamChat(gateway, model);

describe('malformed streams', () => {
  it('bounds one SSE event that never ends: the stream fails before the gateway buffers 400 MB', async () => {
    const before = process.memoryUsage();
    let peak = 0;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peak = Math.max(peak, now.heapUsed + now.external - before.heapUsed - before.external);
    }, 20);
    const result = await stream('endless');
    clearInterval(sampler);
    // Non-streamed answers are capped at 64 MB; a single streamed event should be capped too.
    expect(endlessBytesSent / 1e6).toBeLessThan(128);
    expect(result.text.trim().split('\n\n').at(-1)).toMatch(/^data: \{"error"/);
    expect(peak / 1e6).toBeLessThan(256);
  }, 60_000);
});
