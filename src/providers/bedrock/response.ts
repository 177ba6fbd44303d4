// Translates a Converse response into the canonical ChatResponse, plus the stop-reason and usage
// mappings the stream decoder shares. Pure apart from the id and time Bedrock's body does not carry.

import { randomUUID } from 'node:crypto';
import type { ChatResponse, ContentPart, EmbeddingsResponse, FinishReason, Usage } from '../../core/index.js';
import { GatewayError } from '../../errors.js';
import type {
  CohereEmbeddingsResponse,
  ConverseResponseBody,
  ConverseUsage,
  StopReason,
  TitanEmbeddingsResponse,
  WireContentBlock,
} from './api.js';

/**
 * ConverseResponse -> ChatResponse. Text, reasoning and tool calls keep their order; blocks the
 * canonical form cannot express (citations, guard content, documents) are left out.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax
 */
export function fromConverseResponse(body: unknown): ChatResponse {
  const response = readResponse(body);
  const content = response.output?.message?.content ?? [];
  const result: ChatResponse = {
    id: responseId(),
    model: '',
    created: Math.floor(Date.now() / 1000),
    content: content.flatMap(fromContentBlock),
    finishReason: fromStopReason(response.stopReason),
    usage: fromConverseUsage(response.usage),
  };
  const stopSequence = stopSequenceOf(response.additionalModelResponseFields);
  if (stopSequence !== undefined) result.stopSequence = stopSequence;
  return result;
}

/** Bedrock answers carry no id in the body; clients expect one, so the gateway makes one up. */
export function responseId(): string {
  return `bedrock-${randomUUID()}`;
}

function readResponse(body: unknown): ConverseResponseBody {
  const candidate = body as Partial<ConverseResponseBody> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.output !== 'object' ||
    candidate.output === null ||
    !Array.isArray(candidate.output.message?.content)
  ) {
    throw new GatewayError('upstream_error', 'The provider returned a response the gateway could not read.');
  }
  return candidate as ConverseResponseBody;
}

/** @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ContentBlock.html */
function fromContentBlock(block: WireContentBlock): ContentPart[] {
  if (typeof block.text === 'string') return [{ type: 'text', text: block.text }];
  if (block.toolUse !== undefined) {
    const { toolUseId, name, input } = block.toolUse;
    return [
      { type: 'tool-call', id: toolUseId ?? '', name: name ?? '', arguments: JSON.stringify(input ?? {}) },
    ];
  }
  const reasoning = block.reasoningContent;
  if (reasoning?.reasoningText !== undefined) {
    const part: ContentPart = { type: 'reasoning', text: reasoning.reasoningText.text ?? '' };
    if (typeof reasoning.reasoningText.signature === 'string')
      part.signature = reasoning.reasoningText.signature;
    return [part];
  }
  if (typeof reasoning?.redactedContent === 'string') {
    return [{ type: 'redacted-reasoning', data: reasoning.redactedContent }];
  }
  return [];
}

/**
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax
 */
export function fromStopReason(reason: StopReason | undefined): FinishReason {
  switch (reason) {
    case 'end_turn':
      return 'stop';
    case 'tool_use':
      return 'tool-calls';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'stop_sequence':
      return 'stop-sequence';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content-filter';
    case 'malformed_model_output':
    case 'malformed_tool_use':
    case undefined:
    default:
      return 'other';
  }
}

/**
 * Converse counts cache reads and writes outside inputTokens; canonical inputTokens counts every
 * input token, so the three are added (see src/core/usage.ts). Reasoning is inside outputTokens and
 * not broken out. cacheDetails splits the writes by TTL, and 1-hour writes are priced apart. The
 * usage object is kept verbatim as `reported`; without one there is nothing to keep.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_TokenUsage.html
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_CacheDetail.html
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html
 */
export function fromConverseUsage(usage: Partial<ConverseUsage> | undefined): Usage {
  const cacheReadTokens = count(usage?.cacheReadInputTokens);
  const cacheWriteTokens = count(usage?.cacheWriteInputTokens);
  const result: Usage = {
    inputTokens: count(usage?.inputTokens) + cacheReadTokens + cacheWriteTokens,
    outputTokens: count(usage?.outputTokens),
    cacheReadTokens,
    cacheWriteTokens,
  };
  if (Array.isArray(usage?.cacheDetails)) {
    result.cacheWrite1hTokens = usage.cacheDetails
      .filter((detail) => detail?.ttl === '1h')
      .reduce((sum, detail) => sum + count(detail.inputTokens), 0);
  }
  if (typeof usage === 'object' && usage !== null) result.reported = usage;
  return result;
}

/**
 * Claude on Converse reports the matched stop sequence only in additionalModelResponseFields.
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages.html
 */
export function stopSequenceOf(fields: unknown): string | undefined {
  if (typeof fields !== 'object' || fields === null) return undefined;
  const value = (fields as Record<string, unknown>).stop_sequence;
  return typeof value === 'string' ? value : undefined;
}

/** Missing, null or nonsensical counts are zero rather than NaN in cost arithmetic. */
function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

/**
 * Titan (`embedding`, `inputTextTokenCount`) or Cohere (`embeddings`, floats or by type) -> vectors.
 * Cohere's body carries no token count, so its inputTokens is 0.
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html
 */
export function fromEmbeddingsResponse(body: unknown): EmbeddingsResponse {
  if (typeof body === 'object' && body !== null) {
    const titan = body as TitanEmbeddingsResponse;
    const single = titan.embeddingsByType?.float ?? titan.embedding;
    if (isVector(single)) {
      const response: EmbeddingsResponse = {
        model: '',
        vectors: [single],
        inputTokens: count(titan.inputTextTokenCount),
      };
      // Titan's only usage figure; Cohere reports none, so its answers carry no `reported`.
      if (typeof titan.inputTextTokenCount === 'number') {
        response.reported = { inputTextTokenCount: titan.inputTextTokenCount };
      }
      return response;
    }
    const cohere = (body as CohereEmbeddingsResponse).embeddings;
    const vectors = Array.isArray(cohere) ? cohere : cohere?.float;
    if (Array.isArray(vectors) && vectors.every(isVector)) return { model: '', vectors, inputTokens: 0 };
  }
  throw new GatewayError('upstream_error', 'The provider returned embeddings the gateway could not read.');
}

function isVector(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'number');
}
