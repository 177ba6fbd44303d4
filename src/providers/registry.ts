// The provider registry: the only way the pipeline reaches a provider adapter.

import { anthropicProvider } from './anthropic/index.js';
import { openaiCompatibleProvider } from './openai-compatible/index.js';
import { openaiProvider } from './openai/index.js';
import { pendingProvider } from './pending.js';
import type { Provider, ProviderType } from './provider.js';

const providers: Record<ProviderType, Provider> = {
  openai: openaiProvider,
  anthropic: anthropicProvider,
  'openai-compatible': openaiCompatibleProvider,
  'azure-openai': pendingProvider('azure-openai'),
  gemini: pendingProvider('gemini'),
  vertex: pendingProvider('vertex'),
  'vertex-anthropic': pendingProvider('vertex-anthropic'),
  bedrock: pendingProvider('bedrock'),
  'bedrock-anthropic': pendingProvider('bedrock-anthropic'),
  mistral: pendingProvider('mistral'),
};

export function providerFor(type: ProviderType): Provider {
  return providers[type];
}

export const providerTypes = Object.keys(providers) as ProviderType[];
