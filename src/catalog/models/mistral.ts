// Mistral's models on La Plateforme (type mistral). Prices: USD per million tokens. Mistral
// publishes no maximum output separate from the context window, so none is listed. A price that
// could not be confirmed against Mistral's page is left out (unknown, flagged in cost reports).
// Data only.
// @see https://mistral.ai/pricing#api-pricing
// @see https://docs.mistral.ai/getting-started/models/models_overview/

import type { CatalogEntry, Capabilities } from '../catalog-schema.js';

const pricing = 'https://mistral.ai/pricing#api-pricing';

const mistral: Capabilities = {
  tools: true,
  parallelTools: true,
  vision: false,
  jsonSchema: true,
  reasoning: false,
  caching: false,
};

export const mistralModels: CatalogEntry[] = [
  {
    id: 'mistral-large',
    vendor: 'mistral',
    providers: { mistral: ['mistral-large-latest', 'mistral-large-2411', 'mistral-large-2407'] },
    kind: 'chat',
    contextWindow: 131_072,
    capabilities: mistral,
    prices: { input: 2, output: 6 },
    source: pricing,
  },
  {
    id: 'mistral-medium',
    vendor: 'mistral',
    providers: { mistral: ['mistral-medium-latest', 'mistral-medium-2505', 'mistral-medium-2508'] },
    kind: 'chat',
    contextWindow: 131_072,
    capabilities: { ...mistral, vision: true },
    prices: { input: 0.4, output: 2 },
    source: pricing,
  },
  {
    // Public figures for Small 3.x disagree between sources: left unknown until confirmed.
    id: 'mistral-small',
    vendor: 'mistral',
    providers: { mistral: ['mistral-small-latest', 'mistral-small-2503', 'mistral-small-2506'] },
    kind: 'chat',
    contextWindow: 131_072,
    capabilities: { ...mistral, vision: true },
    source: pricing,
  },
  {
    id: 'mistral-embed',
    vendor: 'mistral',
    providers: { mistral: ['mistral-embed'] },
    kind: 'embeddings',
    contextWindow: 8_192,
    prices: { input: 0.1 },
    source: pricing,
  },
];
