import OpenAI from 'openai';
import { afterEach, describe, it, expect } from 'vitest';
import { GatewayError } from '../../errors.js';
import { parseEmbeddingsBody, toBase64Float32, toOpenAIEmbeddings } from './embeddings.js';
import { startReplayServer } from '../../../test/support/replay-server.js';
import type { ReplayServer } from '../../../test/support/replay-server.js';

function rejection(body: unknown): GatewayError {
  try {
    parseEmbeddingsBody(body);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected the body to be rejected');
}

describe('parseEmbeddingsBody', () => {
  it('turns a single string into one input and defaults to floats', () => {
    expect(parseEmbeddingsBody({ model: 'emb', input: 'hello' })).toEqual({
      request: { model: 'emb', input: ['hello'] },
      encoding: 'float',
    });
  });

  it('keeps inputs in order with dimensions, user and the encoding asked for', () => {
    expect(
      parseEmbeddingsBody({
        model: 'emb',
        input: ['a', 'b'],
        dimensions: 256,
        user: 'u',
        encoding_format: 'base64',
      }),
    ).toEqual({
      request: { model: 'emb', input: ['a', 'b'], dimensions: 256, user: 'u' },
      encoding: 'base64',
    });
  });

  it('takes token arrays, one or several, as they are', () => {
    expect(parseEmbeddingsBody({ model: 'emb', input: [9906, 1917] }).request.input).toEqual([[9906, 1917]]);
    expect(parseEmbeddingsBody({ model: 'emb', input: [[1, 2], [3]] }).request.input).toEqual([[1, 2], [3]]);
  });

  it.each([
    [{ model: 'emb', input: [1, 'two'] }, 'input', /token ids must be whole numbers/],
    [{ model: 'emb', input: [1.5] }, 'input', /token ids must be whole numbers/],
    [{ model: 'emb', input: [[1, 2], []] }, 'input[1]', /non-empty array of token ids/],
    [{ model: 'emb', input: [[1, 2], 'text'] }, 'input[1]', /texts and token arrays do not mix/],
    [{ model: 'emb', input: ['ok', [1, 2]] }, 'input[1]', /texts and token arrays do not mix/],
    [{ model: 'emb', input: [[1, -2]] }, 'input[0]', /not negative/],
    [{ model: 'emb', input: '' }, 'input', /empty string/],
    [{ model: 'emb', input: ['a', ''] }, 'input[1]', /empty string/],
    [{ model: 'emb', input: [] }, 'input', /must not be empty/],
    [{ model: 'emb', input: Array.from({ length: 2049 }, () => 'x') }, 'input', /at most 2048/],
    [{ model: 'emb' }, 'input', /required/],
    [{ model: 'emb', input: { text: 'x' } }, 'input', /expected string or array/],
    [{ input: 'x' }, 'model', /required/],
    [{ model: 'emb', input: 'x', encoding_format: 'int8' }, 'encoding_format', /got 'int8'/],
    [{ model: 'emb', input: 'x', dimensions: 0 }, 'dimensions', /greater than 0/],
  ])('rejects %j at %s', (body, param, message) => {
    const error = rejection(body);
    expect(error).toMatchObject({ code: 'invalid_request', status: 400, param });
    expect(error.message).toMatch(message);
  });

  it('rejects a body that is not an object', () => {
    expect(rejection(['x']).message).toMatch(/JSON object/);
  });
});

describe('toOpenAIEmbeddings', () => {
  const response = {
    model: 'up',
    vectors: [
      [0.5, -1.25],
      [3, 0],
    ],
    inputTokens: 9,
  };

  it('renders float vectors as a list with usage', () => {
    expect(toOpenAIEmbeddings(response, 'emb', 'float')).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.5, -1.25] },
        { object: 'embedding', index: 1, embedding: [3, 0] },
      ],
      model: 'emb',
      usage: { prompt_tokens: 9, total_tokens: 9 },
    });
  });

  it('writes base64 as little-endian float32 bytes', () => {
    const bytes = Buffer.from(toBase64Float32([1, -2]), 'base64');
    expect([...bytes]).toEqual([0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0]);
    expect(toBase64Float32([])).toBe('');
  });
});

describe('embeddings through the official openai SDK', () => {
  let server: ReplayServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('decodes the base64 it asks for by default back to the same numbers', async () => {
    const vectors = [
      [0.1, -0.2, 0.3333333, 1e-8, -123.456],
      [Math.PI, 0, -0, 65504.5, 1 / 3],
    ];
    server = await startReplayServer((request) => {
      const { request: parsed, encoding } = parseEmbeddingsBody(request.body);
      return {
        body: JSON.stringify(
          toOpenAIEmbeddings({ model: 'up', vectors, inputTokens: 4 }, parsed.model, encoding),
        ),
      };
    });
    const openai = new OpenAI({ baseURL: server.baseURL, apiKey: 'x', maxRetries: 0 });
    const result = await openai.embeddings.create({ model: 'emb', input: ['one', 'two'] });
    expect(server.requests[0]?.body).toMatchObject({ encoding_format: 'base64' });
    expect(result.data).toHaveLength(2);
    result.data.forEach((item, index) => {
      const expected = vectors[index]!;
      expect(item.embedding).toHaveLength(expected.length);
      item.embedding.forEach((value, position) => {
        expect(value).toBe(Math.fround(expected[position]!));
      });
    });
    expect(result.usage).toEqual({ prompt_tokens: 4, total_tokens: 4 });
  });
});
