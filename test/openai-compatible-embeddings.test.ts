// /v1/embeddings through openai-compatible servers (vLLM, Ollama), driven by the openai SDK: floats
// and base64 (the SDK's default, encoded by the gateway from the floats it always asks for), input
// order, dimensions, a keyless local server, and the failures such servers really produce.

import OpenAI from 'openai';
import type { CreateEmbeddingResponse } from 'openai/resources/embeddings';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MockUpstream } from './support/mock-upstream.js';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

let vllm: MockUpstream;
let ollama: MockUpstream;
let gateway: TestGateway;
let openai: OpenAI;

beforeAll(async () => {
  vllm = await new MockUpstream().start();
  ollama = await new MockUpstream().start();
  gateway = await startTestGateway(`
providers:
  vllm:
    type: openai-compatible
    server: vllm
    baseUrl: ${vllm.url}/v1
  ollama:
    type: openai-compatible
    server: ollama
    baseUrl: ${ollama.url}/v1
    apiKey: ollama-local-key
defaults:
  retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 5 }
models:
  bge:
    kind: embeddings
    targets: [{ provider: vllm, model: BAAI/bge-m3 }]
  nomic:
    kind: embeddings
    targets: [{ provider: ollama, model: nomic-embed-text }]
`);
  openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: gateway.key, maxRetries: 0 });
});

afterAll(async () => {
  await gateway.close();
  await vllm.stop();
  await ollama.stop();
});

afterEach(() => {
  vllm.forget();
  ollama.forget();
});

const vectors = [
  [0.25, -1.5, 3.125, 1e-3],
  [2, -0.5, 0.1, 7.75],
];

/** vLLM's answer: OpenAI's shape plus an id and created. */
function vllmAnswer(
  model: string,
  order = [0, 1],
): CreateEmbeddingResponse & { id: string; created: number } {
  return {
    id: 'embd-5c3e',
    object: 'list',
    created: 1_735_689_600,
    model,
    data: order.map((index) => ({ object: 'embedding', index, embedding: vectors[index] ?? [] })),
    usage: { prompt_tokens: 8, total_tokens: 8 },
  };
}

describe('vLLM', () => {
  it('decodes base64 (the SDK default) from the floats the gateway asked for, with no key sent', async () => {
    vllm.reply({ kind: 'json', body: vllmAnswer('BAAI/bge-m3') });
    const result = await openai.embeddings.create({ model: 'bge', input: ['a', 'b'] });
    expect(vllm.last.path).toBe('/v1/embeddings');
    expect(vllm.last.body).toEqual({ model: 'BAAI/bge-m3', input: ['a', 'b'], encoding_format: 'float' });
    expect(vllm.last.headers.authorization).toBeUndefined();
    expect(result.model).toBe('bge');
    expect(result.data.map((item) => Array.from(item.embedding))).toEqual(
      vectors.map((vector) => vector.map((value) => Math.fround(value))),
    );
    expect(result.usage.prompt_tokens).toBe(8);
  });

  it('returns floats exactly, in input order whatever order the server listed them', async () => {
    vllm.reply({ kind: 'json', body: vllmAnswer('BAAI/bge-m3', [1, 0]) });
    const result = await openai.embeddings.create({
      model: 'bge',
      input: ['a', 'b'],
      encoding_format: 'float',
      dimensions: 4,
    });
    expect(vllm.last.body.dimensions).toBe(4);
    expect(result.data.map((item) => [item.index, item.embedding])).toEqual([
      [0, vectors[0]],
      [1, vectors[1]],
    ]);
  });

  it('refuses base64 text from a server that ignored encoding_format, instead of passing garbage on', async () => {
    const garbled = {
      kind: 'json' as const,
      body: {
        ...vllmAnswer('BAAI/bge-m3'),
        data: [{ object: 'embedding', index: 0, embedding: 'AACAPg==' }],
      },
    };
    // Unreadable answers count as upstream failures: the gateway's one retry meets the same.
    vllm.reply(garbled, garbled);
    const error = await openai.embeddings
      .create({ model: 'bge', input: 'a', encoding_format: 'float' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as Error).message).toMatch(/could not read/);
  });
});

describe('Ollama', () => {
  it('sends its key and answers floats and base64', async () => {
    const answer: CreateEmbeddingResponse = {
      object: 'list',
      model: 'nomic-embed-text',
      data: [{ object: 'embedding', index: 0, embedding: vectors[0] ?? [] }],
      usage: { prompt_tokens: 2, total_tokens: 2 },
    };
    ollama.reply({ kind: 'json', body: answer }, { kind: 'json', body: answer });
    const viaFloat = await openai.embeddings.create({
      model: 'nomic',
      input: 'hello',
      encoding_format: 'float',
    });
    expect(ollama.last.headers.authorization).toBe('Bearer ollama-local-key');
    expect(viaFloat.data[0]?.embedding).toEqual(vectors[0]);
    const viaBase64 = await openai.embeddings.create({
      model: 'nomic',
      input: 'hello',
      encoding_format: 'base64',
    });
    const bytes = Buffer.from(viaBase64.data[0]?.embedding as unknown as string, 'base64');
    const decoded = Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4));
    expect(decoded).toEqual(vectors[0]?.map((value) => Math.fround(value)));
  });

  it('relays Ollama’s bare error string for a model it has not pulled', async () => {
    ollama.reply({
      kind: 'json',
      status: 404,
      body: { error: 'model "nomic-embed-text" not found, try pulling it first' },
    });
    const error = await openai.embeddings
      .create({ model: 'nomic', input: 'hello' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as Error).message).toContain('try pulling it first');
    expect(ollama.requests).toHaveLength(1);
  });
});
