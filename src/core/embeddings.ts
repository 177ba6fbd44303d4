// Canonical embeddings request and response.

export interface EmbeddingsRequest {
  model: string;
  input: string[];
  dimensions?: number;
  user?: string;
}

export interface EmbeddingsResponse {
  model: string;
  /** One vector per input, in input order. */
  vectors: number[][];
  inputTokens: number;
}
