// OpenAI's models: GPT-4o, GPT-4.1, the o-series and GPT-5 reasoning models, embeddings. Azure
// OpenAI deployments are matched against these same names (see model-catalog.ts).
// Prices: USD per million tokens, standard tier. Data only: no logic here.
// @see https://platform.openai.com/docs/pricing
// @see https://platform.openai.com/docs/models

import type { CatalogEntry } from '../catalog-schema.js';

const pricing = 'https://platform.openai.com/docs/pricing';

/**
 * Reasoning models take max_completion_tokens (max_tokens is rejected) and only the default
 * sampling settings.
 * @see https://platform.openai.com/docs/guides/reasoning
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-max_tokens
 */
const reasoningRewrites = {
  rename: { max_tokens: 'max_completion_tokens' },
  drop: [
    'temperature',
    'top_p',
    'presence_penalty',
    'frequency_penalty',
    'logprobs',
    'top_logprobs',
    'logit_bias',
  ],
};

const chat = {
  tools: true,
  parallelTools: true,
  vision: true,
  jsonSchema: true,
  reasoning: false,
  caching: true,
};
const reasoning = { ...chat, parallelTools: false, reasoning: true };

export const openaiModels: CatalogEntry[] = [
  {
    id: 'gpt-4o',
    vendor: 'openai',
    aliases: ['chatgpt-4o-latest'],
    providers: { openai: ['gpt-4o', 'gpt-4o-2024-08-06', 'gpt-4o-2024-11-20'] },
    kind: 'chat',
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    capabilities: chat,
    prices: { input: 2.5, cachedInput: 1.25, output: 10 },
    source: pricing,
  },
  {
    // The first snapshot kept its launch price, above the later gpt-4o snapshots.
    id: 'gpt-4o-2024-05-13',
    vendor: 'openai',
    providers: { openai: ['gpt-4o-2024-05-13'] },
    kind: 'chat',
    contextWindow: 128_000,
    maxOutputTokens: 4_096,
    capabilities: { ...chat, jsonSchema: false, caching: false },
    prices: { input: 5, output: 15 },
    source: pricing,
  },
  {
    id: 'gpt-4o-mini',
    vendor: 'openai',
    providers: { openai: ['gpt-4o-mini', 'gpt-4o-mini-2024-07-18'] },
    kind: 'chat',
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    capabilities: chat,
    prices: { input: 0.15, cachedInput: 0.075, output: 0.6 },
    source: pricing,
  },
  {
    id: 'gpt-4.1',
    vendor: 'openai',
    providers: { openai: ['gpt-4.1', 'gpt-4.1-2025-04-14'] },
    kind: 'chat',
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    capabilities: chat,
    prices: { input: 2, cachedInput: 0.5, output: 8 },
    source: pricing,
  },
  {
    id: 'gpt-4.1-mini',
    vendor: 'openai',
    providers: { openai: ['gpt-4.1-mini', 'gpt-4.1-mini-2025-04-14'] },
    kind: 'chat',
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    capabilities: chat,
    prices: { input: 0.4, cachedInput: 0.1, output: 1.6 },
    source: pricing,
  },
  {
    id: 'gpt-4.1-nano',
    vendor: 'openai',
    providers: { openai: ['gpt-4.1-nano', 'gpt-4.1-nano-2025-04-14'] },
    kind: 'chat',
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    capabilities: chat,
    prices: { input: 0.1, cachedInput: 0.025, output: 0.4 },
    source: pricing,
  },
  {
    id: 'o1',
    vendor: 'openai',
    providers: { openai: ['o1', 'o1-2024-12-17'] },
    kind: 'chat',
    contextWindow: 200_000,
    maxOutputTokens: 100_000,
    capabilities: reasoning,
    rewrites: reasoningRewrites,
    prices: { input: 15, cachedInput: 7.5, output: 60 },
    source: pricing,
  },
  {
    id: 'o3',
    vendor: 'openai',
    providers: { openai: ['o3', 'o3-2025-04-16'] },
    kind: 'chat',
    contextWindow: 200_000,
    maxOutputTokens: 100_000,
    capabilities: reasoning,
    rewrites: reasoningRewrites,
    prices: { input: 2, cachedInput: 0.5, output: 8 },
    source: pricing,
  },
  {
    id: 'o3-mini',
    vendor: 'openai',
    providers: { openai: ['o3-mini', 'o3-mini-2025-01-31'] },
    kind: 'chat',
    contextWindow: 200_000,
    maxOutputTokens: 100_000,
    // o3-mini takes no image input.
    capabilities: { ...reasoning, vision: false },
    rewrites: reasoningRewrites,
    prices: { input: 1.1, cachedInput: 0.55, output: 4.4 },
    source: pricing,
  },
  {
    id: 'o4-mini',
    vendor: 'openai',
    providers: { openai: ['o4-mini', 'o4-mini-2025-04-16'] },
    kind: 'chat',
    contextWindow: 200_000,
    maxOutputTokens: 100_000,
    capabilities: reasoning,
    rewrites: reasoningRewrites,
    prices: { input: 1.1, cachedInput: 0.275, output: 4.4 },
    source: pricing,
  },
  {
    id: 'gpt-5',
    vendor: 'openai',
    providers: { openai: ['gpt-5', 'gpt-5-2025-08-07'] },
    kind: 'chat',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    capabilities: { ...reasoning, parallelTools: true },
    rewrites: reasoningRewrites,
    prices: { input: 1.25, cachedInput: 0.125, output: 10 },
    source: pricing,
  },
  {
    id: 'gpt-5-mini',
    vendor: 'openai',
    providers: { openai: ['gpt-5-mini', 'gpt-5-mini-2025-08-07'] },
    kind: 'chat',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    capabilities: { ...reasoning, parallelTools: true },
    rewrites: reasoningRewrites,
    prices: { input: 0.25, cachedInput: 0.025, output: 2 },
    source: pricing,
  },
  {
    id: 'gpt-5-nano',
    vendor: 'openai',
    providers: { openai: ['gpt-5-nano', 'gpt-5-nano-2025-08-07'] },
    kind: 'chat',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    capabilities: { ...reasoning, parallelTools: true },
    rewrites: reasoningRewrites,
    prices: { input: 0.05, cachedInput: 0.005, output: 0.4 },
    source: pricing,
  },
  {
    id: 'text-embedding-3-small',
    vendor: 'openai',
    providers: { openai: ['text-embedding-3-small'] },
    kind: 'embeddings',
    contextWindow: 8_191,
    prices: { input: 0.02 },
    source: pricing,
  },
  {
    id: 'text-embedding-3-large',
    vendor: 'openai',
    providers: { openai: ['text-embedding-3-large'] },
    kind: 'embeddings',
    contextWindow: 8_191,
    prices: { input: 0.13 },
    source: pricing,
  },
  {
    id: 'text-embedding-ada-002',
    vendor: 'openai',
    providers: { openai: ['text-embedding-ada-002'] },
    kind: 'embeddings',
    contextWindow: 8_191,
    prices: { input: 0.1 },
    source: pricing,
  },
];
