// What of a chat request the semantic cache compares, and what must match exactly. The text: the
// final user turn (or the whole conversation, when the route says so). The context: everything
// else that changes the answer — system prompt, earlier turns, tools, response format, sampling
// parameters — which goes into the partition key, so only requests alike in all of it are ever
// compared by meaning. Requests the cache should not judge by meaning are refused with a reason:
// a conversation with tool calls or results (by default), a final turn that is not the user's, or
// one that holds anything but text (an image).

import { answerNeutralFields } from '../exact/exact-key.js';

export type SemanticText = 'last-turn' | 'conversation';

export type SemanticRequest =
  { text: string; context: unknown } | { skip: 'tools' | 'not-user' | 'not-text' | 'empty' | 'shape' };

/** Body fields that never change the answer, and the messages (the text and the context stand for them). */
const ignoredFields = new Set([...answerNeutralFields, 'messages']);

interface Turn {
  role: string;
  text: string | undefined;
  /** The turn calls tools or carries a tool's result. */
  tools: boolean;
}

export function semanticRequest(
  body: Readonly<Record<string, unknown>>,
  options: { text: SemanticText; allowTools: boolean },
): SemanticRequest {
  if (!Array.isArray(body.messages) || body.messages.length === 0) return { skip: 'shape' };
  const turns = body.messages.map((message: unknown) => turnOf(message));
  if (turns.some((turn) => turn === undefined)) return { skip: 'shape' };
  const known = turns as Turn[];
  const last = known[known.length - 1]!;
  if (last.role !== 'user') return { skip: 'not-user' };
  if (!options.allowTools && (known.some((turn) => turn.tools) || body.tools !== undefined)) {
    return { skip: 'tools' };
  }
  if (last.text === undefined) return { skip: 'not-text' };
  const rest: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(body)) if (!ignoredFields.has(field)) rest[field] = value;
  if (options.text === 'conversation') {
    if (known.some((turn) => turn.text === undefined && turn.role !== 'system')) return { skip: 'not-text' };
    const text = known
      .filter((turn) => turn.role !== 'system' && turn.role !== 'developer')
      .map((turn) => `${turn.role}: ${turn.text ?? ''}`)
      .join('\n');
    const system = known.filter((turn) => turn.role === 'system' || turn.role === 'developer');
    return nonEmpty(text, { rest, system: body.messages.slice(0, system.length) });
  }
  return nonEmpty(last.text, { rest, earlier: body.messages.slice(0, -1) });
}

function nonEmpty(text: string, context: unknown): SemanticRequest {
  return text.trim() === '' ? { skip: 'empty' } : { text: text.trim(), context };
}

/** One message of either dialect (Anthropic keeps its system prompt in body.system: context). */
function turnOf(message: unknown): Turn | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { role, content } = message as { role?: unknown; content?: unknown };
  if (typeof role !== 'string') return undefined;
  const record = message as Record<string, unknown>;
  let tools = role === 'tool' || role === 'function' || record.tool_calls !== undefined;
  let text: string | undefined;
  if (typeof content === 'string') text = content;
  else if (Array.isArray(content)) {
    const texts: string[] = [];
    let other = false;
    for (const part of content as unknown[]) {
      const type = typeof part === 'object' && part !== null ? (part as { type?: unknown }).type : undefined;
      if (type === 'text' && typeof (part as { text?: unknown }).text === 'string') {
        texts.push((part as { text: string }).text);
      } else {
        other = true;
        if (type === 'tool_use' || type === 'tool_result') tools = true;
      }
    }
    text = other ? undefined : texts.join('\n');
  } else if (content === null || content === undefined) text = undefined;
  else return undefined;
  return { role, text, tools };
}
