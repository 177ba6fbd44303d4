// Shared ground for the worked cost examples (price-usage.*.test.ts): one config with a target of
// every provider type, a `catalog:` override, and the path the gateway takes to a price - resolve
// the model, take the target's merged catalog entry, read usage from the provider's translator.

import type { Usage } from '../core/index.js';
import { catalogVersion } from '../catalog/models/index.js';
import { parseConfig } from '../config/parse-config.js';
import { resolveModel, type ResolvedTarget } from '../config/resolve-model.js';
import type { GatewayConfig } from '../config/config-schema.js';
import { providerFor } from '../providers/registry.js';
import type { Provider, SseEvent } from '../providers/provider.js';
import { reportedUsage } from './estimate-usage.js';
import { priceUsage } from './price-usage.js';
import type { CostRecord, UsageRecord } from './request-record.js';

export const gatewayConfig = parseConfig(
  `
providers:
  openai: { type: openai, apiKey: sk-test }
  azure: { type: azure-openai, baseUrl: "https://acme.openai.azure.com", apiKey: az-test }
  vllm: { type: openai-compatible, server: vllm, baseUrl: "http://127.0.0.1:8000/v1" }
  anthropic: { type: anthropic, apiKey: sk-ant-test }
  vertex-claude: { type: vertex-anthropic, project: acme, location: us-east5 }
  bedrock-claude: { type: bedrock-anthropic, region: us-east-1 }
  gemini: { type: gemini, apiKey: g-test }
  vertex: { type: vertex, project: acme, location: us-central1 }
  bedrock: { type: bedrock, region: us-east-1 }
  mistral: { type: mistral, apiKey: m-test }
models:
  gpt-4o: { targets: [{ provider: openai, model: gpt-4o-2024-08-06 }] }
  o3: { targets: [{ provider: openai, model: o3 }] }
  azure-mini: { targets: [{ provider: azure, model: gpt-4o-mini }] }
  qwen-local: { targets: [{ provider: vllm, model: Qwen/Qwen2.5-7B-Instruct }] }
  llama-local: { targets: [{ provider: vllm, model: meta-llama/Llama-3.3-70B-Instruct }] }
  claude-sonnet-4-5: { targets: [{ provider: anthropic, model: claude-sonnet-4-5-20250929 }] }
  claude-haiku-4-5: { targets: [{ provider: anthropic, model: claude-haiku-4-5-20251001 }] }
  vertex-sonnet-4: { targets: [{ provider: vertex-claude, model: claude-sonnet-4@20250514 }] }
  bedrock-haiku: { targets: [{ provider: bedrock-claude, model: us.anthropic.claude-3-5-haiku-20241022-v1:0 }] }
  gemini-2.5-flash: { targets: [{ provider: gemini, model: gemini-2.5-flash }] }
  gemini-2.5-pro: { targets: [{ provider: gemini, model: gemini-2.5-pro }] }
  vertex-flash: { targets: [{ provider: vertex, model: gemini-2.0-flash-001 }] }
  bedrock-sonnet-4: { targets: [{ provider: bedrock, model: us.anthropic.claude-sonnet-4-20250514-v1:0 }] }
  nova-lite: { targets: [{ provider: bedrock, model: amazon.nova-lite-v1:0 }] }
  nova-pro: { targets: [{ provider: bedrock, model: amazon.nova-pro-v1:0 }] }
  mistral-medium: { targets: [{ provider: mistral, model: mistral-medium-2508 }] }
  mistral-large: { targets: [{ provider: mistral, model: mistral-large-2411 }] }
  text-embedding-3-small: { kind: embeddings, targets: [{ provider: openai, model: text-embedding-3-small }] }
  gemini-embedding-001: { kind: embeddings, targets: [{ provider: gemini, model: gemini-embedding-001 }] }
catalog:
  models:
    # A model the shipped catalog lacks, served by the local vLLM box at the operator's own price.
    llama-3.3-70b:
      providers: { openai-compatible: [meta-llama/Llama-3.3-70B-Instruct] }
      prices: { input: 0.2, cachedInput: 0.1, output: 0.2 }
`,
  'price-usage-examples.yaml',
  {},
);

/** The first target of a configured model, with its catalog entry as the gateway resolves it. */
export function targetOf(
  alias: string,
  kind: 'chat' | 'embeddings' = 'chat',
  config: GatewayConfig = gatewayConfig,
): ResolvedTarget {
  const target = resolveModel(config, alias, kind)?.targets[0];
  if (target === undefined) throw new Error(`${alias} resolves to no target`);
  return target;
}

export function providerOf(alias: string, kind: 'chat' | 'embeddings' = 'chat'): Provider {
  return providerFor(targetOf(alias, kind).settings.type);
}

/** Usage as the record takes it from a provider: throws when the provider reported none. */
export function recordUsage(usage: Usage | undefined): UsageRecord {
  const record = reportedUsage(usage);
  if (record === undefined) throw new Error('the provider reported no usage');
  return record;
}

/** The price the record gets for a usage served by a configured model's first target. */
export function priceOf(
  usage: UsageRecord,
  alias: string,
  kind: 'chat' | 'embeddings' = 'chat',
  config: GatewayConfig = gatewayConfig,
): CostRecord {
  return priceUsage(usage, targetOf(alias, kind, config).catalogEntry, catalogVersion);
}

/** The last usage a provider's stream decoder reports for these upstream events. */
export function streamedUsage(provider: Provider, events: SseEvent[]): Usage | undefined {
  const decoder = provider.streamDecoder();
  let usage: Usage | undefined;
  for (const event of events) {
    const decoded = decoder.decode(event);
    if (decoded.error !== undefined) throw decoded.error;
    for (const item of decoded.events) if (item.type === 'usage') usage = item.usage;
  }
  return usage;
}

/** Server-sent events carrying JSON, as OpenAI, Anthropic and Gemini stream them. */
export function sse(...payloads: Array<Record<string, unknown>>): SseEvent[] {
  return payloads.map((payload) => {
    const name = typeof payload.type === 'string' ? payload.type : undefined;
    return name === undefined
      ? { data: JSON.stringify(payload) }
      : { event: name, data: JSON.stringify(payload) };
  });
}
