// The two client dialects as the edge sees them: parse and validate a chat body, which client
// headers a same-dialect provider should receive, and how to render answers and stream events.

import type { IncomingHttpHeaders } from 'node:http';
import type { ChatRequest, Dialect } from '../core/index.js';
import type { ClientCodec } from '../pipeline/chat-types.js';
import {
  parseMessagesBody,
  toCanonicalRequest as anthropicToCanonical,
} from './anthropic/messages-request.js';
import { toAnthropicResponse } from './anthropic/messages-response.js';
import { AnthropicStreamEncoder } from './anthropic/messages-stream.js';
import { renderStreamError } from './error-response.js';
import { parseChatBody, toCanonicalRequest as openaiToCanonical } from './openai/chat-request.js';
import { toOpenAIResponse } from './openai/chat-response.js';
import { OpenAIStreamEncoder } from './openai/chat-stream.js';

export interface ParsedChat {
  body: Record<string, unknown>;
  model: string;
  stream: boolean;
  includeUsage: boolean;
  canonical: () => ChatRequest;
}

export interface DialectEdge extends ClientCodec {
  parseChat(body: unknown): ParsedChat;
  forwardHeaders(headers: IncomingHttpHeaders): Record<string, string>;
}

const anthropicForwarded = ['anthropic-version', 'anthropic-beta'] as const;

export const openaiEdge: DialectEdge = {
  dialect: 'openai',
  parseChat(raw) {
    const body = parseChatBody(raw);
    return {
      body,
      model: body.model,
      stream: body.stream === true,
      includeUsage: body.stream_options?.include_usage === true,
      canonical: () => openaiToCanonical(body),
    };
  },
  forwardHeaders: () => ({}),
  renderResponse: (response, model) => toOpenAIResponse(response, model),
  streamEncoder: (options) => new OpenAIStreamEncoder(options),
  renderStreamError: (error) => renderStreamError(error, 'openai'),
};

export const anthropicEdge: DialectEdge = {
  dialect: 'anthropic',
  parseChat(raw) {
    const body = parseMessagesBody(raw);
    return {
      body,
      model: body.model,
      stream: body.stream === true,
      includeUsage: true,
      canonical: () => anthropicToCanonical(body),
    };
  },
  forwardHeaders(headers) {
    const forwarded: Record<string, string> = {};
    for (const name of anthropicForwarded) {
      const value = headers[name];
      if (typeof value === 'string') forwarded[name] = value;
    }
    return forwarded;
  },
  renderResponse: (response, model) => toAnthropicResponse(response, model),
  streamEncoder: (options) => new AnthropicStreamEncoder(options),
  renderStreamError: (error) => renderStreamError(error, 'anthropic'),
};

export const edges: Record<Dialect, DialectEdge> = { openai: openaiEdge, anthropic: anthropicEdge };
