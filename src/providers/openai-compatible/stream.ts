// Decodes streams of OpenAI-compatible servers: the openai decoder does the work, with hooks for
// the extras in api.ts (reasoning deltas, usage outside `usage`, status-coded errors). Pure.

import type { StreamEvent, Usage } from '../../core/index.js';
import type { StreamDecoder } from '../provider.js';
import { isRecord } from '../../core/is-record.js';
import { createStreamDecoder } from '../openai/stream.js';
import { fromCompatibleStreamError } from './error.js';
import { fromCompatibleUsage, readReasoning, vendorUsageFields } from './response.js';

/**
 * A fresh decoder for one streamed response.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */
export function createCompatibleStreamDecoder(): StreamDecoder {
  let lastUsage: string | undefined;
  return createStreamDecoder({
    deltaExtras: reasoningDelta,
    error: fromCompatibleStreamError,
    usage(chunk) {
      const usage = chunkUsage(chunk);
      // Usage events carry running totals; Groq repeats the same totals under x_groq and in the
      // usage chunk, and one report of them is enough. The verbatim objects may differ (x_groq's
      // carries timings), so only the canonical figures are compared.
      const key = usage === undefined ? undefined : JSON.stringify({ ...usage, reported: undefined });
      if (key === undefined || key === lastUsage) return undefined;
      lastUsage = key;
      return usage;
    },
  });
}

/** @see https://api-docs.deepseek.com/guides/reasoning_model */
function reasoningDelta(delta: Record<string, unknown>): StreamEvent[] {
  const text = readReasoning(delta);
  return text === undefined ? [] : [{ type: 'reasoning-delta', text }];
}

/**
 * `usage` (OpenAI's usage chunk, or beside finish_reason on llama.cpp, Together and xAI), else a
 * vendor object such as Groq's `x_groq.usage`.
 * @see https://console.groq.com/docs/api-reference
 */
function chunkUsage(chunk: Record<string, unknown>): Usage | undefined {
  const usage = fromCompatibleUsage(chunk.usage);
  if (usage !== undefined) return usage;
  for (const field of vendorUsageFields) {
    const vendor = chunk[field];
    if (isRecord(vendor)) return fromCompatibleUsage(vendor.usage);
  }
  return undefined;
}
