// What the semantic cache needs from an embedding model: texts in, one vector per text out.
// Two kinds are meant to sit behind it: the embedded Universal Sentence Encoder (use-embedder.ts,
// offline, no key; it runs in the semantic worker thread) and, later, a provider's embedding
// model called through the gateway. Vectors of different models never meet: `model` is part of
// what the cache must put in its partition key.

export interface Embedder {
  /** Names the model and its version, e.g. `use-lite-int8@energetic-ai-0.2.0`. */
  readonly model: string;
  /** Length of every vector it returns. */
  readonly dimensions: number;
  /** One vector per text, in order. Vectors need not be normalised: the index normalises. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  /**
   * Whether the model reads all of `text`. A model with a short window embeds a longer text by its
   * beginning alone, so two prompts that differ only past it would look the same: the semantic
   * cache neither looks such a text up nor files it. Absent: any text the caller allows.
   */
  covers?(text: string): boolean;
}
