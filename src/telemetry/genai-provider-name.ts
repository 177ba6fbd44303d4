// Our provider adapter types mapped to the OpenTelemetry GenAI registry's gen_ai.provider.name
// values, shared by spans and metrics. A lookup table only: no SDK imports, no I/O.
// @see https://opentelemetry.io/docs/specs/semconv/registry/attributes/gen-ai/

import type { ProviderType } from '../providers/provider.js';

/**
 * The registry names the telemetry "flavour" by the API spoken and the host serving it: models on
 * Vertex AI and Bedrock are `gcp.vertex_ai` and `aws.bedrock` whoever made them, and an
 * OpenAI-compatible server speaks the OpenAI API (the registry has no generic value for it;
 * `server.address` tells them apart).
 */
const providerNames: Record<ProviderType, string> = {
  openai: 'openai',
  'openai-compatible': 'openai',
  anthropic: 'anthropic',
  'azure-openai': 'azure.ai.openai',
  gemini: 'gcp.gemini',
  vertex: 'gcp.vertex_ai',
  'vertex-anthropic': 'gcp.vertex_ai',
  bedrock: 'aws.bedrock',
  'bedrock-anthropic': 'aws.bedrock',
  mistral: 'mistral_ai',
};

/** The gen_ai.provider.name for an adapter type; an unknown type is passed through as it is. */
export function genAiProviderName(providerType: string): string {
  return Object.hasOwn(providerNames, providerType)
    ? providerNames[providerType as ProviderType]
    : providerType;
}
