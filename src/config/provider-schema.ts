// The `providers:` section: one entry per upstream deployment, normalised to what
// ProviderSettings needs (a base URL without trailing slash, a list of credentials, headers).
// Cross-entry rules (openai-compatible needs a baseUrl, ...) live in check-config.ts.

import { z } from 'zod';
import type { AwsSettings, EntraSettings, ProviderType } from '../providers/provider.js';
import { awsRegion, bedrockRuntimeUrl, isBedrockType } from './aws-region.js';
import { url } from './schema-fields.js';

export const providerTypes = [
  'openai',
  'anthropic',
  'openai-compatible',
  'azure-openai',
  'gemini',
  'vertex',
  'vertex-anthropic',
  'bedrock',
  'bedrock-anthropic',
  'mistral',
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
  /** @see https://ai.google.dev/api */
  gemini: 'https://generativelanguage.googleapis.com/v1beta',
  /** @see https://docs.mistral.ai/api/ */
  mistral: 'https://api.mistral.ai/v1',
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
  apiVersion: z
    .string()
    .regex(/^[0-9A-Za-z.-]+$/, { error: () => 'an api-version looks like 2024-10-21 or 2025-04-01-preview' })
    .optional()
    .describe('For azure-openai: the api-version query parameter.'),
  entra: z
    .strictObject({
      tenantId: z.string().min(1),
      clientId: z.string().min(1),
      clientSecret: z.string().min(1),
      authorityHost: url(['http', 'https'], 'https://login.microsoftonline.com').optional(),
      scope: z.string().min(1).optional(),
    })
    .optional()
    .describe('For azure-openai: Microsoft Entra ID client credentials; tokens are fetched and refreshed.'),
  project: z
    .string()
    .min(1)
    .optional()
    .describe('For vertex and vertex-anthropic: the Google Cloud project id.'),
  location: z
    .string()
    .regex(/^[a-z0-9-]+$/, { error: () => 'a location looks like us-central1, europe-west4 or global' })
    .optional()
    .describe('For vertex and vertex-anthropic: the region (default us-central1), or global.'),
  serviceAccount: z
    .string()
    .min(1)
    .optional()
    .describe(
      'For vertex and vertex-anthropic: a service-account key as JSON text (e.g. `${GOOGLE_SA_JSON}`); absent = Application Default Credentials.',
    ),
  region: z
    .string()
    .regex(/^[a-z0-9-]+$/, { error: () => 'a region looks like us-east-1' })
    .optional()
    .describe('For bedrock and bedrock-anthropic: the AWS region (default: AWS_REGION).'),
  aws: z
    .strictObject({
      accessKeyId: z.string().min(1).optional(),
      secretAccessKey: z.string().min(1).optional(),
      sessionToken: z.string().min(1).optional(),
      profile: z.string().min(1).optional(),
    })
    .optional()
    .describe(
      'For bedrock and bedrock-anthropic: explicit credentials or a profile; absent = the AWS credential chain.',
    ),
  safePrompt: z
    .boolean()
    .optional()
    .describe("For mistral: send safe_prompt: true, which prepends Mistral's safety system prompt."),
});

export interface ProviderConfig {
  type: ProviderType;
  /** No trailing slash; adapters append paths such as /chat/completions. */
  baseUrl: string;
  /** Credentials with empty entries dropped; may be empty (local servers). */
  apiKeys: string[];
  headers: Record<string, string>;
  server?: ServerProfile;
  apiVersion?: string;
  entra?: EntraSettings;
  project?: string;
  location?: string;
  serviceAccount?: string;
  region?: string;
  aws?: AwsSettings;
  safePrompt?: boolean;
}

export const providerSchema = providerInputSchema.transform((input): ProviderConfig => {
  const keys = input.apiKeys ?? (input.apiKey === undefined ? [] : [input.apiKey]);
  const baseUrl =
    input.baseUrl ?? defaultBaseUrls[input.type] ?? regionalBaseUrl(input.type, input.region) ?? '';
  return {
    type: input.type,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    apiKeys: keys.filter((key) => key !== ''),
    headers: input.headers ?? {},
    ...(input.server === undefined ? {} : { server: input.server }),
    ...(input.apiVersion === undefined ? {} : { apiVersion: input.apiVersion }),
    ...(input.entra === undefined
      ? {}
      : {
          entra: {
            tenantId: input.entra.tenantId,
            clientId: input.entra.clientId,
            clientSecret: input.entra.clientSecret,
            authorityHost: (input.entra.authorityHost ?? 'https://login.microsoftonline.com').replace(
              /\/+$/,
              '',
            ),
            scope: input.entra.scope ?? 'https://cognitiveservices.azure.com/.default',
          },
        }),
    ...(input.project === undefined ? {} : { project: input.project }),
    ...(input.location === undefined ? {} : { location: input.location }),
    ...(input.serviceAccount === undefined ? {} : { serviceAccount: input.serviceAccount }),
    ...(input.region === undefined ? {} : { region: input.region }),
    ...(input.aws === undefined ? {} : { aws: input.aws }),
    ...(input.safePrompt === undefined ? {} : { safePrompt: input.safePrompt }),
  };
});

/** Names that are safe in logs, metrics labels and CLI output. */
export const providerNamePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Bedrock's endpoint follows from its region (configured or from AWS_REGION); check-config reports none. */
function regionalBaseUrl(type: ProviderType, region: string | undefined): string | undefined {
  if (!isBedrockType(type)) return undefined;
  const resolved = awsRegion(region);
  return resolved === undefined ? undefined : bedrockRuntimeUrl(resolved);
}
