// OpenAI embeddings: validates a client body into the canonical EmbeddingsRequest, and renders a
// canonical EmbeddingsResponse as floats or base64 (little-endian float32, what the SDK decodes).
// @see https://platform.openai.com/docs/api-reference/embeddings/create

import { z } from 'zod';
import type { EmbeddingsRequest, EmbeddingsResponse } from '../../core/index.js';
import { GatewayError } from '../../errors.js';
import { invalidRequest, toValidationError } from '../validation-error.js';

export type EmbeddingEncoding = 'float' | 'base64';

/** OpenAI's own ceiling on inputs per request. */
const maxInputs = 2048;

const tokenArray = z.array(z.number());
const embeddingsBodySchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.union([z.string(), z.number(), tokenArray]))]),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: z.number().int().positive().optional(),
  user: z.string().optional(),
});

export function parseEmbeddingsBody(body: unknown): {
  request: EmbeddingsRequest;
  encoding: EmbeddingEncoding;
} {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new GatewayError('invalid_request', 'The request body must be a JSON object.');
  }
  const result = embeddingsBodySchema.safeParse(body);
  if (!result.success) throw toValidationError(result.error, body);
  const parsed = result.data;
  const request: EmbeddingsRequest = { model: parsed.model, input: toInputs(parsed.input) };
  if (parsed.dimensions !== undefined) request.dimensions = parsed.dimensions;
  if (parsed.user !== undefined) request.user = parsed.user;
  return { request, encoding: parsed.encoding_format ?? 'float' };
}

/**
 * Texts, or token-id arrays: one array of ids (`number[]`) or several (`number[][]`), which only
 * an OpenAI-dialect provider takes (providers/text-inputs.ts refuses them for the others).
 */
function toInputs(input: string | Array<string | number | number[]>): string[] | number[][] {
  if (typeof input === 'string') {
    if (input === '') throw invalidRequest(['input'], 'must not be an empty string.');
    return [input];
  }
  if (input.length === 0) throw invalidRequest(['input'], 'must not be empty.');
  if (typeof input[0] === 'number') return [tokenIds(input, ['input'])];
  if (Array.isArray(input[0])) {
    if (input.length > maxInputs) throw invalidRequest(['input'], `must have at most ${maxInputs} items.`);
    return input.map((item, index) => tokenIds(item, ['input', index]));
  }
  if (input.length > maxInputs) throw invalidRequest(['input'], `must have at most ${maxInputs} items.`);
  return input.map((item, index) => {
    if (typeof item !== 'string') {
      throw invalidRequest(
        ['input', index],
        'must be a string like the other items (texts and token arrays do not mix).',
      );
    }
    if (item === '') throw invalidRequest(['input', index], 'must not be an empty string.');
    return item;
  });
}

/** One token array: a non-empty list of token ids (whole numbers, not negative). */
function tokenIds(item: unknown, path: Array<string | number>): number[] {
  if (!Array.isArray(item) || item.length === 0) {
    throw invalidRequest(path, 'must be a non-empty array of token ids (texts and token arrays do not mix).');
  }
  for (const id of item) {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) {
      throw invalidRequest(path, 'token ids must be whole numbers, not negative.');
    }
  }
  return item as number[];
}

export function toOpenAIEmbeddings(
  response: EmbeddingsResponse,
  model: string,
  encoding: EmbeddingEncoding,
): object {
  return {
    object: 'list',
    data: response.vectors.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: encoding === 'base64' ? toBase64Float32(vector) : vector,
    })),
    model,
    usage: { prompt_tokens: response.inputTokens, total_tokens: response.inputTokens },
  };
}

/** Little-endian float32 bytes, base64: written explicitly so the byte order never depends on the host. */
export function toBase64Float32(vector: number[]): string {
  const bytes = Buffer.allocUnsafe(vector.length * 4);
  vector.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes.toString('base64');
}
