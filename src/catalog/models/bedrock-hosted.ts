// Models only Amazon Bedrock serves (Amazon Nova, Titan embeddings), through the Converse API
// (type bedrock). Claude on Bedrock lives with the other Claude entries in anthropic.ts.
// Prices: USD per million tokens, on-demand, us-east-1. Nova's maximum output changed after
// launch and is left out rather than guessed. Data only.
// @see https://aws.amazon.com/bedrock/pricing/
// @see https://docs.aws.amazon.com/bedrock/latest/userguide/models-supported.html

import type { CatalogEntry, Capabilities } from '../catalog-schema.js';

const pricing = 'https://aws.amazon.com/bedrock/pricing/';

const nova: Capabilities = {
  tools: true,
  parallelTools: false,
  vision: true,
  jsonSchema: false,
  reasoning: false,
  caching: true,
};

export const bedrockHostedModels: CatalogEntry[] = [
  {
    id: 'amazon-nova-pro',
    vendor: 'amazon',
    providers: { bedrock: ['amazon.nova-pro-v1:0'] },
    kind: 'chat',
    contextWindow: 300_000,
    capabilities: nova,
    prices: { input: 0.8, output: 3.2 },
    source: pricing,
  },
  {
    id: 'amazon-nova-lite',
    vendor: 'amazon',
    providers: { bedrock: ['amazon.nova-lite-v1:0'] },
    kind: 'chat',
    contextWindow: 300_000,
    capabilities: nova,
    prices: { input: 0.06, output: 0.24 },
    source: pricing,
  },
  {
    id: 'amazon-nova-micro',
    vendor: 'amazon',
    providers: { bedrock: ['amazon.nova-micro-v1:0'] },
    kind: 'chat',
    contextWindow: 128_000,
    capabilities: { ...nova, vision: false },
    prices: { input: 0.035, output: 0.14 },
    source: pricing,
  },
  {
    id: 'amazon-titan-embed-text-v2',
    vendor: 'amazon',
    providers: { bedrock: ['amazon.titan-embed-text-v2:0'] },
    kind: 'embeddings',
    contextWindow: 8_192,
    prices: { input: 0.02 },
    source: pricing,
  },
];
