// Streams and backpressure: a write that fills the response buffer while the next upstream batch
// is awaited (its 'drain' must not be missed), and a client that stops reading (freed by the
// route's total timeout).

import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chunk, done, sse } from './fixtures/openai-wire.js';
import { MockUpstream } from './support/mock-upstream.js';
import { mockProvidersYaml, startTestGateway, type TestGateway } from './support/test-gateway.js';

let mock: MockUpstream;
let gateway: TestGateway;

beforeAll(async () => {
  mock = await new MockUpstream().start();
  gateway = await startTestGateway(
    mockProvidersYaml(
      mock.url,
      mock.url,
      `
  short:
    timeouts: { totalMs: 1000, idleMs: 500 }
    targets: [{ provider: openai, model: m }]
server:
  shutdownGraceMs: 500
`,
    ),
  );
});

afterAll(async () => {
  await gateway.close();
  await mock.stop();
});

afterEach(() => {
  mock.forget();
});

/** A streamed chat read to its end by a client that reads, or the error when it takes over `ms`. */
async function streamWithin(ms: number): Promise<{ text: string; failure: unknown }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      signal: controller.signal,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.key}` },
      body: JSON.stringify({
        model: 'gpt-4o-mini',
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    return { text: await response.text(), failure: undefined };
  } catch (error) {
    return { text: '', failure: error };
  } finally {
    clearTimeout(timer);
  }
}

describe('backpressure', () => {
  it('finishes a stream whose one event is larger than the response buffer (16 KB), for a client that reads', async () => {
    // A 20 KB delta (a long tool-call argument, a big reasoning chunk, or a batch of many events
    // read from one network chunk), then more events a little later.
    const big = 'x'.repeat(20 * 1024);
    mock.reply({
      kind: 'sse',
      events: [
        sse(chunk({ role: 'assistant', content: '' })),
        sse(chunk({ content: big }), 20),
        sse(chunk({ content: 'end' }), 50),
        sse(chunk({}, 'stop')),
        done,
      ],
    });
    const { text, failure } = await streamWithin(3000);
    // Expected: the whole stream within milliseconds. Actual: the gateway waits for a 'drain'
    // event that already fired while it awaited the next upstream batch, and the stream hangs.
    expect(failure, 'the stream did not finish within 3 s').toBeUndefined();
    expect(text).toContain('"content":"end"');
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
  });

  it('finishes a stream of ordinary tokens that arrive in a burst, then pause', async () => {
    // 1,000 small deltas at once (a fast model, or a provider flushing its buffer), then a 50 ms pause.
    mock.reply({
      kind: 'sse',
      events: [
        sse(chunk({ role: 'assistant', content: '' })),
        ...Array.from({ length: 1000 }, (_, index) => sse(chunk({ content: `tok${index} ` }))),
        sse(chunk({ content: 'end' }), 50),
        sse(chunk({}, 'stop')),
        done,
      ],
    });
    const { text, failure } = await streamWithin(3000);
    expect(failure, 'the stream did not finish within 3 s').toBeUndefined();
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
  });

  it('frees the slot of a stream whose client stops reading, by the model totalMs', async () => {
    for (let waited = 0; waited < 2000 && gateway.gateway.admission.active > 0; waited += 20) await sleep(20);
    expect(gateway.gateway.admission.active).toBe(0);
    const big = 'x'.repeat(64 * 1024);
    mock.reply({
      kind: 'sse',
      events: [
        sse(chunk({ role: 'assistant', content: '' })),
        ...Array.from({ length: 400 }, () => sse(chunk({ content: big }))),
        sse(chunk({}, 'stop')),
        done,
      ],
    });
    const body = JSON.stringify({
      model: 'short',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const url = new URL(gateway.url);
    const socket = connect(Number(url.port), url.hostname);
    socket.on('error', () => undefined);
    socket.once('data', () => socket.pause()); // reads the headers, then never again
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${gateway.key}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    try {
      // totalMs is 1000: by 3 s the attempt must be over and the slot free. (The mock cannot tell
      // the upstream was cut: it has handed every event to its own buffers long before; nor can
      // this paused client see its connection close.)
      await sleep(3000);
      expect(gateway.gateway.admission.active).toBe(0);
    } finally {
      socket.destroy();
    }
  });

  it('reads the upstream no faster than the client takes the stream (backpressure holds)', async () => {
    // An upstream that writes only as fast as the gateway reads, counting what it got rid of.
    let sent = 0;
    const event = sse(chunk({ content: 'y'.repeat(64 * 1024) })).data;
    const upstream = createServer((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const next = (): void => {
        while (sent < 400 && !response.destroyed) {
          sent += 1;
          if (!response.write(`data: ${event}\n\n`)) return void response.once('drain', next);
        }
      };
      next();
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const port = (upstream.address() as AddressInfo).port;
    const slow = await startTestGateway(mockProvidersYaml(`http://127.0.0.1:${port}`, mock.url));
    const body = JSON.stringify({
      model: 'gpt-4o-mini',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const url = new URL(slow.url);
    const socket = connect(Number(url.port), url.hostname);
    socket.on('error', () => undefined);
    socket.once('data', () => socket.pause());
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${slow.key}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    try {
      await sleep(1000);
      // 400 events of 64 KB: a gateway that ignored its client's pace would have read them all.
      expect(sent).toBeGreaterThan(0);
      expect(sent).toBeLessThan(200);
    } finally {
      socket.destroy();
      await slow.close();
      upstream.closeAllConnections();
      await new Promise((resolve) => upstream.close(resolve));
    }
  });
});
