// Reads generateContent answers (Gemini API and Vertex AI) and batchEmbedContents answers into
// canonical shape, with the mappings the stream decoder shares: parts, finish reasons, usage and
// the tool call ids Gemini does not send (carrying its thought signatures, which request.ts reads
// back). Pure apart from the clock when Gemini gives no time.

import { createHash } from 'node:crypto';
import type { ChatResponse, ContentPart, EmbeddingsResponse, FinishReason, Usage } from '../../core/index.js';
import { GatewayError } from '../../errors.js';
import type {
  BatchEmbedContentsResponseBody,
  GenerateContentResponseBody,
  GenerateContentResponseUsageMetadata,
  ModalityName,
  Part,
} from './api.js';
import { isRecord } from '../../core/is-record.js';

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
  const finishReason = fromFinishReason(
    candidate?.finishReason,
    ids.count > 0,
    response.usageMetadata === undefined ? undefined : fromUsageMetadata(response.usageMetadata),
  );
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
      id: withThoughtSignature(ids.next(functionCall.name), (part as Part).thoughtSignature),
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
    return `call_${digest.slice(0, ID_HASH_LENGTH)}`;
  }
}

/**
 * Separates a synthesized call id from the thought signature it carries. Anthropic ids allow only
 * `[a-zA-Z0-9_-]`, so no separator can stay outside the base64url alphabet; this one is still
 * unambiguous because what precedes it is always `call_<24 hex>`, which cannot contain `_sig_`.
 */
const SIGNATURE_SEPARATOR = '_sig_';

/** Longest signature (base64url characters) embedded or taken back; larger ones are not carried. */
export const MAX_SIGNATURE_LENGTH = 16 * 1024;

/** Hex digits of the digest in a synthesized id. */
const ID_HASH_LENGTH = 24;

/** A signed id as the gateway hands it out; the captured signature is checked again when decoded. */
const signedId = new RegExp(`^call_[0-9a-f]{${ID_HASH_LENGTH}}${SIGNATURE_SEPARATOR}([A-Za-z0-9_-]+)$`);

/** What precedes the signature in a signed id. */
const SIGNED_PREFIX_LENGTH = 'call_'.length + ID_HASH_LENGTH + SIGNATURE_SEPARATOR.length;

/** Standard or URL-safe base64, as proto3 JSON writes `bytes` fields. */
const base64Text = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Gemini 3 (and 2.5 when thinking) signs the part holding a function call and answers 400 when
 * the next turn sends that call back unsigned. Client dialects have no field for it, but every
 * client returns the call id unchanged, so the signature rides in the id, as base64url (the same
 * bytes; Anthropic ids take no `+`, `/` or `=`). Unsigned, malformed or oversized: the id as it is.
 * @see https://ai.google.dev/gemini-api/docs/thought-signatures
 */
export function withThoughtSignature(id: string, signature: unknown): string {
  // Base64 and base64url of the same bytes differ by padding only: a cheap bound before decoding.
  if (typeof signature !== 'string' || signature.length > MAX_SIGNATURE_LENGTH + 2) return id;
  if (!base64Text.test(signature)) return id;
  const encoded = Buffer.from(signature, 'base64').toString('base64url');
  if (encoded === '' || encoded.length > MAX_SIGNATURE_LENGTH) return id;
  return `${id}${SIGNATURE_SEPARATOR}${encoded}`;
}

/**
 * The thought signature a tool call id carries, as standard base64 (what Gemini sent), or
 * undefined: unsigned, not an id the gateway made, oversized, or not canonical base64url (a
 * client-edited id is dropped rather than sent for Gemini to reject the whole request).
 */
export function thoughtSignatureOf(id: string): string | undefined {
  if (id.length > SIGNED_PREFIX_LENGTH + MAX_SIGNATURE_LENGTH) return undefined;
  const encoded = signedId.exec(id)?.[1];
  if (encoded === undefined) return undefined;
  const bytes = Buffer.from(encoded, 'base64url');
  if (bytes.length === 0 || bytes.toString('base64url') !== encoded) return undefined;
  return bytes.toString('base64');
}

/**
 * finishReason -> canonical. Gemini says STOP after function calls too; clients expect
 * `tool-calls` then. A malformed function call is an upstream failure, returned as the error.
 * @see https://ai.google.dev/api/generate-content#FinishReason
 */
export function fromFinishReason(
  reason: unknown,
  hasToolCalls: boolean,
  /** What the answer reported it used: a failed answer is billed all the same. */
  usage?: Usage,
): FinishReason | GatewayError {
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
        usage === undefined ? { upstreamCode: reason } : { upstreamCode: reason, reportedUsage: usage },
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
 * Audio is priced apart from text (and cached audio apart from cached text), so the AUDIO counts of
 * the per-modality lists are kept: promptTokensDetails covers the whole prompt, cached content
 * included, and cacheTokensDetails the cached part alone, so cached audio is in both (as
 * cacheReadTokens is in inputTokens). Vertex AI reports the same fields. usageMetadata is kept
 * verbatim as `reported`.
 * @see https://ai.google.dev/api/generate-content#UsageMetadata
 * @see https://ai.google.dev/api/generate-content#ModalityTokenCount
 * @see https://ai.google.dev/gemini-api/docs/thinking#pricing
 * @see https://ai.google.dev/gemini-api/docs/pricing (audio input and cached audio prices)
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest/v1/GenerateContentResponse#UsageMetadata
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
  const promptAudio = modalityTokens(usage.promptTokensDetails, 'AUDIO');
  if (promptAudio !== undefined) {
    result.audioInputTokens = promptAudio + (modalityTokens(usage.toolUsePromptTokensDetails, 'AUDIO') ?? 0);
  }
  const cachedAudio = modalityTokens(usage.cacheTokensDetails, 'AUDIO');
  if (cachedAudio !== undefined) result.cacheReadAudioTokens = cachedAudio;
  const outputAudio = modalityTokens(usage.candidatesTokensDetails, 'AUDIO');
  if (outputAudio !== undefined) result.audioOutputTokens = outputAudio;
  if (isRecord(value)) result.reported = value;
  return result;
}

/** The tokens of one modality in a ModalityTokenCount list; undefined when the list was not sent. */
function modalityTokens(details: unknown, modality: ModalityName): number | undefined {
  if (!Array.isArray(details)) return undefined;
  let tokens = 0;
  for (const entry of details) {
    if (isRecord(entry) && entry.modality === modality) tokens += readCount(entry.tokenCount);
  }
  return tokens;
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
