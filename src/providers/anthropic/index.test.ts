import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { describe, it, expect } from 'vitest';
import type { StreamEvent } from '../../core/index.js';
import { scenarioNames } from '../fixture.js';
import type { ProviderFixture } from '../fixture.js';
import type { ChatCall } from '../provider.js';
import { fixtures } from './__fixtures__/index.js';
import { anthropicProvider } from './index.js';

function callFor(fixture: ProviderFixture, baseUrl = 'http://127.0.0.1:9/v1'): ChatCall {
  return {
    model: fixture.request.model,
    stream: fixture.request.stream,
    payload: { kind: 'canonical', request: fixture.request },
    settings: { name: 'anthropic', type: 'anthropic', baseUrl, apiKeys: ['sk-ant-fixture'], headers: {} },
    apiKey: 'sk-ant-fixture',
  };
}

function decodeFixture(fixture: ProviderFixture): { events: StreamEvent[]; done: boolean } {
  const decoder = anthropicProvider.streamDecoder();
  const events: StreamEvent[] = [];
  let done = false;
  for (const event of fixture.upstream.sse ?? []) {
    const decoded = decoder.decode(event);
    expect(decoded.error).toBeUndefined();
    events.push(...decoded.events);
    done ||= decoded.done === true;
  }
  return { events, done };
}

describe('anthropicProvider', () => {
  it('speaks the anthropic dialect and offers no embeddings (Anthropic has no such API)', () => {
    expect(anthropicProvider.type).toBe('anthropic');
    expect(anthropicProvider.dialect).toBe('anthropic');
    expect('embeddingsRequest' in anthropicProvider).toBe(false);
    expect('embeddingsResponse' in anthropicProvider).toBe(false);
  });

  it('has exactly one fixture per scenario', () => {
    expect(fixtures.map((fixture) => fixture.scenario).sort()).toEqual([...scenarioNames].sort());
  });
});

// The shared contract suite runs these over HTTP; running them in-process here keeps the fixtures honest
// even where that suite is not run.
describe.each(fixtures.map((fixture) => [fixture.scenario, fixture] as const))(
  'fixture %s',
  (_name, fixture) => {
    it('builds a request whose body contains the expected fields', () => {
      const upstream = anthropicProvider.chatRequest(callFor(fixture));
      expect(upstream.headers['x-api-key']).toBe('sk-ant-fixture');
      expect(JSON.parse(upstream.body ?? '{}')).toMatchObject(fixture.expectedBody);
    });

    it('translates the upstream answer as expected', () => {
      const { expected, upstream } = fixture;
      switch (expected.kind) {
        case 'error': {
          const error = anthropicProvider.error(
            upstream.status,
            upstream.headers ?? {},
            JSON.stringify(upstream.json),
          );
          expect(error.code).toBe(expected.code);
          expect(error.status).toBe(expected.status);
          expect(error.retryAfterSeconds).toBe(expected.retryAfterSeconds);
          break;
        }
        case 'stream':
          expect(decodeFixture(fixture)).toEqual({ events: expected.events, done: expected.done });
          break;
        case 'response':
          expect(anthropicProvider.chatResponse(upstream.json)).toMatchObject(expected.response);
          break;
      }
    });
  },
);

/** Serves one fixture's SSE the way the API does, so the official SDK can read it. */
async function withSseServer<T>(fixture: ProviderFixture, run: (baseURL: string) => Promise<T>): Promise<T> {
  const server = createServer((request, response) => {
    request.resume();
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const event of fixture.upstream.sse ?? [])
      response.write(`event: ${event.event}\ndata: ${event.data}\n\n`);
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('streamed fixtures against the official SDK', () => {
  it.each(['text', 'parallel-tool-calls'])('the SDK and the decoder agree on %s', async (scenario) => {
    const fixture = fixtures.find((candidate) => candidate.scenario === scenario);
    if (fixture === undefined) throw new Error(`no fixture ${scenario}`);
    const message = await withSseServer(fixture, (baseURL) =>
      new Anthropic({ baseURL, apiKey: 'x', maxRetries: 0 }).messages
        .stream({ model: fixture.request.model, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
        .finalMessage(),
    );
    const { events } = decodeFixture(fixture);
    const text = events.flatMap((event) => (event.type === 'text-delta' ? [event.text] : [])).join('');
    const toolArguments = (index: number): unknown =>
      JSON.parse(
        events
          .flatMap((event) =>
            event.type === 'tool-call-delta' && event.index === index ? [event.arguments] : [],
          )
          .join(''),
      );
    const sdkText = message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
    const sdkTools = message.content.flatMap((block) => (block.type === 'tool_use' ? [block.input] : []));
    expect(text).toBe(sdkText);
    expect(sdkTools.map((_input, index) => toolArguments(index))).toEqual(sdkTools);
    const usage = events.find((event) => event.type === 'usage');
    expect(usage?.type === 'usage' ? usage.usage.outputTokens : -1).toBe(message.usage.output_tokens);
  });

  it('the SDK also sees the cut stream as incomplete', async () => {
    const fixture = fixtures.find((candidate) => candidate.scenario === 'stream-cut');
    if (fixture === undefined) throw new Error('no stream-cut fixture');
    const attempt = withSseServer(fixture, (baseURL) =>
      new Anthropic({ baseURL, apiKey: 'x', maxRetries: 0 }).messages
        .stream({ model: fixture.request.model, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
        .finalMessage(),
    );
    await expect(attempt).rejects.toThrow();
    expect(decodeFixture(fixture).done).toBe(false);
  });
});
