// With no config file, a GatewayConfig built from the environment variables the official SDKs and
// tools already read (OPENAI_API_KEY, ANTHROPIC_API_KEY, OLLAMA_HOST, ...), plus SWITCHYARD_* for
// the server. Reads only the env passed in; the result goes through the same schema as a file.

import { ConfigError, type ConfigProblem } from './config-error.js';
import type { GatewayConfig } from './config-schema.js';
import type { Env } from './interpolate-env.js';
import { validateConfig } from './parse-config.js';

/** The name used for the config's source in messages when there is no file. */
export const environmentSource = 'environment';

interface CompatibleProvider {
  name: string;
  keyVariable: string;
  baseUrl: string;
  server: string;
}

/**
 * Hosted OpenAI-compatible APIs: each is served under `<name>/*` with the prefix stripped.
 * @see https://console.groq.com/docs/openai
 * @see https://api-docs.deepseek.com/
 * @see https://openrouter.ai/docs/quickstart
 * @see https://docs.x.ai/docs/api-reference
 * @see https://docs.together.ai/docs/openai-api-compatibility
 */
export const compatibleProviders: readonly CompatibleProvider[] = [
  { name: 'groq', keyVariable: 'GROQ_API_KEY', baseUrl: 'https://api.groq.com/openai/v1', server: 'groq' },
  {
    name: 'deepseek',
    keyVariable: 'DEEPSEEK_API_KEY',
    baseUrl: 'https://api.deepseek.com/v1',
    server: 'deepseek',
  },
  {
    name: 'openrouter',
    keyVariable: 'OPENROUTER_API_KEY',
    baseUrl: 'https://openrouter.ai/api/v1',
    server: 'openrouter',
  },
  { name: 'xai', keyVariable: 'XAI_API_KEY', baseUrl: 'https://api.x.ai/v1', server: 'xai' },
  {
    name: 'together',
    keyVariable: 'TOGETHER_API_KEY',
    baseUrl: 'https://api.together.xyz/v1',
    server: 'together',
  },
];

/** OpenAI's model families, served under their own names. */
export const openaiChatPatterns = ['gpt-*', 'o1*', 'o3*', 'o4*', 'chatgpt-*'] as const;
export const openaiEmbeddingPattern = 'text-embedding-*';

/** Mistral's model families, served under their own names (mistral-embed for embeddings). */
export const mistralChatPatterns = [
  'mistral-*',
  'magistral-*',
  'codestral-*',
  'devstral-*',
  'pixtral-*',
  'ministral-*',
  'open-mistral-*',
] as const;

/** Which config key each variable sets, so a bad value is reported by the variable's name. */
const variableForPath: Record<string, string> = {
  'providers.openai.baseUrl': 'OPENAI_BASE_URL',
  'providers.anthropic.baseUrl': 'ANTHROPIC_BASE_URL',
  'providers.ollama.baseUrl': 'OLLAMA_HOST',
  'server.host': 'SWITCHYARD_HOST',
  'server.port': 'SWITCHYARD_PORT',
  'storage.dataDir': 'SWITCHYARD_DATA_DIR',
  'storage.postgresUrl': 'SWITCHYARD_POSTGRES_URL',
  'storage.redisUrl': 'SWITCHYARD_REDIS_URL',
  'storage.redisPrefix': 'SWITCHYARD_REDIS_PREFIX',
};

export function discoverConfig(env: Env = process.env): GatewayConfig {
  const providers: Record<string, unknown> = {};
  const models: Record<string, unknown> = {};
  const openaiKey = present(env.OPENAI_API_KEY);
  if (openaiKey !== undefined) {
    /** @see https://github.com/openai/openai-node#usage (OPENAI_API_KEY, OPENAI_BASE_URL) */
    providers.openai = dropUndefined({
      type: 'openai',
      apiKey: openaiKey,
      baseUrl: present(env.OPENAI_BASE_URL),
    });
    for (const pattern of openaiChatPatterns)
      models[pattern] = { targets: [{ provider: 'openai', model: '*' }] };
    models[openaiEmbeddingPattern] = { kind: 'embeddings', targets: [{ provider: 'openai', model: '*' }] };
  }
  const anthropicKey = present(env.ANTHROPIC_API_KEY);
  if (anthropicKey !== undefined) {
    /** @see https://github.com/anthropics/anthropic-sdk-typescript#usage (ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL) */
    const baseUrl = present(env.ANTHROPIC_BASE_URL);
    providers.anthropic = dropUndefined({
      type: 'anthropic',
      apiKey: anthropicKey,
      baseUrl: baseUrl && withVersionPath(baseUrl),
    });
    models['claude-*'] = { targets: [{ provider: 'anthropic', model: '*' }] };
  }
  // The Google Gen AI SDK reads GEMINI_API_KEY, then GOOGLE_API_KEY.
  const geminiKey = present(env.GEMINI_API_KEY) ?? present(env.GOOGLE_API_KEY);
  if (geminiKey !== undefined) {
    /** @see https://ai.google.dev/gemini-api/docs/api-key */
    providers.gemini = { type: 'gemini', apiKey: geminiKey };
    models['gemini-*'] = { targets: [{ provider: 'gemini', model: '*' }] };
    models['gemini-embedding-*'] = { kind: 'embeddings', targets: [{ provider: 'gemini', model: '*' }] };
  }
  const mistralKey = present(env.MISTRAL_API_KEY);
  if (mistralKey !== undefined) {
    /** @see https://docs.mistral.ai/getting-started/models/models_overview/ */
    providers.mistral = { type: 'mistral', apiKey: mistralKey };
    for (const pattern of mistralChatPatterns)
      models[pattern] = { targets: [{ provider: 'mistral', model: '*' }] };
    models['mistral-embed'] = { kind: 'embeddings', targets: [{ provider: 'mistral' }] };
  }
  for (const provider of compatibleProviders) {
    const key = present(env[provider.keyVariable]);
    if (key === undefined) continue;
    providers[provider.name] = {
      type: 'openai-compatible',
      apiKey: key,
      baseUrl: provider.baseUrl,
      server: provider.server,
    };
    models[`${provider.name}/*`] = { targets: [{ provider: provider.name, model: '*' }] };
  }
  const ollamaHost = present(env.OLLAMA_HOST);
  if (ollamaHost !== undefined) {
    providers.ollama = { type: 'openai-compatible', baseUrl: ollamaBaseUrl(ollamaHost), server: 'ollama' };
    models['ollama/*'] = { targets: [{ provider: 'ollama', model: '*' }] };
  }
  return validateDiscovered({
    server: serverSettings(env),
    storage: storageSettings(env),
    providers,
    models,
  });
}

/** True when the config serves nothing (no provider variable was set). */
export function servesNothing(config: GatewayConfig): boolean {
  return Object.keys(config.models).length === 0;
}

/**
 * The SDK's ANTHROPIC_BASE_URL has no version path (https://api.anthropic.com); the provider's has.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function withVersionPath(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/v1') ? trimmed : `${trimmed}/v1`;
}

/**
 * OLLAMA_HOST as Ollama reads it: `host`, `host:port` or a URL. Without a scheme it is http on port
 * 11434; with one, the scheme's default port. The OpenAI-compatible API lives under /v1.
 * @see https://github.com/ollama/ollama/blob/main/docs/openai.md
 * @see https://github.com/ollama/ollama/blob/main/docs/faq.md#how-do-i-configure-ollama-server
 */
export function ollamaBaseUrl(host: string): string {
  const value = host.trim().replace(/^["']|["']$/g, '');
  const hasScheme = value.includes('://');
  let parsed: URL;
  try {
    parsed = new URL(hasScheme ? value : `http://${value}`);
  } catch {
    return value; // left as written: the schema then reports it as not a URL
  }
  if (!hasScheme && parsed.port === '') parsed.port = '11434';
  // 0.0.0.0 is how Ollama is told to listen everywhere; a client reaches it on loopback.
  if (parsed.hostname === '0.0.0.0') parsed.hostname = '127.0.0.1';
  const pathname = parsed.pathname.replace(/\/+$/, '');
  return `${parsed.origin}${pathname.endsWith('/v1') ? pathname : `${pathname}/v1`}`;
}

function serverSettings(env: Env): Record<string, unknown> {
  return dropUndefined({ host: present(env.SWITCHYARD_HOST), port: present(env.SWITCHYARD_PORT) });
}

function storageSettings(env: Env): Record<string, unknown> {
  return dropUndefined({
    dataDir: present(env.SWITCHYARD_DATA_DIR),
    postgresUrl: present(env.SWITCHYARD_POSTGRES_URL),
    redisUrl: present(env.SWITCHYARD_REDIS_URL),
    redisPrefix: present(env.SWITCHYARD_REDIS_PREFIX),
  });
}

function validateDiscovered(raw: Record<string, unknown>): GatewayConfig {
  try {
    return validateConfig(raw, environmentSource);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(environmentSource, error.problems.map(renameToVariable));
  }
}

function renameToVariable(problem: ConfigProblem): ConfigProblem {
  const variable = variableForPath[problem.path];
  return variable === undefined ? problem : { ...problem, path: variable };
}

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function dropUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
