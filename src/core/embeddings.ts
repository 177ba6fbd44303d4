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
  /**
   * The provider's own usage figures, verbatim, for the request record; absent when it reported
   * none (then inputTokens is 0 and only an estimate can stand in). Never rendered to clients.
   */
  reported?: Record<string, unknown>;
}
