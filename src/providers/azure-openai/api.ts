// Azure OpenAI wire types (OpenAI's, plus Azure's content-filter annotations and error details)
// and the ONE table of which api-version accepts which newer request field. No runtime I/O here;
// request.ts reads the table, nothing else decides what a version accepts.

import type { ChatCompletion, ChatCompletionChunk, ErrorObject } from '../openai/api.js';

/** The api-version used when a deployment names none: the latest dated GA version. */
export const defaultApiVersion = '2024-10-21';

/** The version-less v1 surface (`/openai/v1/...`, deployment name in the body's `model`). */
export const v1ApiVersion = 'v1';

/**
 * One content-filter category verdict.
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/concepts/content-filter
 */
export interface ContentFilterResult {
  filtered: boolean;
  severity?: 'safe' | 'low' | 'medium' | 'high';
  detected?: boolean;
}

/** Verdicts by category (hate, sexual, violence, self_harm, jailbreak, protected_material_text, ...). */
export type ContentFilterResults = Record<
  string,
  ContentFilterResult | { filtered: boolean; details?: unknown[] }
>;

/** The prompt's verdict, sent first in a stream and beside `choices` in a whole answer. */
export interface PromptFilterResult {
  prompt_index: number;
  content_filter_results: ContentFilterResults;
}

/** A ChatCompletion as Azure sends it. */
export type AzureChatCompletion = Omit<ChatCompletion, 'choices'> & {
  choices: Array<ChatCompletion.Choice & { content_filter_results?: ContentFilterResults }>;
  prompt_filter_results?: PromptFilterResult[];
};

/** A stream chunk as Azure sends it: the first may carry only prompt_filter_results (empty id, no choices). */
export type AzureChatCompletionChunk = Omit<ChatCompletionChunk, 'choices' | 'object'> & {
  object: ChatCompletionChunk['object'] | '';
  choices: Array<ChatCompletionChunk.Choice & { content_filter_results?: ContentFilterResults }>;
  prompt_filter_results?: PromptFilterResult[];
};

/**
 * Azure's error body: OpenAI's envelope, where `code` names the Azure error (DeploymentNotFound,
 * content_filter, "429", ...), `type` may be null, and `innererror` explains a filtered prompt.
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/reference#error-response
 */
export interface AzureErrorResponseBody {
  error: Omit<ErrorObject, 'type' | 'param'> & {
    type?: string | null;
    param?: string | null;
    status?: number;
    innererror?: { code?: string; content_filter_result?: ContentFilterResults };
  };
}

/** A newer request field and the first api-versions that accept it. */
export interface VersionedField {
  /** First preview version (YYYY-MM-DD, compared without the -preview suffix). */
  preview: string;
  /** First dated GA version, or null when no dated GA version accepts it (only previews and v1 do). */
  ga: string | null;
}

/**
 * Which api-version accepts which newer field. The v1 surface and unrecognised version names
 * accept everything; older dated versions reject unknown fields with a 400, so request.ts drops or
 * rewrites what a version would refuse.
 * - json_schema response_format: 2024-08-01-preview; GA in 2024-10-21.
 * - max_completion_tokens, parallel_tool_calls, stream_options: 2024-09-01-preview. The 2024-10-21
 *   GA spec declares max_completion_tokens and parallel_tool_calls, but not stream_options.
 * - reasoning_effort and the developer role: 2024-12-01-preview (no dated GA version).
 * - embeddings encoding_format and dimensions: 2024-03-01-preview; GA in 2024-06-01.
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle
 * @see https://github.com/Azure/azure-rest-api-specs/blob/main/specification/cognitiveservices/data-plane/AzureOpenAI/inference/stable/2024-10-21/inference.json
 */
export const versionedFields = {
  jsonSchema: { preview: '2024-08-01', ga: '2024-10-21' },
  maxCompletionTokens: { preview: '2024-09-01', ga: '2024-10-21' },
  parallelToolCalls: { preview: '2024-09-01', ga: '2024-10-21' },
  streamOptions: { preview: '2024-09-01', ga: null },
  reasoningEffort: { preview: '2024-12-01', ga: null },
  developerRole: { preview: '2024-12-01', ga: null },
  embeddingsOptions: { preview: '2024-03-01', ga: '2024-06-01' },
} as const satisfies Record<string, VersionedField>;

export type VersionedFieldName = keyof typeof versionedFields;

const datedVersion = /^(\d{4}-\d{2}-\d{2})(-preview)?$/;

/** Whether `apiVersion` accepts a newer field. Dates compare as text (YYYY-MM-DD sorts correctly). */
export function accepts(apiVersion: string, field: VersionedFieldName): boolean {
  const match = datedVersion.exec(apiVersion);
  if (match === null) return true;
  const date = match[1] ?? '';
  const since = versionedFields[field];
  if (match[2] !== undefined) return date >= since.preview;
  return since.ga !== null && date >= since.ga;
}
