// The provider registry: the only way the pipeline reaches a provider adapter.

import { anthropicProvider } from './anthropic/index.js';
import { azureOpenaiProvider } from './azure-openai/index.js';
import { bedrockAnthropicProvider } from './bedrock-anthropic/index.js';
import { bedrockProvider } from './bedrock/index.js';
import { geminiProvider } from './gemini/index.js';
import { mistralProvider } from './mistral/index.js';
import { openaiCompatibleProvider } from './openai-compatible/index.js';
import { openaiProvider } from './openai/index.js';
import type { Provider, ProviderType } from './provider.js';
import { vertexAnthropicProvider } from './vertex-anthropic/index.js';
import { vertexProvider } from './vertex/index.js';

const providers: Record<ProviderType, Provider> = {
  openai: openaiProvider,
  anthropic: anthropicProvider,
  'openai-compatible': openaiCompatibleProvider,
  'azure-openai': azureOpenaiProvider,
  gemini: geminiProvider,
  vertex: vertexProvider,
  'vertex-anthropic': vertexAnthropicProvider,
  bedrock: bedrockProvider,
  'bedrock-anthropic': bedrockAnthropicProvider,
  mistral: mistralProvider,
};

export function providerFor(type: ProviderType): Provider {
  return providers[type];
}

export const providerTypes = Object.keys(providers) as ProviderType[];
