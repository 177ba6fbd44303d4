// Canonical embeddings request and response.

export interface EmbeddingsRequest {
  model: string;
  /** Texts, or token-id arrays (OpenAI's dialect: ids of the model's own tokenizer). */
  input: string[] | number[][];
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

/** Whether the inputs are token-id arrays rather than texts. */
export function isTokenInput(input: EmbeddingsRequest['input']): input is number[][] {
  return input.length > 0 && typeof input[0] !== 'string';
}
