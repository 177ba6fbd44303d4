// Tool-call ids across providers: kept as they are where the target accepts them, otherwise mapped by
// one deterministic function, so a tool call and the tool result answering it (sent again on every
// later turn) always get the same id. Pure: no I/O, no clock; providers import it, nothing else.

import { createHash, randomUUID } from 'node:crypto';

/** What a provider accepts as a tool-call id. */
export interface ToolCallIdRule {
  /** Characters allowed (one character per test); absent = any. */
  allowed?: RegExp;
  /** Longest id accepted; absent = no limit. */
  maxLength?: number;
}

/**
 * Anthropic rejects tool_use ids outside `^[a-zA-Z0-9_-]+$`. No length is documented; 64 is the
 * limit Anthropic applies to tool names and Bedrock to toolUseId, so longer ids are shortened too.
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolUseBlock.html
 */
export const anthropicToolCallIds: ToolCallIdRule = { allowed: /[a-zA-Z0-9_-]/, maxLength: 64 };

/**
 * OpenAI has answered `string too long. Expected a string with maximum length 40` for longer
 * `tool_calls[].id` / `tool_call_id` values; any characters are accepted.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages
 */
export const openaiToolCallIds: ToolCallIdRule = { maxLength: 40 };

/** Length of the hash suffix that keeps two different ids different after mapping. */
const hashLength = 10;

/**
 * `id` as the target accepts it: unchanged when it already fits the rule (the common case, so ids
 * survive a round trip), else its allowed characters (others become `_`) shortened to fit, plus a
 * hash of the whole original, so distinct ids never collide. Same input, same output, every turn.
 */
export function toToolCallId(id: string, rule: ToolCallIdRule): string {
  if (fits(id, rule)) return id;
  const suffix = `_${hash(id)}`;
  const { allowed } = rule;
  let kept = '';
  for (const character of id) kept += allowed === undefined || allowed.test(character) ? character : '_';
  const room = rule.maxLength === undefined ? kept.length : Math.max(0, rule.maxLength - suffix.length);
  return kept.slice(0, room) + suffix;
}

/**
 * An id for a tool call the upstream left without one (some OpenAI-compatible servers do). Random, not
 * derived from the response: servers that omit call ids also repeat response ids, and two turns'
 * calls must never share an id. The client keeps it and sends it back, which is what keeps it stable.
 */
export function synthesizeToolCallId(): string {
  return `call_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
}

function fits(id: string, rule: ToolCallIdRule): boolean {
  if (id === '') return false;
  if (rule.maxLength !== undefined && id.length > rule.maxLength) return false;
  const { allowed } = rule;
  if (allowed === undefined) return true;
  for (const character of id) if (!allowed.test(character)) return false;
  return true;
}

/** A short, stable, alphanumeric digest (base 36 of the first bytes of SHA-256). */
function hash(text: string): string {
  const digest = createHash('sha256').update(text).digest();
  return digest.readBigUInt64BE(0).toString(36).padStart(13, '0').slice(0, hashLength);
}
