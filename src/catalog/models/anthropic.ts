// Anthropic's Claude models with their ids on the Claude API, Amazon Bedrock and Google Vertex AI.
// Prices: USD per million tokens on the Claude API (Bedrock and Vertex list the same on-demand
// prices in their main regions). Cache writes cost 1.25x input for 5 minutes, 2x for 1 hour.
// Data only: no logic here.
// @see https://docs.anthropic.com/en/docs/about-claude/pricing
// @see https://docs.anthropic.com/en/docs/about-claude/models/overview

import type { CatalogEntry, Capabilities, Rewrites } from '../catalog-schema.js';

const pricing = 'https://docs.anthropic.com/en/docs/about-claude/pricing';

/**
 * With extended thinking on, temperature and top_k cannot be changed and top_p must stay in
 * [0.95, 1].
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#feature-compatibility
 */
const thinkingRewrites: Rewrites = {
  whenThinking: { temperature: { min: 1, max: 1 }, top_k: 'drop', top_p: { min: 0.95, max: 1 } },
};

const claude: Capabilities = {
  tools: true,
  parallelTools: true,
  vision: true,
  // No JSON-schema constrained output on the Messages API: the gateway asks for JSON in the prompt.
  jsonSchema: false,
  reasoning: false,
  caching: true,
};
const thinking: Capabilities = { ...claude, reasoning: true };

/** Cache prices follow input: reads 0.1x, 5-minute writes 1.25x, 1-hour writes 2x. */
function claudePrices(input: number, output: number) {
  return { input, output, cachedInput: input / 10, cacheWrite5m: input * 1.25, cacheWrite1h: input * 2 };
}

/**
 * The web search tool costs $10 per 1,000 searches on top of tokens, on every model that has it
 * (all listed here but Claude 3 Haiku).
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/web-search-tool#usage-and-pricing
 */
const webSearch = { webSearchPerThousand: 10 };

/**
 * Sonnet 4 and 4.5 with the 1M-token context window: a prompt over 200k input tokens is billed at
 * $6 input / $22.50 output, cache prices scaled alike.
 * @see https://docs.anthropic.com/en/docs/about-claude/pricing#long-context-pricing
 */
const sonnetLongContext = { threshold: 200_000, ...claudePrices(6, 22.5) };

function ids(anthropic: string[], bedrock: string, vertex: string) {
  return {
    anthropic,
    'bedrock-anthropic': [bedrock],
    bedrock: [bedrock],
    'vertex-anthropic': [vertex],
  };
}

export const anthropicModels: CatalogEntry[] = [
  {
    id: 'claude-opus-4-5',
    vendor: 'anthropic',
    providers: ids(
      ['claude-opus-4-5-20251101', 'claude-opus-4-5'],
      'anthropic.claude-opus-4-5-20251101-v1:0',
      'claude-opus-4-5@20251101',
    ),
    kind: 'chat',
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: thinking,
    rewrites: thinkingRewrites,
    prices: { ...claudePrices(5, 25), ...webSearch },
    source: pricing,
  },
  {
    id: 'claude-opus-4-1',
    vendor: 'anthropic',
    providers: ids(
      ['claude-opus-4-1-20250805', 'claude-opus-4-1'],
      'anthropic.claude-opus-4-1-20250805-v1:0',
      'claude-opus-4-1@20250805',
    ),
    kind: 'chat',
    contextWindow: 200_000,
    maxOutputTokens: 32_000,
    capabilities: thinking,
    rewrites: thinkingRewrites,
    prices: { ...claudePrices(15, 75), ...webSearch },
    source: pricing,
  },
  {
    id: 'claude-opus-4',
    vendor: 'anthropic',
    providers: ids(
      ['claude-opus-4-20250514', 'claude-opus-4-0'],
      'anthropic.claude-opus-4-20250514-v1:0',
      'claude-opus-4@20250514',
    ),
    kind: 'chat',
    contextWindow: 200_000,
    maxOutputTokens: 32_000,
    capabilities: thinking,
    rewrites: thinkingRewrites,
    prices: { ...claudePrices(15, 75), ...webSearch },
    source: pricing,
  },
  {
    id: 'claude-sonnet-4-5',
    vendor: 'anthropic',
    providers: ids(
      ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
      'anthropic.claude-sonnet-4-5-20250929-v1:0',
      'claude-sonnet-4-5@20250929',
    ),
    kind: 'chat',
    // 1M tokens with the context-1m beta header; 200k otherwise.
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: thinking,
    rewrites: thinkingRewrites,
    prices: { ...claudePrices(3, 15), ...webSearch, longContext: sonnetLongContext },
    source: pricing,
  },
  {
    id: 'claude-sonnet-4',
    vendor: 'anthropic',
    providers: ids(
      ['claude-sonnet-4-20250514', 'claude-sonnet-4-0'],
      'anthropic.claude-sonnet-4-20250514-v1:0',
      'claude-sonnet-4@20250514',
    ),
    kind: 'chat',
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: thinking,
    rewrites: thinkingRewrites,
    prices: { ...claudePrices(3, 15), ...webSearch, longContext: sonnetLongContext },
    source: pricing,
  },
  {
    id: 'claude-3-7-sonnet',
    vendor: 'anthropic',
    providers: ids(
      ['claude-3-7-sonnet-20250219', 'claude-3-7-sonnet-latest'],
      'anthropic.claude-3-7-sonnet-20250219-v1:0',
      'claude-3-7-sonnet@20250219',
    ),
    kind: 'chat',
    contextWindow: 200_000,
    // 128k with the output-128k-2025-02-19 beta header (the limit check honours it).
    maxOutputTokens: 64_000,
    capabilities: thinking,
    rewrites: thinkingRewrites,
    prices: { ...claudePrices(3, 15), ...webSearch },
    source: pricing,
  },
  {
    id: 'claude-3-5-sonnet',
    vendor: 'anthropic',
    providers: {
      anthropic: ['claude-3-5-sonnet-20241022', 'claude-3-5-sonnet-20240620', 'claude-3-5-sonnet-latest'],
      'bedrock-anthropic': [
        'anthropic.claude-3-5-sonnet-20241022-v2:0',
        'anthropic.claude-3-5-sonnet-20240620-v1:0',
      ],
      bedrock: ['anthropic.claude-3-5-sonnet-20241022-v2:0', 'anthropic.claude-3-5-sonnet-20240620-v1:0'],
      'vertex-anthropic': ['claude-3-5-sonnet-v2@20241022', 'claude-3-5-sonnet@20240620'],
    },
    kind: 'chat',
    contextWindow: 200_000,
    maxOutputTokens: 8_192,
    capabilities: claude,
    prices: { ...claudePrices(3, 15), ...webSearch },
    source: pricing,
  },
  {
    id: 'claude-haiku-4-5',
    vendor: 'anthropic',
    providers: ids(
      ['claude-haiku-4-5-20251001', 'claude-haiku-4-5'],
      'anthropic.claude-haiku-4-5-20251001-v1:0',
      'claude-haiku-4-5@20251001',
    ),
    kind: 'chat',
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: thinking,
    rewrites: thinkingRewrites,
    prices: { ...claudePrices(1, 5), ...webSearch },
    source: pricing,
  },
  {
    id: 'claude-3-5-haiku',
    vendor: 'anthropic',
    providers: ids(
      ['claude-3-5-haiku-20241022', 'claude-3-5-haiku-latest'],
      'anthropic.claude-3-5-haiku-20241022-v1:0',
      'claude-3-5-haiku@20241022',
    ),
    kind: 'chat',
    contextWindow: 200_000,
    maxOutputTokens: 8_192,
    capabilities: claude,
    prices: { ...claudePrices(0.8, 4), ...webSearch },
    source: pricing,
  },
  {
    id: 'claude-3-haiku',
    vendor: 'anthropic',
    providers: ids(
      ['claude-3-haiku-20240307'],
      'anthropic.claude-3-haiku-20240307-v1:0',
      'claude-3-haiku@20240307',
    ),
    kind: 'chat',
    contextWindow: 200_000,
    maxOutputTokens: 4_096,
    capabilities: claude,
    // Claude 3 Haiku's cache prices are not the usual multiples: listed as published.
    prices: { input: 0.25, output: 1.25, cachedInput: 0.03, cacheWrite5m: 0.3, cacheWrite1h: 0.5 },
    source: pricing,
  },
];
