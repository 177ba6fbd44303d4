// The `providers:` section: one entry per upstream deployment, normalised to what
// ProviderSettings needs (a base URL without trailing slash, a list of credentials, headers).
// Cross-entry rules (openai-compatible needs a baseUrl, ...) live in check-config.ts.

import { z } from 'zod';
import type { ProviderType } from '../providers/provider.js';
import { url } from './schema-fields.js';

export const providerTypes = [
  'openai',
  'anthropic',
  'openai-compatible',
] as const satisfies readonly ProviderType[];

/** openai-compatible server profiles whose quirks the adapter knows. */
export const serverProfiles = [
  'vllm',
  'ollama',
  'llamacpp',
  'groq',
  'together',
  'deepseek',
  'openrouter',
  'xai',
] as const;

export type ServerProfile = (typeof serverProfiles)[number];

/** Base URLs used when a first-party provider entry names none. */
export const defaultBaseUrls: Partial<Record<ProviderType, string>> = {
  /** @see https://platform.openai.com/docs/api-reference/introduction */
  openai: 'https://api.openai.com/v1',
  /** @see https://docs.anthropic.com/en/api/overview */
  anthropic: 'https://api.anthropic.com/v1',
};

// RFC 9110 token characters: anything else cannot be sent as a header name.
const headerName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { error: () => 'not a valid HTTP header name' });
const headerValue = z
  .string()
  .regex(/^[^\r\n\0]*$/, { error: () => 'a header value cannot contain line breaks' });

export const providerInputSchema = z.strictObject({
  type: z.enum(providerTypes).describe('Which adapter serves this deployment.'),
  baseUrl: url(['http', 'https'], 'https://api.example.com/v1')
    .optional()
    .describe('Base URL including the version path. Required for openai-compatible.'),
  apiKey: z.string().optional().describe('One credential. Usually `${SOME_API_KEY}`.'),
  apiKeys: z.array(z.string()).optional().describe('Several credentials, rotated across requests.'),
  headers: z
    .record(headerName, headerValue)
    .optional()
    .describe('Extra headers sent on every upstream request.'),
  server: z.enum(serverProfiles).optional().describe('For openai-compatible: the server whose quirks apply.'),
});

export interface ProviderConfig {
  type: ProviderType;
  /** No trailing slash; adapters append paths such as /chat/completions. */
  baseUrl: string;
  /** Credentials with empty entries dropped; may be empty (local servers). */
  apiKeys: string[];
  headers: Record<string, string>;
  server?: ServerProfile;
}

export const providerSchema = providerInputSchema.transform((input): ProviderConfig => {
  const keys = input.apiKeys ?? (input.apiKey === undefined ? [] : [input.apiKey]);
  const baseUrl = input.baseUrl ?? defaultBaseUrls[input.type] ?? '';
  return {
    type: input.type,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    apiKeys: keys.filter((key) => key !== ''),
    headers: input.headers ?? {},
    ...(input.server === undefined ? {} : { server: input.server }),
  };
});

/** Names that are safe in logs, metrics labels and CLI output. */
export const providerNamePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
