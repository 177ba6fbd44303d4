// Google's Gemini models on the Gemini API (type gemini) and Vertex AI (type vertex), and Gemini
// embeddings. Prices: USD per million tokens, paid tier (the Gemini API's list prices, used for
// Vertex AI too); thinking tokens are billed as output. Audio input, and cached audio, cost more
// than text on the Flash models; where the page gives one input price, it is every modality's.
// Gemini 2.5 Pro charges more for prompts over 200k tokens. Data only.
// @see https://ai.google.dev/gemini-api/docs/pricing
// @see https://ai.google.dev/gemini-api/docs/models

import type { CatalogEntry, Capabilities } from '../catalog-schema.js';

const pricing = 'https://ai.google.dev/gemini-api/docs/pricing';

const gemini: Capabilities = {
  tools: true,
  parallelTools: true,
  vision: true,
  jsonSchema: true,
  reasoning: false,
  caching: true,
};
const thinking: Capabilities = { ...gemini, reasoning: true };

function ids(...names: string[]) {
  return { gemini: names, vertex: names };
}

export const googleModels: CatalogEntry[] = [
  {
    id: 'gemini-2.5-pro',
    vendor: 'google',
    providers: ids('gemini-2.5-pro'),
    kind: 'chat',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: thinking,
    // One input price for every modality, audio included.
    // @see https://ai.google.dev/gemini-api/docs/pricing#gemini-2.5-pro
    prices: {
      input: 1.25,
      audioInput: 1.25,
      cachedInput: 0.125,
      cachedAudioInput: 0.125,
      output: 10,
      longContext: {
        threshold: 200_000,
        input: 2.5,
        audioInput: 2.5,
        cachedInput: 0.25,
        cachedAudioInput: 0.25,
        output: 15,
      },
    },
    source: pricing,
  },
  {
    id: 'gemini-2.5-flash',
    vendor: 'google',
    providers: ids('gemini-2.5-flash'),
    kind: 'chat',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: thinking,
    // @see https://ai.google.dev/gemini-api/docs/pricing#gemini-2.5-flash
    prices: { input: 0.3, audioInput: 1, cachedInput: 0.03, cachedAudioInput: 0.1, output: 2.5 },
    source: pricing,
  },
  {
    id: 'gemini-2.5-flash-lite',
    vendor: 'google',
    providers: ids('gemini-2.5-flash-lite'),
    kind: 'chat',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: thinking,
    // @see https://ai.google.dev/gemini-api/docs/pricing#gemini-2.5-flash-lite
    prices: { input: 0.1, audioInput: 0.3, cachedInput: 0.01, cachedAudioInput: 0.03, output: 0.4 },
    source: pricing,
  },
  {
    id: 'gemini-2.0-flash',
    vendor: 'google',
    providers: ids('gemini-2.0-flash', 'gemini-2.0-flash-001'),
    kind: 'chat',
    contextWindow: 1_048_576,
    maxOutputTokens: 8_192,
    capabilities: gemini,
    // @see https://ai.google.dev/gemini-api/docs/pricing#gemini-2.0-flash
    prices: { input: 0.1, audioInput: 0.7, cachedInput: 0.025, cachedAudioInput: 0.175, output: 0.4 },
    source: pricing,
  },
  {
    id: 'gemini-2.0-flash-lite',
    vendor: 'google',
    providers: ids('gemini-2.0-flash-lite', 'gemini-2.0-flash-lite-001'),
    kind: 'chat',
    contextWindow: 1_048_576,
    maxOutputTokens: 8_192,
    capabilities: { ...gemini, caching: false },
    // One input price for every modality, audio included; no context caching.
    // @see https://ai.google.dev/gemini-api/docs/pricing#gemini-2.0-flash-lite
    prices: { input: 0.075, audioInput: 0.075, output: 0.3 },
    source: pricing,
  },
  {
    id: 'gemini-embedding-001',
    vendor: 'google',
    providers: ids('gemini-embedding-001'),
    kind: 'embeddings',
    contextWindow: 2_048,
    prices: { input: 0.15 },
    source: pricing,
  },
  {
    // Free on the Gemini API and priced per character on Vertex: no per-token price to list.
    id: 'text-embedding-004',
    vendor: 'google',
    providers: ids('text-embedding-004'),
    kind: 'embeddings',
    contextWindow: 2_048,
    source: 'https://ai.google.dev/gemini-api/docs/models#text-embedding',
  },
];
