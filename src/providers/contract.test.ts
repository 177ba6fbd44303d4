// The provider contract suite: every provider answers every scenario of fixture.ts, through its
// real request, response, stream and error translators, against a mock upstream it reaches over
// HTTP on 127.0.0.1. Also holds the rule that every provider folder has the same file names.

import { readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createParser } from 'eventsource-parser';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../core/index.js';
import { GatewayError } from '../errors.js';
import { EventStreamSplitter } from '../upstream/event-stream-reader.js';
import { encodeEventMessage } from '../upstream/event-stream-writer.js';
import { fixtures as anthropicFixtures } from './anthropic/__fixtures__/index.js';
import { anthropicProvider } from './anthropic/index.js';
import { fixtures as azureOpenaiFixtures } from './azure-openai/__fixtures__/index.js';
import { azureOpenaiProvider } from './azure-openai/index.js';
import { fixtures as bedrockAnthropicFixtures } from './bedrock-anthropic/__fixtures__/index.js';
import { bedrockAnthropicProvider } from './bedrock-anthropic/index.js';
import { fixtures as bedrockFixtures } from './bedrock/__fixtures__/index.js';
import { bedrockProvider } from './bedrock/index.js';
import { scenarioNames } from './fixture.js';
import { fixtures as geminiFixtures } from './gemini/__fixtures__/index.js';
import { geminiProvider } from './gemini/index.js';
import { fixtures as mistralFixtures } from './mistral/__fixtures__/index.js';
import { mistralProvider } from './mistral/index.js';
import type { ProviderFixture } from './fixture.js';
import { fixtures as openaiCompatibleFixtures } from './openai-compatible/__fixtures__/index.js';
import { openaiCompatibleProvider } from './openai-compatible/index.js';
import { fixtures as openaiFixtures } from './openai/__fixtures__/index.js';
import { openaiProvider } from './openai/index.js';
import type { Provider, ProviderSettings, SseEvent, StreamFraming } from './provider.js';
import { fixtures as vertexAnthropicFixtures } from './vertex-anthropic/__fixtures__/index.js';
import { vertexAnthropicProvider } from './vertex-anthropic/index.js';
import { fixtures as vertexFixtures } from './vertex/__fixtures__/index.js';
import { vertexProvider } from './vertex/index.js';

interface Subject {
  name: string;
  provider: Provider;
  fixtures: ProviderFixture[];
}

const subjects: Subject[] = [
  { name: 'openai', provider: openaiProvider, fixtures: openaiFixtures },
  { name: 'openai-compatible', provider: openaiCompatibleProvider, fixtures: openaiCompatibleFixtures },
  { name: 'anthropic', provider: anthropicProvider, fixtures: anthropicFixtures },
  { name: 'mistral', provider: mistralProvider, fixtures: mistralFixtures },
  { name: 'azure-openai', provider: azureOpenaiProvider, fixtures: azureOpenaiFixtures },
  { name: 'gemini', provider: geminiProvider, fixtures: geminiFixtures },
  { name: 'vertex', provider: vertexProvider, fixtures: vertexFixtures },
  { name: 'vertex-anthropic', provider: vertexAnthropicProvider, fixtures: vertexAnthropicFixtures },
  { name: 'bedrock', provider: bedrockProvider, fixtures: bedrockFixtures },
  { name: 'bedrock-anthropic', provider: bedrockAnthropicProvider, fixtures: bedrockAnthropicFixtures },
];

const apiKey = 'sk-contract-test-key';
const providerFiles = ['api.ts', 'error.ts', 'index.ts', 'request.ts', 'response.ts', 'stream.ts'];

describe.each(subjects)('$name provider contract', ({ provider, fixtures }) => {
  it('has exactly one fixture per scenario', () => {
    expect(fixtures.map((fixture) => fixture.scenario).sort()).toEqual([...scenarioNames].sort());
  });

  it.each(scenarioNames)('%s', async (scenario) => {
    const fixture = fixtures.find((candidate) => candidate.scenario === scenario);
    if (fixture === undefined) throw new Error(`no fixture for scenario ${scenario}`);
    await runScenario(provider, fixture);
  });
});

describe('provider folders', () => {
  const root = fileURLToPath(new URL('.', import.meta.url));
  const folders = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_'))
    .map((entry) => entry.name);

  it('include every provider under contract', () => {
    expect(folders).toEqual(expect.arrayContaining(subjects.map((subject) => subject.name)));
  });

  it.each(folders)('%s has the shared file names and one fixture file per scenario', (folder) => {
    expect(sourceFiles(join(root, folder))).toEqual(providerFiles);
    const expectedFixtures = ['index.ts', ...scenarioNames.map((name) => `${name}.ts`)].sort();
    expect(sourceFiles(join(root, folder, '__fixtures__'))).toEqual(expectedFixtures);
  });
});

/** Non-test TypeScript files of a folder, sorted (tests sit beside the code and may vary). */
function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => entry.name)
    .sort();
}

async function runScenario(provider: Provider, fixture: ProviderFixture): Promise<void> {
  const upstream = await startUpstream(fixture, provider.streamFraming);
  try {
    const settings: ProviderSettings = {
      name: `contract-${provider.type}`,
      type: provider.type,
      baseUrl: `${upstream.origin}/v1`,
      apiKeys: [apiKey],
      headers: { 'x-contract-suite': 'yes' },
      // Read only by the vertex types, whose URLs name a Google Cloud project and location.
      project: 'contract-project',
      location: 'us-central1',
    };
    const outgoing = provider.chatRequest({
      model: fixture.request.model,
      stream: fixture.request.stream,
      payload: { kind: 'canonical', request: fixture.request },
      settings,
      apiKey,
    });
    const response = await request(outgoing.url, {
      method: outgoing.method,
      headers: outgoing.headers,
      body: outgoing.body,
    });
    const body = await readBytes(response.body);
    const received = await upstream.received;

    expect(received.method).toBe('POST');
    expect(received.path.startsWith('/v1/')).toBe(true);
    expect(JSON.parse(received.body)).toMatchObject(fixture.expectedBody);
    // Bearer (OpenAI), x-api-key (Anthropic), api-key (Azure OpenAI) or x-goog-api-key (Google).
    const credential =
      received.headers.authorization ??
      received.headers['x-api-key'] ??
      received.headers['api-key'] ??
      received.headers['x-goog-api-key'];
    expect(String(credential)).toContain(apiKey);
    expect(received.headers['x-contract-suite']).toBe('yes');
    expect(response.statusCode).toBe(fixture.upstream.status);
    checkOutcome(provider, fixture, response.statusCode, flattenHeaders(response.headers), body);
  } finally {
    await upstream.close();
  }
}

function checkOutcome(
  provider: Provider,
  fixture: ProviderFixture,
  status: number,
  headers: Record<string, string>,
  body: Buffer,
): void {
  const text = body.toString('utf8');
  const { expected } = fixture;
  switch (expected.kind) {
    case 'error': {
      expect(status).toBeGreaterThanOrEqual(400);
      const error = provider.error(status, headers, text);
      expect(error).toBeInstanceOf(GatewayError);
      expect({ code: error.code, status: error.status }).toEqual({
        code: expected.code,
        status: expected.status,
      });
      if (expected.retryAfterSeconds !== undefined)
        expect(error.retryAfterSeconds).toBe(expected.retryAfterSeconds);
      return;
    }
    case 'stream': {
      const decoded = decodeStream(provider, readStreamEvents(provider.streamFraming, body));
      expect(decoded.errors).toEqual([]);
      expect(decoded.events).toEqual(expected.events);
      expect(decoded.done).toBe(expected.done);
      return;
    }
    case 'response':
      expect(provider.chatResponse(JSON.parse(text))).toMatchObject(expected.response);
      return;
  }
}

function decodeStream(
  provider: Provider,
  events: SseEvent[],
): { events: StreamEvent[]; done: boolean; errors: GatewayError[] } {
  const decoder = provider.streamDecoder();
  const result = { events: [] as StreamEvent[], done: false, errors: [] as GatewayError[] };
  for (const event of events) {
    const decoded = decoder.decode(event);
    result.events.push(...decoded.events);
    if (decoded.done === true) result.done = true;
    if (decoded.error !== undefined) result.errors.push(decoded.error);
  }
  return result;
}

function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createParser({
    onEvent: (message) =>
      events.push(
        message.event === undefined ? { data: message.data } : { event: message.event, data: message.data },
      ),
  });
  parser.feed(text);
  return events;
}

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A one-shot upstream on 127.0.0.1, port 0, answering the fixture and recording the request. */
async function startUpstream(
  fixture: ProviderFixture,
  framing?: StreamFraming,
): Promise<{ origin: string; received: Promise<Received>; close(): Promise<void> }> {
  let resolveReceived: (value: Received) => void = () => undefined;
  const received = new Promise<Received>((resolve) => {
    resolveReceived = resolve;
  });
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      resolveReceived({
        method: incoming.method ?? '',
        path: incoming.url ?? '',
        headers: incoming.headers,
        body,
      });
      answer(fixture, response, framing);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(fixture: ProviderFixture, response: ServerResponse, framing?: StreamFraming): void {
  const { status, headers = {}, json, sse } = fixture.upstream;
  if (sse !== undefined && framing === 'aws-event-stream') {
    response.writeHead(status, { ...headers, 'content-type': 'application/vnd.amazon.eventstream' });
    for (const event of sse) response.write(encodeEventMessage(event));
    response.end();
    return;
  }
  if (sse !== undefined) {
    response.writeHead(status, {
      ...headers,
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
    });
    for (const event of sse) response.write(formatSse(event));
    response.end();
    return;
  }
  response.writeHead(status, { ...headers, 'content-type': 'application/json' });
  response.end(JSON.stringify(json));
}

function formatSse(event: SseEvent): string {
  const name = event.event === undefined ? '' : `event: ${event.event}\n`;
  const data = event.data
    .split('\n')
    .map((line) => `data: ${line}\n`)
    .join('');
  return `${name}${data}\n`;
}

async function readBytes(body: AsyncIterable<Buffer | Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** SSE text, or Bedrock's binary event stream (read by the gateway's own reader). */
function readStreamEvents(framing: StreamFraming | undefined, body: Buffer): SseEvent[] {
  return framing === 'aws-event-stream'
    ? new EventStreamSplitter().push(body)
    : parseSse(body.toString('utf8'));
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
