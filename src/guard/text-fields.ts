// The texts of a chat request that guardrails read and may rewrite, in either dialect: the system
// prompt, every message's text (string content or text parts), tool results, search results and
// attached plain-text documents (read as untrusted, like tool results), and the arguments of
// earlier tool calls. Images and other binary parts are skipped. Returns a new body; the given one
// is never changed. Bounded: at most `maxDepth` levels of nested content are walked.

import type { Dialect } from '../core/index.js';

/** Who wrote a text: the caller (system, user), the model (assistant), or a tool (untrusted). */
export type TextSource = 'system' | 'user' | 'assistant' | 'tool';

export type TextMapper = (text: string, source: TextSource) => string;

const maxDepth = 8;

export function mapTexts(
  dialect: Dialect,
  body: Readonly<Record<string, unknown>>,
  map: TextMapper,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...body };
  if (dialect === 'anthropic' && body.system !== undefined) {
    result.system = mapContent(body.system, 'system', map, 0);
  }
  if (Array.isArray(body.messages)) {
    result.messages = body.messages.map((message: unknown) => mapMessage(message, map));
  }
  return result;
}

function mapMessage(message: unknown, map: TextMapper): unknown {
  if (typeof message !== 'object' || message === null) return message;
  const record = message as Record<string, unknown>;
  const role = record.role;
  const source: TextSource =
    role === 'system' || role === 'developer'
      ? 'system'
      : role === 'assistant'
        ? 'assistant'
        : role === 'tool' || role === 'function'
          ? 'tool'
          : 'user';
  const mapped: Record<string, unknown> = { ...record };
  if (record.content !== undefined) mapped.content = mapContent(record.content, source, map, 0);
  if (Array.isArray(record.tool_calls)) {
    mapped.tool_calls = record.tool_calls.map((call: unknown) => mapToolCall(call, map));
  }
  return mapped;
}

function mapToolCall(call: unknown, map: TextMapper): unknown {
  if (typeof call !== 'object' || call === null) return call;
  const record = call as Record<string, unknown>;
  const fn = record.function as Record<string, unknown> | undefined;
  if (typeof fn?.arguments !== 'string') return call;
  return { ...record, function: { ...fn, arguments: map(fn.arguments, 'assistant') } };
}

function mapContent(content: unknown, source: TextSource, map: TextMapper, depth: number): unknown {
  if (typeof content === 'string') return map(content, source);
  if (!Array.isArray(content) || depth >= maxDepth) return content;
  return content.map((part: unknown) => {
    if (typeof part !== 'object' || part === null) return part;
    const record = part as Record<string, unknown>;
    if (record.type === 'text' && typeof record.text === 'string')
      return { ...record, text: map(record.text, source) };
    // Anthropic tool results and search results hold their own content: a tool wrote it.
    if ((record.type === 'tool_result' || record.type === 'search_result') && record.content !== undefined) {
      return { ...record, content: mapContent(record.content, 'tool', map, depth + 1) };
    }
    // An attached plain-text document (Anthropic `document` with a text source) is untrusted too.
    const attached = record.source as Record<string, unknown> | undefined;
    if (record.type === 'document' && attached?.type === 'text' && typeof attached.data === 'string') {
      return { ...record, source: { ...attached, data: map(attached.data, 'tool') } };
    }
    return part;
  });
}
