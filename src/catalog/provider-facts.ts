// What a provider type offers that its adapter does not declare in code: how it authenticates,
// which features its API has, and how it differs from the client dialects. Read by the generated
// docs/providers.md. Data only; adapter facts (dialect, framing, embeddings) come from the registry.

import type { ProviderType } from '../providers/provider.js';

export interface ProviderFacts {
  /** The provider's API reference. */
  docs: string;
  auth: string[];
  tools: boolean;
  vision: boolean;
  jsonSchema: boolean;
  /** Known differences a client of the gateway may notice. */
  differences: string[];
}

export const providerFacts: Record<ProviderType, ProviderFacts> = {
  openai: {
    docs: 'https://platform.openai.com/docs/api-reference/chat',
    auth: ['API key (Bearer)'],
    tools: true,
    vision: true,
    jsonSchema: true,
    differences: ['Reasoning models take `max_completion_tokens` and no sampling parameters (rewritten).'],
  },
  anthropic: {
    docs: 'https://docs.anthropic.com/en/api/messages',
    auth: ['API key (`x-api-key`)'],
    tools: true,
    vision: true,
    jsonSchema: false,
    differences: [
      '`max_tokens` is required: `defaults.maxTokens` fills it for OpenAI clients.',
      'No JSON-schema output: asked for in the system prompt instead.',
      'Extended thinking fixes temperature at 1 and forbids `top_k` (rewritten).',
    ],
  },
  'openai-compatible': {
    docs: 'https://platform.openai.com/docs/api-reference/chat',
    auth: ['API key (Bearer), or none'],
    tools: true,
    vision: true,
    jsonSchema: true,
    differences: [
      'Features depend on the server (`server:` profile); models are unknown to the catalog unless added.',
    ],
  },
  'azure-openai': {
    docs: 'https://learn.microsoft.com/azure/ai-foundry/openai/reference',
    auth: ['API key (`api-key`)', 'Microsoft Entra ID (client credentials)'],
    tools: true,
    vision: true,
    jsonSchema: true,
    differences: ['The model is a deployment name; the catalog matches it against OpenAI model ids.'],
  },
  gemini: {
    docs: 'https://ai.google.dev/api/generate-content',
    auth: ['API key (`x-goog-api-key`)'],
    tools: true,
    vision: true,
    jsonSchema: true,
    differences: [
      'Tool calls carry no ids upstream: the gateway makes them up.',
      'Prompts over 200k tokens cost more on 2.5 Pro.',
    ],
  },
  vertex: {
    docs: 'https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference',
    auth: ['Google service account', 'Application Default Credentials'],
    tools: true,
    vision: true,
    jsonSchema: true,
    differences: ['Same models and wire format as gemini, addressed by project and region.'],
  },
  'vertex-anthropic': {
    docs: 'https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude',
    auth: ['Google service account', 'Application Default Credentials'],
    tools: true,
    vision: true,
    jsonSchema: false,
    differences: ['Claude model ids are written `claude-sonnet-4@20250514`.'],
  },
  bedrock: {
    docs: 'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html',
    auth: ['AWS SigV4 (access keys, profile or the AWS credential chain)'],
    tools: true,
    vision: true,
    jsonSchema: false,
    differences: [
      'Streams use the AWS event-stream framing, not SSE.',
      'Cross-region profiles (`us.`, `eu.`, `global.`) prefix model ids.',
    ],
  },
  'bedrock-anthropic': {
    docs: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages.html',
    auth: ['AWS SigV4 (access keys, profile or the AWS credential chain)'],
    tools: true,
    vision: true,
    jsonSchema: false,
    differences: [
      'Anthropic Messages bodies inside Bedrock InvokeModel; streams use the AWS event-stream framing.',
    ],
  },
  mistral: {
    docs: 'https://docs.mistral.ai/api/',
    auth: ['API key (Bearer)'],
    tools: true,
    vision: true,
    jsonSchema: true,
    differences: [
      'Close to the OpenAI dialect but not identical: every call goes through the canonical form.',
    ],
  },
};
