// What the semantic cache needs from an embedding model: texts in, one vector per text out.
// Two kinds are meant to sit behind it: the embedded Universal Sentence Encoder (use-embedder.ts,
// offline, no key; it runs in the semantic worker thread) and, later, a provider's embedding
// model called through the gateway. Vectors of different models never meet: `model` is part of
// what the cache must put in its partition key.

export interface Embedder {
  /** Names the model and its version, e.g. `use-lite@energetic-ai-0.2.0`. */
  readonly model: string;
  /** Length of every vector it returns. */
  readonly dimensions: number;
  /** One vector per text, in order. Vectors need not be normalised: the index normalises. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}
