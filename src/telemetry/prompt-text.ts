// The countable text of a client's request, for token estimates when the provider reports no
// usage: message text, tool calls and results, tool definitions, and embeddings input. Reads the
// client's JSON body defensively (any shape) and never changes it; counting is estimate-usage.ts.

import type { Dialect } from '../core/index.js';
import { isRecord } from '../core/is-record.js';

/** What a request gives the tokenizer: its text, plus tokens counted without a tokenizer. */
export interface PromptText {
  /** The countable pieces, joined by spaces. */
  text: string;
  /** Per-message framing overhead, and embeddings input sent as token ids (counted exactly). */
  fixedTokens: number;
}

/**
 * Framing tokens per message (start and end markers around a role), per name, and for the primer
 * of the reply, as OpenAI's counting guide gives them for its chat models. Anthropic publishes no
 * such figures, so the same ones stand in: an approximation either way, as is the whole estimate.
 * @see https://github.com/openai/openai-cookbook/blob/main/examples/How_to_count_tokens_with_tiktoken.ipynb
 */
export const tokensPerMessage = 3;
export const tokensPerName = 1;
export const replyPrimerTokens = 3;
/** Every role name (system, user, assistant, tool, developer) is one token in o200k_base. */
const roleTokens = 1;

/**
 * The countable text of a chat body in the client's dialect, or of an embeddings body (detected by
 * its `input` when `operation` is not given). Images, audio and files have no text to count and are
 * left out, as is earlier turns' reasoning (Anthropic does not count it as input either): the
 * estimate is a lower bound for such prompts.
 */
export function promptText(body: unknown, dialect: Dialect, operation?: 'chat' | 'embeddings'): PromptText {
  const record = isRecord(body) ? body : {};
  const kind =
    operation ?? (record.input !== undefined && record.messages === undefined ? 'embeddings' : 'chat');
  if (kind === 'embeddings') return embeddingsText(record.input);
  const counter = new PieceCounter();
  if (dialect === 'anthropic') anthropicPieces(record, counter);
  else openaiPieces(record, counter);
  return counter.result();
}

class PieceCounter {
  readonly pieces: string[] = [];
  fixedTokens = 0;

  text(value: unknown): void {
    if (typeof value === 'string' && value !== '') this.pieces.push(value);
  }

  json(value: unknown): void {
    if (value === undefined || value === null) return;
    this.text(typeof value === 'string' ? value : safeJson(value));
  }

  message(name?: unknown): void {
    this.fixedTokens += tokensPerMessage + roleTokens;
    if (typeof name === 'string' && name !== '') {
      this.fixedTokens += tokensPerName;
      this.text(name);
    }
  }

  result(): PromptText {
    const fixedTokens = this.fixedTokens === 0 ? 0 : this.fixedTokens + replyPrimerTokens;
    return { text: this.pieces.join(' '), fixedTokens };
  }
}

/**
 * OpenAI Chat Completions: message content (strings, text and refusal parts), tool calls and the
 * deprecated function_call, tool results, then tool definitions and a JSON schema response format.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
function openaiPieces(body: Record<string, unknown>, counter: PieceCounter): void {
  for (const message of list(body.messages)) {
    if (!isRecord(message)) continue;
    counter.message(message.name);
    openaiContent(message.content, counter);
    counter.text(message.refusal);
    for (const call of list(message.tool_calls)) {
      if (!isRecord(call)) continue;
      const fields = isRecord(call.function) ? call.function : isRecord(call.custom) ? call.custom : {};
      counter.text(fields.name);
      counter.text(fields.arguments ?? fields.input);
    }
    if (isRecord(message.function_call)) {
      counter.text(message.function_call.name);
      counter.text(message.function_call.arguments);
    }
  }
  for (const tool of list(body.tools)) counter.json(tool);
  for (const definition of list(body.functions)) counter.json(definition);
  const format = isRecord(body.response_format) ? body.response_format : undefined;
  if (format?.type === 'json_schema') counter.json(format.json_schema);
}

function openaiContent(content: unknown, counter: PieceCounter): void {
  if (typeof content === 'string') {
    counter.text(content);
    return;
  }
  for (const part of list(content)) {
    if (!isRecord(part)) continue;
    if (part.type === 'text') counter.text(part.text);
    else if (part.type === 'refusal') counter.text(part.refusal);
  }
}

/**
 * Anthropic Messages: the system prompt (as one more message), content blocks, tool calls as
 * name and input JSON, tool results, then tool definitions.
 * @see https://docs.anthropic.com/en/api/messages
 */
function anthropicPieces(body: Record<string, unknown>, counter: PieceCounter): void {
  if (typeof body.system === 'string' ? body.system !== '' : list(body.system).length > 0) {
    counter.message();
    anthropicBlocks(body.system, counter, 0);
  }
  for (const message of list(body.messages)) {
    if (!isRecord(message)) continue;
    counter.message();
    anthropicBlocks(message.content, counter, 0);
  }
  for (const tool of list(body.tools)) counter.json(tool);
}

/** Tool results and documents nest blocks; deeper nesting than this is not a real prompt. */
const maxBlockDepth = 4;

function anthropicBlocks(content: unknown, counter: PieceCounter, depth: number): void {
  if (typeof content === 'string') {
    counter.text(content);
    return;
  }
  if (depth >= maxBlockDepth) return;
  for (const block of list(content)) {
    if (!isRecord(block)) continue;
    switch (block.type) {
      case 'text':
        counter.text(block.text);
        break;
      case 'tool_use':
        counter.text(block.name);
        counter.json(block.input);
        break;
      case 'tool_result':
      case 'search_result':
        counter.text(block.title);
        anthropicBlocks(block.content, counter, depth + 1);
        break;
      case 'document':
        documentText(block, counter, depth);
        break;
      default:
        // Images, earlier thinking, server tool blocks: nothing a text tokenizer can count.
        break;
    }
  }
}

/** A document's text: a plain-text source, or a content source's blocks (PDF bytes are not text). */
function documentText(block: Record<string, unknown>, counter: PieceCounter, depth: number): void {
  const source = isRecord(block.source) ? block.source : {};
  counter.text(block.title);
  counter.text(block.context);
  if (source.type === 'text') counter.text(source.data);
  else if (source.type === 'content') anthropicBlocks(source.content, counter, depth + 1);
}

/**
 * Embeddings input: a string, strings, or token ids (one array, or one per input), which need no
 * tokenizer. No framing overhead: embeddings are billed on the input tokens alone.
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 */
function embeddingsText(input: unknown): PromptText {
  if (typeof input === 'string') return { text: input, fixedTokens: 0 };
  const items = list(input);
  if (items.every((item) => typeof item === 'number')) return { text: '', fixedTokens: items.length };
  const pieces: string[] = [];
  let fixedTokens = 0;
  for (const item of items) {
    if (typeof item === 'string') pieces.push(item);
    else if (Array.isArray(item)) fixedTokens += item.length;
  }
  return { text: pieces.join(' '), fixedTokens };
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}
