import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardableHeaders, startBareProxy } from './bare-proxy.js';
import type { BareProxy } from './bare-proxy.js';
import { findFreePort } from './free-port.js';
import { readChatStream } from './load/stream-reader.js';
import { MockControl } from './mock-control.js';
import { answerText, completionBody } from './mock-payloads.js';
import { startMockUpstream } from './mock-upstream.js';
import type { MockUpstream } from './mock-upstream.js';

let mock: MockUpstream;
let proxy: BareProxy;

beforeAll(async () => {
  mock = await startMockUpstream();
  proxy = await startBareProxy({ upstream: mock.url });
});
afterAll(async () => {
  await proxy.close();
  await mock.close();
});

const chatBody = (stream: boolean) =>
  JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream });

function post(origin: string, body: string, authorization = 'Bearer bench-key', signal?: AbortSignal) {
  return request(`${origin}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body,
    signal,
  });
}

describe('forwardableHeaders', () => {
  it('drops hop-by-hop headers and host, keeps the rest', () => {
    const headers = forwardableHeaders({
      host: 'proxy',
      connection: 'keep-alive',
      'keep-alive': 'timeout=5',
      'transfer-encoding': 'chunked',
      authorization: 'Bearer k',
      'content-length': '10',
      'x-custom': ['a', 'b'],
    });
    expect(headers).toEqual({ authorization: 'Bearer k', 'content-length': '10', 'x-custom': ['a', 'b'] });
  });
});

describe('bare proxy', () => {
  it('passes a completion through byte for byte', async () => {
    const response = await post(proxy.url, chatBody(false));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(await response.body.text()).toBe(completionBody);
  });

  it('passes the client’s key and the upstream’s refusal through', async () => {
    const response = await post(proxy.url, chatBody(false), 'Bearer wrong');
    expect(response.statusCode).toBe(401);
    expect(await response.body.json()).toMatchObject({ error: { code: 'invalid_api_key' } });
  });

  it('passes GET paths with their query string', async () => {
    const response = await request(`${proxy.url}/v1/models?limit=1`, {
      headers: { authorization: 'Bearer bench-key' },
    });
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toMatchObject({ object: 'list' });
  });

  it('streams without buffering: first content arrives while the upstream still holds the stream', async () => {
    const control = new MockControl(mock.url);
    await control.hold();
    try {
      let sawContent: () => void = () => undefined;
      const firstContent = new Promise<void>((resolve) => (sawContent = resolve));
      const response = await post(proxy.url, chatBody(true));
      expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
      const reading = readChatStream(response.body, sawContent);
      await firstContent; // would never resolve if the proxy waited for the end
      expect((await control.state()).held).toBe(1);
      await control.release();
      expect(await reading).toMatchObject({ done: true, text: answerText });
    } finally {
      await control.release();
    }
  });

  it('abandons the upstream stream when its client goes away', async () => {
    const control = new MockControl(mock.url);
    await control.hold();
    try {
      const abort = new AbortController();
      const response = await post(proxy.url, chatBody(true), 'Bearer bench-key', abort.signal);
      await readChatStream(response.body, () => abort.abort()).catch(() => undefined);
      let held = (await control.state()).held;
      for (let attempt = 0; attempt < 50 && held > 0; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        held = (await control.state()).held;
      }
      expect(held).toBe(0);
    } finally {
      await control.release();
    }
  });

  it('answers 502 when the upstream is unreachable', async () => {
    const closedPort = await findFreePort();
    const orphan = await startBareProxy({ upstream: `http://127.0.0.1:${closedPort}` });
    try {
      const response = await post(orphan.url, chatBody(false));
      expect(response.statusCode).toBe(502);
      expect(await response.body.json()).toMatchObject({ error: { type: 'server_error' } });
    } finally {
      await orphan.close();
    }
  });
});
