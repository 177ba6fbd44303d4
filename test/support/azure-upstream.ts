// Azure pieces for end-to-end tests: a Microsoft Entra ID token endpoint on 127.0.0.1 (it counts
// and records client-credentials requests) and Azure OpenAI wire bodies (content-filter verdicts,
// Azure error envelopes), typed against the adapter's Azure types. Chat itself runs on MockUpstream.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { LocalServer } from './local-server.js';
import type {
  AzureChatCompletion,
  AzureChatCompletionChunk,
  AzureErrorResponseBody,
  ContentFilterResults,
} from '../../src/providers/azure-openai/api.js';
import type { SseScriptEvent } from './mock-upstream.js';

export interface TokenRequest {
  path: string;
  form: Record<string, string>;
}

/**
 * `POST /{tenant}/oauth2/v2.0/token` answering `{access_token: token-N, expires_in}`.
 * @see https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
 */
export class EntraTokenEndpoint extends LocalServer {
  readonly requests: TokenRequest[] = [];
  /** Lifetime of the tokens issued next, in seconds. */
  expiresIn = 3600;

  protected handle(request: IncomingMessage, response: ServerResponse): void {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => {
      this.requests.push({
        path: request.url ?? '',
        form: Object.fromEntries(new URLSearchParams(text)),
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          token_type: 'Bearer',
          expires_in: this.expiresIn,
          ext_expires_in: this.expiresIn,
          access_token: `token-${this.requests.length}`,
        }),
      );
    });
  }
}

/**
 * Gateway config: one Azure resource (the mock) behind five deployments: the default api-version,
 * a preview, v1, Entra ID credentials, and two keys of which the first is revoked.
 */
export function azureGatewayYaml(azureUrl: string, entraUrl: string, clientSecret: string): string {
  return `
providers:
  azure:
    type: azure-openai
    baseUrl: ${azureUrl}
    apiKey: azure-key-1
  azure-preview:
    type: azure-openai
    baseUrl: ${azureUrl}
    apiVersion: 2025-04-01-preview
    apiKey: azure-key-1
  azure-v1:
    type: azure-openai
    baseUrl: ${azureUrl}
    apiVersion: v1
    apiKey: azure-key-1
  azure-entra:
    type: azure-openai
    baseUrl: ${azureUrl}
    entra:
      tenantId: tenant-1
      clientId: client-1
      clientSecret: ${clientSecret}
      authorityHost: ${entraUrl}
  azure-rotating:
    type: azure-openai
    baseUrl: ${azureUrl}
    apiKeys: [key-revoked, key-good]
defaults:
  retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 }
models:
  gpt-4o:
    targets: [{ provider: azure, model: prod gpt-4o }]
  gpt-4o-preview:
    targets: [{ provider: azure-preview, model: prod-gpt-4o }]
  gpt-4o-v1:
    targets: [{ provider: azure-v1, model: prod-gpt-4o }]
  gpt-4o-entra:
    targets: [{ provider: azure-entra, model: prod-gpt-4o }]
  gpt-4o-rotating:
    targets: [{ provider: azure-rotating, model: prod-gpt-4o }]
  embed:
    kind: embeddings
    targets: [{ provider: azure, model: prod-embed }]
`;
}

const safe: ContentFilterResults = {
  hate: { filtered: false, severity: 'safe' },
  self_harm: { filtered: false, severity: 'safe' },
  sexual: { filtered: false, severity: 'safe' },
  violence: { filtered: false, severity: 'safe' },
};

/** Azure's first stream chunk: the prompt's verdicts, no id, no choices. */
export const promptFilterChunk = {
  id: '',
  object: '',
  created: 0,
  model: '',
  choices: [],
  prompt_filter_results: [{ prompt_index: 0, content_filter_results: safe }],
} satisfies AzureChatCompletionChunk;

const chunkBase = {
  id: 'chatcmpl-azure-e2e',
  object: 'chat.completion.chunk',
  created: 1_700_000_000,
  model: 'gpt-4o-2024-08-06',
} as const;

export function azureChunk(
  delta: AzureChatCompletionChunk['choices'][number]['delta'],
  finish: AzureChatCompletionChunk['choices'][number]['finish_reason'] = null,
  filters: ContentFilterResults = safe,
): AzureChatCompletionChunk {
  return {
    ...chunkBase,
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: null, content_filter_results: filters }],
  };
}

export function azureUsageChunk(prompt: number, completion: number): AzureChatCompletionChunk {
  return {
    ...chunkBase,
    choices: [],
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
  };
}

export const event = (value: unknown): SseScriptEvent => ({ data: JSON.stringify(value) });

/** A text stream as Azure sends it: prompt verdicts, annotated deltas, finish; usage when asked. */
export function azureTextStream(
  words: string[],
  usage?: { prompt: number; completion: number },
): SseScriptEvent[] {
  return [
    event(promptFilterChunk),
    event(azureChunk({ role: 'assistant', content: '' }, null, {})),
    ...words.map((word) => event(azureChunk({ content: word }))),
    event(azureChunk({}, 'stop', {})),
    ...(usage === undefined ? [] : [event(azureUsageChunk(usage.prompt, usage.completion))]),
    { data: '[DONE]' },
  ];
}

/** A stream the output filter stopped: some text, then finish_reason content_filter. */
export function azureFilteredStream(): SseScriptEvent[] {
  return [
    event(promptFilterChunk),
    event(azureChunk({ role: 'assistant', content: 'Here is how' })),
    event(azureChunk({}, 'content_filter', { violence: { filtered: true, severity: 'high' } })),
    { data: '[DONE]' },
  ];
}

export function azureCompletion(overrides: Partial<AzureChatCompletion> = {}): AzureChatCompletion {
  return {
    id: 'chatcmpl-azure-e2e',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'gpt-4o-2024-08-06',
    prompt_filter_results: [{ prompt_index: 0, content_filter_results: safe }],
    choices: [
      {
        index: 0,
        finish_reason: 'stop',
        logprobs: null,
        message: { role: 'assistant', content: 'Hello from Azure.', refusal: null },
        content_filter_results: safe,
      },
    ],
    usage: {
      prompt_tokens: 30,
      completion_tokens: 5,
      total_tokens: 35,
      prompt_tokens_details: { cached_tokens: 10 },
    },
    ...overrides,
  };
}

/** A completion the output filter cut short. */
export function azureFilteredCompletion(): AzureChatCompletion {
  return azureCompletion({
    choices: [
      {
        index: 0,
        finish_reason: 'content_filter',
        logprobs: null,
        message: { role: 'assistant', content: null, refusal: null },
        content_filter_results: { ...safe, violence: { filtered: true, severity: 'high' } },
      },
    ],
  });
}

/** HTTP 400: the prompt itself was blocked. */
export const promptBlocked = {
  error: {
    message:
      "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.",
    type: null,
    param: 'prompt',
    code: 'content_filter',
    status: 400,
    innererror: {
      code: 'ResponsibleAIPolicyViolation',
      content_filter_result: { ...safe, jailbreak: { filtered: true, detected: true } },
    },
  },
} satisfies AzureErrorResponseBody;

export const deploymentNotFound = {
  error: {
    code: 'DeploymentNotFound',
    message:
      'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
  },
} satisfies AzureErrorResponseBody;

export const invalidKey = {
  error: {
    code: '401',
    message:
      'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
  },
} satisfies AzureErrorResponseBody;
