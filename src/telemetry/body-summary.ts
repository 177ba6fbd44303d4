// The `metadata` body policy: the shape of a prompt or a response without its content - how many
// messages by role, tools, images, sizes - so an operator can see what kind of call it was while
// nothing the user wrote is kept.

import type { Dialect } from '../core/index.js';
import { isRecord } from '../core/is-record.js';

export interface PromptSummary {
  messages: number;
  roles: Record<string, number>;
  /** Tool definitions offered to the model, by name (names are schema, not user content). */
  tools: string[];
  images: number;
  /** Size of the request body in bytes, as received. */
  bytes: number;
  system: boolean;
}

export interface ResponseSummary {
  characters: number;
  toolCalls: string[];
}

export function summarizePrompt(
  body: unknown,
  dialect: Dialect,
  operation: 'chat' | 'embeddings',
  bytes: number,
): PromptSummary {
  const record = isRecord(body) ? body : {};
  const summary: PromptSummary = {
    messages: 0,
    roles: {},
    tools: [],
    images: 0,
    bytes,
    system: dialect === 'anthropic' && record.system !== undefined,
  };
  if (operation === 'embeddings') {
    summary.messages = Array.isArray(record.input) ? record.input.length : 1;
    return summary;
  }
  const messages = Array.isArray(record.messages) ? record.messages : [];
  summary.messages = messages.length;
  for (const message of messages) {
    if (!isRecord(message)) continue;
    const role = typeof message.role === 'string' ? message.role.slice(0, 32) : 'unknown';
    summary.roles[role] = (summary.roles[role] ?? 0) + 1;
    if (role === 'system' || role === 'developer') summary.system = true;
    if (Array.isArray(message.content)) {
      for (const part of message.content) {
        if (isRecord(part) && (part.type === 'image_url' || part.type === 'image')) summary.images++;
      }
    }
  }
  if (Array.isArray(record.tools)) {
    for (const tool of record.tools.slice(0, 128)) {
      const name = toolName(tool);
      if (name !== undefined) summary.tools.push(name.slice(0, 64));
    }
  }
  return summary;
}

export function summarizeResponse(characters: number, toolCalls: readonly string[]): ResponseSummary {
  return { characters, toolCalls: toolCalls.slice(0, 128).map((name) => name.slice(0, 64)) };
}

function toolName(tool: unknown): string | undefined {
  if (!isRecord(tool)) return undefined;
  if (typeof tool.name === 'string') return tool.name;
  if (isRecord(tool.function) && typeof tool.function.name === 'string') return tool.function.name;
  return undefined;
}
