// An embedding kept beside its cached answer, so the semantic index can be rebuilt from the store
// (after a restart, or on another replica) without embedding the prompts again, and so the score a
// cached answer is served by is as precise as int8 (the index ranks with int4): the vector's int8
// codes (a quarter of float32; cosine within about 0.002) as base64 text.

import { writeInt8 } from './quantise.js';

export function vectorText(vector: Float32Array): string {
  const codes = new Int8Array(vector.length);
  writeInt8(vector, codes, 0);
  return Buffer.from(codes.buffer, codes.byteOffset, codes.byteLength).toString('base64');
}

/** The vector back, up to scale (the index normalises it); undefined for text that is not one. */
export function vectorFromText(text: string, dimensions: number): Float32Array | undefined {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== dimensions) return undefined;
  const codes = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  const vector = Float32Array.from(codes);
  return vector.some((value) => value !== 0) ? vector : undefined;
}

/**
 * Writes the int8 codes of a vector's text into `codes` at `offset`, without allocating: false
 * (and nothing written) for text that is not `dimensions` codes.
 */
export function readCodes(text: string, dimensions: number, codes: Int8Array, offset: number): boolean {
  if (Buffer.byteLength(text, 'base64') !== dimensions || offset + dimensions > codes.length) return false;
  const bytes = Buffer.from(codes.buffer, codes.byteOffset, codes.byteLength);
  return bytes.write(text, offset, dimensions, 'base64') === dimensions;
}

/**
 * The cosine of `query` (any length) and the vector a vector text holds, or undefined when the
 * text is not one of the query's dimensions (or either vector is all zeros).
 */
export function textCosine(query: Float32Array, text: string): number | undefined {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== query.length) return undefined;
  const codes = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  let dot = 0;
  let querySquares = 0;
  let codeSquares = 0;
  for (let index = 0; index < query.length; index++) {
    const value = query[index]!;
    const code = codes[index]!;
    dot += value * code;
    querySquares += value * value;
    codeSquares += code * code;
  }
  const cosine = dot / Math.sqrt(querySquares * codeSquares);
  return Number.isFinite(cosine) ? cosine : undefined;
}
