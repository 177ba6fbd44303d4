// `thinking_blocks` on OpenAI-dialect assistant messages: the gateway's extension that carries
// Anthropic's signed thinking (and redacted thinking) through an OpenAI client, so it can be sent back
// on the next tool turn as Anthropic requires. Schema and translators only; no HTTP.
// @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#preserving-thinking-blocks

import { z } from 'zod';
import type { ContentPart, ReasoningPart, RedactedReasoningPart } from '../../core/index.js';

/** One block as the gateway returns it and accepts it back (the same shape as Anthropic's). */
export const thinkingBlockSchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('thinking'),
    thinking: z.string(),
    // Optional on the way in: an unsigned block is accepted but cannot be replayed to Anthropic.
    signature: z.string().optional(),
  }),
  z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() }),
]);

export type ThinkingBlock =
  { type: 'thinking'; thinking: string; signature?: string } | { type: 'redacted_thinking'; data: string };

/** Client blocks -> canonical reasoning parts, in order. */
export function fromThinkingBlocks(
  blocks: ReadonlyArray<z.infer<typeof thinkingBlockSchema>>,
): Array<ReasoningPart | RedactedReasoningPart> {
  return blocks.map((block) => {
    if (block.type === 'redacted_thinking') return { type: 'redacted-reasoning', data: block.data };
    const part: ReasoningPart = { type: 'reasoning', text: block.thinking };
    if (block.signature !== undefined) part.signature = block.signature;
    return part;
  });
}

/**
 * The replayable reasoning of a response: signed thinking and redacted thinking. Unsigned reasoning
 * (an OpenAI-compatible server's reasoning text) is only in `reasoning_content`: nobody accepts it back.
 */
export function toThinkingBlocks(parts: readonly ContentPart[]): ThinkingBlock[] {
  const blocks: ThinkingBlock[] = [];
  for (const part of parts) {
    if (part.type === 'reasoning' && part.signature !== undefined) {
      blocks.push({ type: 'thinking', thinking: part.text, signature: part.signature });
    } else if (part.type === 'redacted-reasoning') {
      blocks.push({ type: 'redacted_thinking', data: part.data });
    }
  }
  return blocks;
}
