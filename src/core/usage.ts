// Canonical token usage. One convention for every provider, chosen so cost arithmetic is simple:
// inputTokens counts every input token (cached reads and cache writes included, as OpenAI does);
// Anthropic's input_tokens excludes both and must be summed on the way in, subtracted on the way out.

export interface Usage {
  /** All input tokens, including cacheReadTokens and cacheWriteTokens. */
  inputTokens: number;
  /** All output tokens, including reasoningTokens. */
  outputTokens: number;
  /** Input tokens served from the provider's prompt cache (a subset of inputTokens). */
  cacheReadTokens: number;
  /** Input tokens written to the provider's prompt cache (a subset of inputTokens). */
  cacheWriteTokens: number;
  /** Output tokens spent on hidden reasoning (a subset of outputTokens), when reported. */
  reasoningTokens?: number;
  /** Of cacheWriteTokens, those written with a one-hour lifetime (Anthropic prices them apart). */
  cacheWrite1hTokens?: number;
  /**
   * Input tokens that were audio (a subset of inputTokens, cached ones included), when reported;
   * priced apart from text.
   */
  audioInputTokens?: number;
  /**
   * Of cacheReadTokens, those that were audio (a subset of audioInputTokens too), when reported:
   * cached audio has a price of its own (Gemini).
   */
  cacheReadAudioTokens?: number;
  /** Output tokens that were audio (a subset of outputTokens), when reported; priced apart from text. */
  audioOutputTokens?: number;
  /**
   * Web searches the provider ran for the answer (Anthropic's server-side web search tool), when
   * reported: billed per search on top of the tokens.
   */
  webSearchRequests?: number;
  /**
   * The provider's own usage object, verbatim, for the request record. Never rendered to clients:
   * each dialect's renderer picks the fields it sends.
   */
  reported?: Record<string, unknown>;
}

export function emptyUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
}
