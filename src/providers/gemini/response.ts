// Reads generateContent answers (Gemini API and Vertex AI) and batchEmbedContents answers into
// canonical shape, with the mappings the stream decoder shares: parts, finish reasons, usage and
// the tool call ids Gemini does not send. Pure apart from the clock when Gemini gives no time.

import { createHash } from 'node:crypto';
import type { ChatResponse, ContentPart, EmbeddingsResponse, FinishReason, Usage } from '../../core/index.js';
import { GatewayError } from '../../errors.js';
import type {
  BatchEmbedContentsResponseBody,
  GenerateContentResponseBody,
  GenerateContentResponseUsageMetadata,
  Part,
} from './api.js';

/**
 * GenerateContentResponse -> ChatResponse, from the first candidate. A prompt blocked before any
 * candidate (HTTP 200 with promptFeedback.blockReason) is an error, not an empty answer.
 * @see https://ai.google.dev/api/generate-content#generatecontentresponse
 */
export function fromGenerateContentResponse(body: unknown): ChatResponse {
  if (!isRecord(body)) throw unreadableResponse();
  const response = body as GenerateContentResponseBody;
  const blocked = blockedPromptError(response);
  if (blocked !== undefined) throw blocked;
  const candidate = firstCandidate(response);
  const parts = Array.isArray(candidate?.content?.parts) ? candidate.content.parts : [];
  const content: ContentPart[] = [];
  const ids = new ToolCallIds(readString(response.responseId));
  for (const part of parts) {
    const converted = fromPart(part, ids);
    if (converted !== undefined) content.push(converted);
  }
  const finishReason = fromFinishReason(candidate?.finishReason, ids.count > 0);
  if (finishReason instanceof GatewayError) throw finishReason;
  return {
    id: readString(response.responseId),
    model: readString(response.modelVersion),
    created: createdSeconds(response.createTime),
    content,
    finishReason,
    usage: fromUsageMetadata(response.usageMetadata),
  };
}

/** The candidate with index 0 (the only one the canonical shape carries), else the first. */
export function firstCandidate(
  response: GenerateContentResponseBody,
): NonNullable<GenerateContentResponseBody['candidates']>[number] | undefined {
  const candidates = Array.isArray(response.candidates) ? response.candidates.filter(isRecord) : [];
  return candidates.find((candidate) => candidate.index === 0) ?? candidates[0];
}

/**
 * Text, thoughts (`thought: true`) and function calls; other parts (inline data, code execution)
 * have no canonical form.
 * @see https://ai.google.dev/api/caching#Part
 * @see https://ai.google.dev/gemini-api/docs/thinking#summaries
 */
export function fromPart(part: unknown, ids: ToolCallIds): ContentPart | undefined {
  if (!isRecord(part)) return undefined;
  const { text, thought, functionCall } = part as Part;
  if (typeof text === 'string') {
    if (text === '') return undefined;
    return thought === true ? { type: 'reasoning', text } : { type: 'text', text };
  }
  if (isRecord(functionCall) && typeof functionCall.name === 'string') {
    const args = isRecord(functionCall.args) ? functionCall.args : {};
    return {
      type: 'tool-call',
      id: ids.next(functionCall.name),
      name: functionCall.name,
      arguments: JSON.stringify(args),
    };
  }
  return undefined;
}

/**
 * Gemini's function calls carry no id (callers match results by name), but both client dialects
 * need one. Ids are derived from the response id, the call's position and its name, so the same
 * call gets the same id streamed or not, and calls of different turns do not collide.
 * @see https://ai.google.dev/api/caching#FunctionCall
 */
export class ToolCallIds {
  count = 0;

  constructor(private readonly responseId: string) {}

  next(name: string): string {
    const ordinal = this.count++;
    const digest = createHash('sha256').update(`${this.responseId}\n${ordinal}\n${name}`).digest('hex');
    return `call_${digest.slice(0, 24)}`;
  }
}

/**
 * finishReason -> canonical. Gemini says STOP after function calls too; clients expect
 * `tool-calls` then. A malformed function call is an upstream failure, returned as the error.
 * @see https://ai.google.dev/api/generate-content#FinishReason
 */
export function fromFinishReason(reason: unknown, hasToolCalls: boolean): FinishReason | GatewayError {
  switch (reason) {
    case 'STOP':
      return hasToolCalls ? 'tool-calls' : 'stop';
    case 'MAX_TOKENS':
      return 'length';
    case 'SAFETY':
    case 'RECITATION':
    case 'PROHIBITED_CONTENT':
    case 'BLOCKLIST':
    case 'SPII':
    case 'IMAGE_SAFETY':
    case 'IMAGE_PROHIBITED_CONTENT':
      return 'content-filter';
    case 'MALFORMED_FUNCTION_CALL':
    case 'UNEXPECTED_TOOL_CALL':
      return new GatewayError(
        'upstream_error',
        `The model produced an unusable function call (finishReason ${reason}).`,
        { upstreamCode: reason },
      );
    default:
      return hasToolCalls ? 'tool-calls' : 'other';
  }
}

/**
 * A prompt Gemini refused to answer: HTTP 200, no candidates, promptFeedback.blockReason.
 * @see https://ai.google.dev/api/generate-content#PromptFeedback
 */
export function blockedPromptError(response: GenerateContentResponseBody): GatewayError | undefined {
  const feedback = isRecord(response.promptFeedback) ? response.promptFeedback : undefined;
  if (typeof feedback?.blockReason !== 'string') return undefined;
  const reason = feedback.blockReason.slice(0, 100);
  const detail =
    typeof feedback.blockReasonMessage === 'string' ? ` ${feedback.blockReasonMessage.slice(0, 500)}` : '';
  return new GatewayError(
    'content_filter',
    `The provider blocked the prompt (blockReason ${reason}); no answer was generated.${detail}`,
    { upstreamCode: reason },
  );
}

/**
 * Gemini's promptTokenCount already includes cachedContentTokenCount; thoughtsTokenCount sits
 * outside candidatesTokenCount, so output = candidates + thoughts. Tool-use prompt tokens (e.g.
 * search results fed back to the model) are input outside promptTokenCount and are added to it.
 * @see https://ai.google.dev/api/generate-content#UsageMetadata
 */
export function fromUsageMetadata(value: unknown): Usage {
  const usage = (isRecord(value) ? value : {}) as GenerateContentResponseUsageMetadata;
  const thoughts = readCount(usage.thoughtsTokenCount);
  const result: Usage = {
    inputTokens: readCount(usage.promptTokenCount) + readCount(usage.toolUsePromptTokenCount),
    outputTokens: readCount(usage.candidatesTokenCount) + thoughts,
    cacheReadTokens: readCount(usage.cachedContentTokenCount),
    cacheWriteTokens: 0,
  };
  if (usage.thoughtsTokenCount !== undefined) result.reasoningTokens = thoughts;
  return result;
}

/** Vertex AI stamps createTime (RFC 3339); the Gemini API does not, so the clock stands in. */
export function createdSeconds(createTime: unknown): number {
  const parsed = typeof createTime === 'string' ? Date.parse(createTime) : Number.NaN;
  return Math.floor((Number.isNaN(parsed) ? Date.now() : parsed) / 1000);
}

/**
 * batchEmbedContents -> vectors in input order. The Gemini API reports no token counts here.
 * @see https://ai.google.dev/api/embeddings#response-body_1
 */
export function fromBatchEmbedContents(body: unknown): EmbeddingsResponse {
  const embeddings = isRecord(body) ? (body as BatchEmbedContentsResponseBody).embeddings : undefined;
  if (!Array.isArray(embeddings)) throw unreadableResponse();
  const vectors = embeddings.map((embedding) => {
    const values = isRecord(embedding) ? embedding.values : undefined;
    if (!isVector(values)) throw unreadableResponse();
    return values;
  });
  return { model: '', vectors, inputTokens: 0 };
}

export function isVector(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'number');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A token count: a finite non-negative number, else 0 (never NaN in cost arithmetic). */
export function readCount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

export function unreadableResponse(): GatewayError {
  return new GatewayError('upstream_error', 'The provider returned a response the gateway could not read.');
}
