import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest, ChatResponse, ContentPart, ImagePart } from '../core/index.js';
import { GatewayError } from '../errors.js';
import type { ChatPayload, Provider } from '../providers/provider.js';
import { Authorizers } from '../upstream/auth/authorizer.js';
import { Dispatchers } from '../upstream/dispatchers.js';
import { KeyRings } from '../upstream/key-ring.js';
import { imageDefaults } from '../config/config-schema.js';
import { attemptChat, type AttemptDependencies } from './chat-attempt.js';
import type { ChatCall, ChatTarget } from './chat-types.js';
import { resolveCallImages, resolveImages, type ImageSettings } from './resolve-images.js';

const png = Buffer.from('89504e470d0a1a0a', 'hex');
const base64 = png.toString('base64');

let server: Server;
let origin = '';
const fetched: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = request.url ?? '';
    if (request.method === 'POST') {
      // The fake provider's upstream: any JSON will do, the provider reads nothing of it.
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    fetched.push(path);
    if (path.startsWith('/slow')) return;
    if (path.startsWith('/missing')) response.writeHead(404).end();
    else response.writeHead(200, { 'content-type': 'image/png' }).end(png);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  fetched.length = 0;
});

const defaultImageSettings: ImageSettings = { ...imageDefaults, allow: [] };
const settings: ImageSettings = { ...defaultImageSettings, allow: ['127.0.0.1'], timeoutMs: 2000 };

function request(content: ContentPart[]): ChatRequest {
  return { model: 'm', system: [], messages: [{ role: 'user', content }], stream: false, streamUsage: false };
}

const image = (url: string): ImagePart => ({ type: 'image', source: { kind: 'url', url }, detail: 'high' });

describe('resolveImages', () => {
  it('returns the very same request when it has no image URL', async () => {
    const input = request([
      { type: 'text', text: 'hi' },
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: base64 } },
    ]);
    expect(await resolveImages(input, { settings })).toBe(input);
  });

  it('puts the bytes of every URL image in, in messages and tool results, fetching each URL once', async () => {
    const input: ChatRequest = {
      ...request([image(`${origin}/a.png`), { type: 'text', text: 'and' }, image(`${origin}/a.png`)]),
    };
    input.messages.push(
      { role: 'assistant', content: [{ type: 'tool-call', id: 'call_1', name: 'shot', arguments: '{}' }] },
      {
        role: 'tool',
        content: [{ type: 'tool-result', toolCallId: 'call_1', content: [image(`${origin}/b.png`)] }],
      },
    );
    const before = JSON.stringify(input);
    const output = await resolveImages(input, { settings });
    expect(JSON.stringify(input)).toBe(before);
    const bytes = { kind: 'base64', mediaType: 'image/png', data: base64 };
    expect(output.messages[0]?.content).toEqual([
      { type: 'image', source: bytes, detail: 'high' },
      { type: 'text', text: 'and' },
      { type: 'image', source: bytes, detail: 'high' },
    ]);
    expect(output.messages[1]).toBe(input.messages[1]);
    expect(output.messages[2]?.content[0]).toEqual({
      type: 'tool-result',
      toolCallId: 'call_1',
      content: [{ type: 'image', source: bytes, detail: 'high' }],
    });
    expect(fetched.sort()).toEqual(['/a.png', '/b.png']);
  });

  it('turns a data: URL into bytes without fetching, and refuses a malformed one', async () => {
    const output = await resolveImages(request([image(`data:image/png;base64,${base64}`)]), { settings });
    expect(output.messages[0]?.content[0]).toMatchObject({
      source: { kind: 'base64', mediaType: 'image/png', data: base64 },
    });
    await expect(resolveImages(request([image('data:image/png,raw')]), { settings })).rejects.toThrow(
      /data:<media type>;base64/,
    );
    expect(fetched).toHaveLength(0);
  });

  it('fails the whole request with a 400 naming the host when one image fails', async () => {
    const error: unknown = await resolveImages(
      request([image(`${origin}/a.png`), image(`${origin}/missing.png?sig=secret`)]),
      { settings },
    ).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).status).toBe(400);
    expect((error as GatewayError).message).toMatch(
      /^Could not fetch the image at 127\.0\.0\.1:\d+: it answered HTTP 404\.$/,
    );
  });

  it('refuses private addresses with the default settings', async () => {
    await expect(
      resolveImages(request([image(`${origin}/a.png`)]), { settings: defaultImageSettings }),
    ).rejects.toThrow(/loopback address/);
    expect(fetched).toHaveLength(0);
  });

  it('never waits past the request deadline', async () => {
    const started = Date.now();
    await expect(
      resolveImages(request([image(`${origin}/slow.png`)]), { settings, deadline: Date.now() + 100 }),
    ).rejects.toThrow(/took longer than/);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('resolves one call once, however many attempts ask', async () => {
    const call = { canonical: () => request([image(`${origin}/once.png`)]) };
    const first = await resolveCallImages(call, { settings });
    const second = await resolveCallImages(call, { settings });
    expect(second).toBe(first);
    expect(fetched).toEqual(['/once.png']);
  });
});

describe('attemptChat with a bytes-only provider', () => {
  const sent: ChatPayload[] = [];
  const fakeProvider = (imageUrls: Provider['imageUrls']): Provider => ({
    type: 'gemini',
    topK: 'accepted',
    ...(imageUrls ? { imageUrls } : {}),
    chatRequest(call) {
      sent.push(call.payload);
      return { method: 'POST', url: `${origin}/v1/generate`, headers: {}, body: '{}' };
    },
    chatResponse: (): ChatResponse => ({
      id: 'r',
      model: 'm',
      created: 0,
      content: [{ type: 'text', text: 'a cat' }],
      finishReason: 'stop',
      usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 },
    }),
    streamDecoder: () => ({ decode: () => ({ events: [], passthrough: 'drop' }) }),
    error: (status) => new GatewayError('upstream_error', `status ${status}`),
  });

  function dependencies(provider: Provider): AttemptDependencies {
    return {
      providerFor: () => provider,
      dispatchers: new Dispatchers({ connectionsPerOrigin: 1, connectTimeoutMs: 1000 }),
      authorizers: new Authorizers(() => undefined),
      keyRings: new KeyRings(),
      configs: { current: { outbound: { images: settings } } },
    };
  }

  const target: ChatTarget = {
    settings: { name: 'fake', type: 'gemini', baseUrl: origin, apiKeys: [], headers: {} },
    upstreamModel: 'm',
    timeouts: { connectMs: 1000, firstTokenMs: 1000, idleMs: 1000, totalMs: 5000 },
  };

  function call(): ChatCall {
    return {
      codec: {
        dialect: 'openai',
        renderResponse: (response) => ({ text: response.content }),
        streamEncoder: () => ({ encode: () => '', finish: () => '', error: () => '' }),
        renderStreamError: () => '',
      },
      model: 'alias',
      body: {},
      forwardHeaders: {},
      canonical: () => request([{ type: 'text', text: 'what is it?' }, image(`${origin}/cat.png`)]),
      stream: false,
      includeUsage: false,
      requestId: 'req_1',
    };
  }

  const attemptOptions = () => ({
    number: 0,
    cancellation: { cancelled: false, onCancel: () => () => undefined },
    deadline: Date.now() + 5000,
  });

  beforeEach(() => {
    sent.length = 0;
  });

  it('hands the provider base64 bytes instead of the URL, fetched once across attempts', async () => {
    const provider = fakeProvider('bytes-only');
    const oneCall = call();
    await attemptChat(oneCall, target, attemptOptions(), dependencies(provider));
    await attemptChat(oneCall, target, attemptOptions(), dependencies(provider));
    expect(sent).toHaveLength(2);
    for (const payload of sent) {
      expect(payload.kind === 'canonical' && payload.request.messages[0]?.content[1]).toEqual({
        type: 'image',
        source: { kind: 'base64', mediaType: 'image/png', data: base64 },
        detail: 'high',
      });
    }
    expect(fetched).toEqual(['/cat.png']);
  });

  it('leaves URLs alone for providers that accept them', async () => {
    await attemptChat(call(), target, attemptOptions(), dependencies(fakeProvider(undefined)));
    const payload = sent[0];
    expect(payload?.kind === 'canonical' && payload.request.messages[0]?.content[1]).toMatchObject({
      source: { kind: 'url', url: `${origin}/cat.png` },
    });
    expect(fetched).toHaveLength(0);
  });
});
