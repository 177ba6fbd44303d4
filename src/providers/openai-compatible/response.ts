// Reads responses of OpenAI-compatible servers: the openai translator reads the OpenAI part, then
// the server extras listed in api.ts (reasoning text, DeepSeek cache hits) are read on top. Pure.

import type { ChatResponse, Usage } from '../../core/index.js';
import { firstChoice, fromChatCompletion, fromUsage } from '../openai/response.js';
import { isRecord } from '../../core/is-record.js';
import { serverProfiles } from './api.js';
import type { ReasoningFields } from './api.js';

export { fromEmbeddingsResponse } from '../openai/response.js';

const profiles = Object.values(serverProfiles);

/**
 * Every server's extra fields at once: the provider contract gives readers no settings, and no two
 * servers use one of these names for different things.
 */
const reasoningFields = unique(
  profiles.flatMap((profile): ReadonlyArray<keyof ReasoningFields> => profile.reasoningFields),
);
const cacheHitFields = unique(
  profiles.flatMap((profile) => ('cacheHitField' in profile ? [profile.cacheHitField] : [])),
);
export const vendorUsageFields = unique(
  profiles.flatMap((profile) => ('vendorUsageField' in profile ? [profile.vendorUsageField] : [])),
);

/**
 * ChatCompletion -> ChatResponse, with the reasoning text some servers return first.
 * @see https://api-docs.deepseek.com/guides/reasoning_model
 */
export function fromCompatibleChatCompletion(body: unknown): ChatResponse {
  const response = fromChatCompletion(body);
  const choices = isRecord(body) && Array.isArray(body.choices) ? (body.choices as unknown[]) : [];
  const message = firstChoice(choices)?.message;
  const reasoning = isRecord(message) ? readReasoning(message) : undefined;
  if (reasoning !== undefined)
    response.content = [{ type: 'reasoning', text: reasoning }, ...response.content];
  response.usage = fromCompatibleUsage(isRecord(body) ? body.usage : undefined) ?? response.usage;
  return response;
}

/** The first non-empty reasoning field of a message or delta (vLLM may send both names at once). */
export function readReasoning(record: Record<string, unknown>): string | undefined {
  for (const field of reasoningFields) {
    const value = record[field];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/**
 * OpenAI usage plus cache hits reported beside it; prompt_tokens already counts them.
 * @see https://api-docs.deepseek.com/guides/kv_cache
 */
export function fromCompatibleUsage(value: unknown): Usage | undefined {
  if (!isRecord(value)) return undefined;
  const usage = fromUsage(value);
  for (const field of cacheHitFields) {
    const hits = value[field];
    if (usage.cacheReadTokens === 0 && typeof hits === 'number' && Number.isFinite(hits) && hits >= 0) {
      usage.cacheReadTokens = hits;
    }
  }
  return usage;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
