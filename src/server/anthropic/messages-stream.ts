// Encodes canonical stream events as an Anthropic Messages SSE stream for an Anthropic client.
// Anthropic content blocks never interleave, so tool calls an OpenAI upstream streams in
// parallel are held back and replayed one block after another. Pure text in, text out.
// @see https://docs.anthropic.com/en/docs/build-with-claude/streaming

import type { StreamEvent, Usage } from '../../core/index.js';
import { GatewayError } from '../../errors.js';
import { renderStreamError } from '../error-response.js';
import { toAnthropicUsage } from './messages-response.js';
import { toAnthropicStopReason } from './stop-reason.js';
import type { AnthropicStopReason } from './stop-reason.js';

export interface AnthropicStreamOptions {
  id: string;
  model: string;
  /** Take the upstream's message id and model from its response-start (same dialect re-encoded). */
  upstreamIds?: boolean;
}

type BlockKind = 'text' | 'thinking' | 'redacted_thinking' | 'tool_use';

interface OpenBlock {
  kind: BlockKind;
  index: number;
}

interface ToolCall {
  ordinal: number;
  id: string;
  name: string;
  /** open: its block is the open one; waiting: held back behind another; closed: its block ended. */
  state: 'open' | 'waiting' | 'closed';
  /** Argument deltas received while waiting. */
  held: string[];
}

export class AnthropicStreamEncoder {
  private started = false;
  private closed = false;
  private nextIndex = 0;
  private open: OpenBlock | undefined;
  private readonly toolCalls = new Map<number, ToolCall>();
  private usage: Usage | undefined;
  private stopReason: AnthropicStopReason = 'end_turn';
  private stopSequence: string | null = null;
  private refused = false;
  /** Text deltas that arrived during tool calls, sent after them (see text()). */
  private readonly heldText: string[] = [];

  private id: string;
  private model: string;

  constructor(private readonly options: AnthropicStreamOptions) {
    this.id = options.id;
    this.model = options.model;
  }

  /** Zero or more complete SSE frames for one canonical event. */
  encode(event: StreamEvent): string {
    if (this.closed) return '';
    switch (event.type) {
      case 'response-start':
        if (this.options.upstreamIds === true && !this.started) {
          this.id = event.id || this.id;
          this.model = event.model || this.model;
        }
        // What the upstream reported as it began (Anthropic's and Gemini's input counts) rides on
        // message_start, where clients that sum usage from it look; later usage events replace it.
        if (event.usage !== undefined && this.usage === undefined) this.usage = event.usage;
        return '';
      case 'usage':
        this.usage = event.usage;
        return '';
      case 'finish':
        this.stopReason = toAnthropicStopReason(event.reason);
        this.stopSequence = event.stopSequence ?? null;
        return '';
      case 'text-delta':
        return this.text(event.text);
      case 'refusal-delta':
        // An OpenAI refusal is what the model said; the stop reason tells the client it refused.
        this.refused = true;
        return this.text(event.text);
      case 'reasoning-delta':
        return this.delta('thinking', { type: 'thinking_delta', thinking: event.text });
      case 'reasoning-signature':
        // The signature ends its thinking block.
        return (
          this.delta('thinking', { type: 'signature_delta', signature: event.signature }) + this.closeOpen()
        );
      case 'redacted-reasoning': {
        const block = { type: 'redacted_thinking', data: event.data };
        return (
          this.start() + this.closeOpen() + this.openBlock('redacted_thinking', block) + this.closeOpen()
        );
      }
      case 'tool-call-start':
        return this.startToolCall(event.index, event.id, event.name);
      case 'tool-call-delta':
        return this.toolCallDelta(event.index, event.arguments);
    }
  }

  /** The end of a clean stream: held tool calls, message_delta with stop reason and usage, message_stop. */
  finish(): string {
    if (this.closed) return '';
    let text = this.start() + this.closeOpen() + this.flushWaiting();
    // Text that came while tool calls streamed, as one block after them; whitespace alone is dropped.
    const held = this.heldText.join('');
    if (held.trim() !== '') {
      text += this.openBlock('text', { type: 'text', text: '' });
      text += this.frame('content_block_delta', {
        type: 'content_block_delta',
        index: this.nextIndex - 1,
        delta: { type: 'text_delta', text: held },
      });
      text += this.closeOpen();
    }
    const usage = this.usage === undefined ? { output_tokens: 0 } : toAnthropicUsage(this.usage);
    const stopReason = this.refused ? 'refusal' : this.stopReason;
    text += this.frame('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: this.stopSequence },
      usage,
    });
    this.closed = true;
    return text + this.frame('message_stop', { type: 'message_stop' });
  }

  /** The final event of a failed stream: an `error` event, after which nothing is sent. */
  error(error: GatewayError): string {
    if (this.closed) return '';
    this.closed = true;
    return renderStreamError(error, 'anthropic');
  }

  /** message_start goes out lazily, so usage known before the first content rides on it. */
  private start(): string {
    if (this.started) return '';
    this.started = true;
    const usage =
      this.usage === undefined ? { input_tokens: 0, output_tokens: 0 } : toAnthropicUsage(this.usage);
    const { id, model } = this;
    const message = {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage,
    };
    return this.frame('message_start', { type: 'message_start', message });
  }

  /**
   * A text delta. While a tool call's block is open or calls wait their turn, text is held back:
   * OpenAI-dialect servers send text (often a newline) between a call's argument fragments, and
   * an Anthropic block cannot reopen once another has started.
   */
  private text(text: string): string {
    if (text === '') return '';
    if (this.open?.kind === 'tool_use' || this.heldText.length > 0) {
      this.heldText.push(text);
      return '';
    }
    return this.delta('text', { type: 'text_delta', text });
  }

  private delta(kind: 'text' | 'thinking', delta: Record<string, string>): string {
    let text = this.start();
    if (this.open?.kind !== kind) {
      const block =
        kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' };
      text += this.closeOpen() + this.openBlock(kind, block);
    }
    const index = this.nextIndex - 1;
    return text + this.frame('content_block_delta', { type: 'content_block_delta', index, delta });
  }

  private startToolCall(ordinal: number, id: string, name: string): string {
    if (this.toolCalls.has(ordinal)) {
      throw new GatewayError('upstream_error', `The upstream started tool call ${ordinal} twice.`);
    }
    const call: ToolCall = { ordinal, id, name, state: 'waiting', held: [] };
    this.toolCalls.set(ordinal, call);
    // Another call's block is open, or earlier calls wait their turn: this one waits too, keeping order.
    if (this.open?.kind === 'tool_use' || this.hasWaiting(call)) return '';
    return this.start() + this.closeOpen() + this.openToolCall(call);
  }

  private toolCallDelta(ordinal: number, text: string): string {
    const call = this.toolCalls.get(ordinal);
    if (call === undefined || call.state === 'closed') {
      throw new GatewayError(
        'upstream_error',
        `The upstream sent arguments for tool call ${ordinal} outside its block.`,
      );
    }
    if (call.state === 'waiting') {
      call.held.push(text);
      return '';
    }
    return text === '' ? '' : this.jsonDelta(text);
  }

  private openToolCall(call: ToolCall): string {
    call.state = 'open';
    return this.openBlock('tool_use', { type: 'tool_use', id: call.id, name: call.name, input: {} });
  }

  private jsonDelta(partial: string): string {
    const index = this.nextIndex - 1;
    const delta = { type: 'input_json_delta', partial_json: partial };
    return this.frame('content_block_delta', { type: 'content_block_delta', index, delta });
  }

  /** Held tool calls, in ordinal order, each as one whole block. */
  private flushWaiting(): string {
    const waiting = [...this.toolCalls.values()].filter((call) => call.state === 'waiting');
    waiting.sort((left, right) => left.ordinal - right.ordinal);
    let text = '';
    for (const call of waiting) {
      const held = call.held.join('');
      text += this.openToolCall(call) + (held === '' ? '' : this.jsonDelta(held)) + this.closeOpen();
    }
    return text;
  }

  private hasWaiting(except: ToolCall): boolean {
    for (const call of this.toolCalls.values()) if (call !== except && call.state === 'waiting') return true;
    return false;
  }

  private openBlock(kind: BlockKind, contentBlock: Record<string, unknown>): string {
    const index = this.nextIndex++;
    this.open = { kind, index };
    return this.frame('content_block_start', {
      type: 'content_block_start',
      index,
      content_block: contentBlock,
    });
  }

  private closeOpen(): string {
    const open = this.open;
    if (open === undefined) return '';
    this.open = undefined;
    if (open.kind === 'tool_use') {
      for (const call of this.toolCalls.values()) if (call.state === 'open') call.state = 'closed';
    }
    return this.frame('content_block_stop', { type: 'content_block_stop', index: open.index });
  }

  private frame(name: string, payload: Record<string, unknown>): string {
    return `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
  }
}
