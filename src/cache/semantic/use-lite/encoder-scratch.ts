// The encoder's scratch rows, reserved once in its arena for the longest text it reads
// (128 tokens): about 3.3 MB, reused by every call, so encoding allocates nothing but its result.

import type { Block, KernelArena } from './kernel-arena.js';
import { embeddingWidth, heads, innerWidth, padded, useEncoderTokens, width } from './use-layers.js';

const tokens = useEncoderTokens;
const depth = width / heads;

/** Floats in each scratch block. */
const sizes = {
  input: tokens * embeddingWidth,
  normal: tokens * width,
  qkv: tokens * 3 * width,
  attended: tokens * width,
  sum: tokens * width,
  side: tokens * width,
  inner: tokens * innerWidth,
  state: tokens * width,
  /** One attention head's queries, keys (packed for the kernel), values and scores. */
  query: tokens * depth,
  keys: depth * padded(tokens),
  values: padded(tokens) * depth,
  scores: tokens * padded(tokens),
  head: tokens * depth,
  pooled: width,
  vector: width,
  /** A zero bias for the attention products. */
  zeros: innerWidth,
};

export type Scratch = Record<keyof typeof sizes, Block>;

export function scratchSizes(): number[] {
  return Object.values(sizes);
}

export function reserveScratch(arena: KernelArena): Scratch {
  return Object.fromEntries(
    Object.entries(sizes).map(([name, size]) => [name, arena.reserve(size)]),
  ) as Scratch;
}
