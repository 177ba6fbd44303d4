// An answer's usage for the record: the provider's figures when it reported them, else counted
// with the tokenizer and marked `estimated`. Shared by the served answer and called-off attempts.

import type { AnswerFacts } from './answer-facts.js';
import { reportedUsage } from './estimate-usage.js';
import type { UsageRecord } from './request-record.js';

export async function answerUsage(
  facts: AnswerFacts,
  /** The prompt's tokens, counted only when needed (and at most once by the caller). */
  promptTokens: () => Promise<number>,
  countTokens: (text: string) => Promise<number>,
): Promise<UsageRecord> {
  // Adapters set `reported` only when the upstream sent usage: zeros without it are not "free".
  const reported = reportedUsage(facts.usage);
  if (reported !== undefined) return reported;
  // A stream cut after its start reported the input (Anthropic's message_start) but before the
  // final counts: the provider's input figures stand, only the output is counted locally.
  const started = reportedUsage(facts.startUsage);
  if (started !== undefined) {
    const counted = facts.text === '' ? 0 : await countTokens(facts.text);
    return { ...started, outputTokens: Math.max(started.outputTokens, counted), source: 'estimated' };
  }
  // An answer without usage, a stream cut before its usage report, or no answer at all: count locally.
  const [inputTokens, outputTokens] = await Promise.all([
    promptTokens(),
    facts.text === '' ? 0 : countTokens(facts.text),
  ]);
  return { inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0, source: 'estimated' };
}
