// What a request may ask for whose answer the canonical form cannot carry: several choices, log
// probabilities, audio, web-search annotations (OpenAI); server-tool blocks and citations
// (Anthropic). A stream re-encoded through that form, or an answer replayed from the cache in the
// other form, would lose them, so those paths refuse or skip such requests instead.

import type { Dialect } from './dialect.js';
import { isRecord } from './is-record.js';

export interface UncarriedFeature {
  /** Where in the request body, for a 400 naming it. */
  path: Array<string | number>;
  /** What it is, in a sentence: "server tools (web_search_20250305)". */
  what: string;
}

/** The first feature of the body a canonical answer cannot carry; undefined when there is none. */
export function uncarriedFeature(
  dialect: Dialect,
  body: Readonly<Record<string, unknown>>,
): UncarriedFeature | undefined {
  return dialect === 'openai' ? openaiFeature(body) : anthropicFeature(body);
}

function openaiFeature(body: Readonly<Record<string, unknown>>): UncarriedFeature | undefined {
  if (typeof body.n === 'number' && body.n > 1) return { path: ['n'], what: 'n greater than 1' };
  if (body.logprobs === true || body.top_logprobs != null) return { path: ['logprobs'], what: 'logprobs' };
  if (body.audio != null || (Array.isArray(body.modalities) && body.modalities.includes('audio'))) {
    return { path: ['modalities'], what: 'audio output' };
  }
  if (body.web_search_options != null)
    return { path: ['web_search_options'], what: 'web search annotations' };
  return undefined;
}

function anthropicFeature(body: Readonly<Record<string, unknown>>): UncarriedFeature | undefined {
  const tools = Array.isArray(body.tools) ? (body.tools as unknown[]) : [];
  for (const [index, tool] of tools.entries()) {
    const type = isRecord(tool) ? tool.type : undefined;
    if (typeof type === 'string' && type !== 'custom') {
      return { path: ['tools', index, 'type'], what: `server tools (${type})` };
    }
  }
  const messages = Array.isArray(body.messages) ? (body.messages as unknown[]) : [];
  for (const [index, message] of messages.entries()) {
    const content = isRecord(message) && Array.isArray(message.content) ? (message.content as unknown[]) : [];
    for (const [blockIndex, block] of content.entries()) {
      if (isRecord(block) && isRecord(block.citations) && block.citations.enabled === true) {
        return { path: ['messages', index, 'content', blockIndex, 'citations'], what: 'citations' };
      }
    }
  }
  return undefined;
}
