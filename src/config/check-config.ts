// Rules that span entries of the config: a target's provider must exist, openai-compatible needs a
// baseUrl, pattern syntax, ... They run on the raw (interpolated) data even when the schema found
// other problems, so one run reports everything. Shapes are checked by config-schema.ts, not here.

import { awsRegion, isBedrockType } from './aws-region.js';
import { checkBalance } from './check-balance.js';
import { checkCache } from './check-cache.js';
import { checkFallbacks } from './check-fallbacks.js';
import { checkVertex } from './check-vertex.js';
import { retryDefaults } from './config-schema.js';
import type { PathSegment } from './key-path.js';
import { providerNamePattern } from './provider-schema.js';
import { isEntries, type CheckProblem, type Entries } from './raw-entries.js';

export type { CheckProblem } from './raw-entries.js';

export function checkConfig(raw: unknown): CheckProblem[] {
  if (!isEntries(raw)) return [];
  const problems: CheckProblem[] = [];
  const providers = isEntries(raw.providers) ? raw.providers : {};
  for (const [name, provider] of Object.entries(providers)) checkProvider(name, provider, problems);
  if (isEntries(raw.models)) {
    for (const [alias, model] of Object.entries(raw.models)) {
      checkModel(alias, model, providers, problems);
      if (isEntries(model)) problems.push(...checkBalance(['models', alias], model, raw.defaults));
    }
    problems.push(...checkFallbacks(raw.models));
    problems.push(...checkCache(raw.models));
  }
  checkRetry(raw.defaults, problems);
  return problems;
}

function checkProvider(name: string, provider: unknown, problems: CheckProblem[]): void {
  const path = ['providers', name];
  if (!providerNamePattern.test(name)) {
    problems.push({
      path,
      message: "a provider name uses letters, digits, '.', '_' and '-' and starts with a letter or digit",
    });
  }
  if (!isEntries(provider)) return;
  if (provider.apiKey !== undefined && provider.apiKeys !== undefined) {
    problems.push({ path: [...path, 'apiKeys'], message: 'use apiKey or apiKeys, not both' });
  }
  if (provider.type === 'openai-compatible' && provider.baseUrl === undefined) {
    problems.push({
      path,
      message: 'baseUrl is required for type openai-compatible (e.g. http://127.0.0.1:8000/v1)',
    });
  }
  if (isBedrockType(provider.type) && awsRegion(stringOrUndefined(provider.region)) === undefined) {
    problems.push({
      path,
      message: `region is required for type ${String(provider.type)} (e.g. us-east-1), or set AWS_REGION`,
    });
  }
  if (provider.server !== undefined && provider.type !== 'openai-compatible') {
    problems.push({
      path: [...path, 'server'],
      message: 'only applies to providers of type openai-compatible',
    });
  }
  if (provider.safePrompt !== undefined && provider.type !== 'mistral') {
    problems.push({ path: [...path, 'safePrompt'], message: 'only applies to providers of type mistral' });
  }
  checkAzureOpenai(path, provider, problems);
  checkVertex(path, provider, problems);
}

/** azure-openai: a resource endpoint, one kind of credential; apiVersion and entra are its alone. */
function checkAzureOpenai(path: PathSegment[], provider: Entries, problems: CheckProblem[]): void {
  if (provider.type !== 'azure-openai') {
    for (const key of ['apiVersion', 'entra']) {
      if (provider[key] !== undefined)
        problems.push({ path: [...path, key], message: 'only applies to providers of type azure-openai' });
    }
    return;
  }
  if (provider.baseUrl === undefined) {
    problems.push({
      path,
      message:
        'baseUrl is required for type azure-openai (the resource endpoint, e.g. https://my-resource.openai.azure.com)',
    });
  } else if (
    typeof provider.baseUrl === 'string' &&
    /\/openai(\/deployments\b.*|\/v1)?\/*$/.test(provider.baseUrl)
  ) {
    problems.push({
      path: [...path, 'baseUrl'],
      message:
        'give the resource endpoint without /openai/... (e.g. https://my-resource.openai.azure.com); the gateway adds the path',
    });
  }
  const keys = provider.apiKey !== undefined || provider.apiKeys !== undefined;
  if (keys && provider.entra !== undefined) {
    problems.push({ path: [...path, 'entra'], message: 'use apiKey/apiKeys or entra, not both' });
  } else if (!keys && provider.entra === undefined) {
    problems.push({
      path,
      message: 'azure-openai needs apiKey, apiKeys or entra (Microsoft Entra ID client credentials)',
    });
  }
}

function checkModel(alias: string, model: unknown, providers: Entries, problems: CheckProblem[]): void {
  const path = ['models', alias];
  const aliasProblem = checkAlias(alias);
  if (aliasProblem !== undefined) problems.push({ path, message: aliasProblem });
  if (!isEntries(model) || !Array.isArray(model.targets)) return;
  model.targets.forEach((target: unknown, index) => {
    if (!isEntries(target)) return;
    const targetPath = [...path, 'targets', index];
    if (typeof target.model === 'string' && target.model !== '*' && target.model.includes('*')) {
      problems.push({
        path: [...targetPath, 'model'],
        message: `"${target.model}": only '*' on its own is special here`,
      });
    }
    if (typeof target.provider !== 'string') return;
    const provider = providers[target.provider];
    if (provider === undefined || !Object.hasOwn(providers, target.provider)) {
      problems.push({
        path: [...targetPath, 'provider'],
        message: unknownProvider(target.provider, providers),
      });
    } else if (model.kind === 'embeddings' && isEntries(provider) && provider.type === 'anthropic') {
      problems.push({
        path: [...targetPath, 'provider'],
        message: `provider "${target.provider}" is of type anthropic, which has no embeddings API`,
      });
    }
  });
}

/** Why an alias key is unusable, or undefined when it is fine. */
export function checkAlias(alias: string): string | undefined {
  if (alias.trim() === '') return 'a model name cannot be empty';
  if (/\s/.test(alias)) return 'a model name cannot contain whitespace';
  if (alias === '__proto__') return 'this name is reserved';
  const star = alias.indexOf('*');
  if (star !== -1 && star !== alias.length - 1) {
    return 'a pattern has one \'*\', at the end (e.g. "claude-*" or "groq/*")';
  }
  return undefined;
}

function unknownProvider(name: string, providers: Entries): string {
  const defined = Object.keys(providers);
  if (defined.length === 0) return `unknown provider "${name}" (no providers are defined)`;
  return `unknown provider "${name}" (defined: ${defined.join(', ')})`;
}

function checkRetry(defaults: unknown, problems: CheckProblem[]): void {
  if (!isEntries(defaults) || !isEntries(defaults.retry)) return;
  const base = Number(defaults.retry.baseDelayMs ?? retryDefaults.baseDelayMs);
  const max = Number(defaults.retry.maxDelayMs ?? retryDefaults.maxDelayMs);
  if (Number.isFinite(base) && Number.isFinite(max) && max < base) {
    problems.push({
      path: ['defaults', 'retry', 'maxDelayMs'],
      message: `must be at least baseDelayMs (${base})`,
    });
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
