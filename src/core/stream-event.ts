// Canonical stream events: a discriminated union every provider's stream decodes into and
// every client encoder renders from. Names are noun-verb strings.
//
// The commit point of a stream is its first content event (see isContentEvent): before it the
// gateway may still retry or fall back; after it, events flow to the client unbuffered.

import type { FinishReason } from './chat-response.js';
import type { Usage } from './usage.js';

export type StreamEvent =
  /** Response metadata, available before any content. */
  /**
   * `usage`: what the provider reported when the response began (Anthropic's message_start: the
   * input counts), kept so that a stream cut before its final usage event still has them.
   */
  | { type: 'response-start'; id: string; model: string; created: number; usage?: Usage }
  | { type: 'text-delta'; text: string }
  | { type: 'reasoning-delta'; text: string }
  /** Closes the current reasoning block with its signature (Anthropic thinking). */
  | { type: 'reasoning-signature'; signature: string }
  | { type: 'redacted-reasoning'; data: string }
  /** index: the ordinal of this tool call among the response's tool calls (0, 1, 2...). */
  | { type: 'tool-call-start'; index: number; id: string; name: string }
  | { type: 'tool-call-delta'; index: number; arguments: string }
  | { type: 'refusal-delta'; text: string }
  | { type: 'usage'; usage: Usage }
  | { type: 'finish'; reason: FinishReason; stopSequence?: string };

export type StreamEventType = StreamEvent['type'];

/** True for the events that make up the commit point: the first one a client must see at once. */
export function isContentEvent(event: StreamEvent): boolean {
  switch (event.type) {
    case 'text-delta':
    case 'reasoning-delta':
    case 'reasoning-signature':
    case 'redacted-reasoning':
    case 'tool-call-start':
    case 'tool-call-delta':
    case 'refusal-delta':
      return true;
    case 'response-start':
    case 'usage':
    case 'finish':
      return false;
  }
}
