// Decodes one streamed Messages API response, event by event, into canonical stream events, and says which
// upstream events a same-dialect client may see verbatim. One decoder per response; no I/O.

import type { StreamEvent } from '../../core/index.js';
import { GatewayError } from '../../errors.js';
import type { DecodedEvent, SseEvent, StreamDecoder } from '../provider.js';
import type {
  RawContentBlockDeltaEvent,
  RawContentBlockStartEvent,
  RawMessageDeltaEvent,
  RawMessageStartEvent,
} from './api.js';
import { fromAnthropicStreamError } from './error.js';
import { fromStopReason, fromUsage } from './response.js';
import type { UsageCounts } from './response.js';
import { isRecord } from '../../core/is-record.js';

/** What a content block index turned out to be, so its deltas are read the right way. */
type Block = { kind: 'text' } | { kind: 'thinking' } | { kind: 'tool'; ordinal: number } | { kind: 'other' };

/**
 * Anthropic stream decoder.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming#event-types
 */
export class AnthropicStreamDecoder implements StreamDecoder {
  readonly #blocks = new Map<number, Block>();
  #toolCalls = 0;
  #startUsage: UsageCounts | undefined;

  decode(event: SseEvent): DecodedEvent {
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      return interrupted('The provider sent a stream event that is not valid JSON.');
    }
    if (!isRecord(data)) return interrupted('The provider sent a stream event that is not a JSON object.');
    const type = typeof data.type === 'string' ? data.type : event.event;
    switch (type) {
      case 'message_start':
        return this.#messageStart(data);
      case 'content_block_start':
        return this.#blockStart(data);
      case 'content_block_delta':
        return this.#blockDelta(data);
      case 'message_delta':
        return this.#messageDelta(data);
      case 'message_stop':
        return { events: [], passthrough: 'forward', done: true };
      case 'error':
        // Dropped, not forwarded: the pipeline renders the error in the client's dialect in one place.
        // @see https://docs.anthropic.com/en/docs/build-with-claude/streaming#error-events
        return { events: [], passthrough: 'drop', error: fromAnthropicStreamError(data) };
      case 'content_block_stop':
      case 'ping':
      case undefined:
      default:
        // content_block_stop, ping (legal for Anthropic clients) and event types added after this was
        // written: forwarded as they are, with no canonical meaning.
        // @see https://docs.anthropic.com/en/api/versioning
        return forward([]);
    }
  }

  /** @see https://docs.anthropic.com/en/docs/build-with-claude/streaming#event-types */
  #messageStart(data: Record<string, unknown>): DecodedEvent {
    const message = data.message;
    if (!isRecord(message) || typeof message.id !== 'string' || !isRecord(message.usage)) {
      return interrupted('The provider sent a message_start event without its message.');
    }
    const start = data as unknown as RawMessageStartEvent;
    this.#startUsage = start.message.usage;
    const model = typeof message.model === 'string' ? message.model : '';
    // Anthropic sends no creation time; the moment the stream started is the closest truth.
    return forward([
      {
        type: 'response-start',
        id: message.id,
        model,
        created: Math.floor(Date.now() / 1000),
        usage: fromUsage(start.message.usage),
      },
    ]);
  }

  /** @see https://docs.anthropic.com/en/docs/build-with-claude/streaming#content-block-types */
  #blockStart(data: Record<string, unknown>): DecodedEvent {
    if (typeof data.index !== 'number' || !isRecord(data.content_block)) {
      return interrupted('The provider sent a content_block_start event without its block.');
    }
    const { index, content_block: block } = data as unknown as RawContentBlockStartEvent;
    switch (block.type) {
      case 'text':
        this.#blocks.set(index, { kind: 'text' });
        return forward(block.text ? [{ type: 'text-delta', text: block.text }] : []);
      case 'thinking':
        this.#blocks.set(index, { kind: 'thinking' });
        return forward(block.thinking ? [{ type: 'reasoning-delta', text: block.thinking }] : []);
      case 'redacted_thinking':
        this.#blocks.set(index, { kind: 'other' });
        return forward([{ type: 'redacted-reasoning', data: block.data }]);
      case 'tool_use': {
        if (typeof block.id !== 'string' || typeof block.name !== 'string') {
          return interrupted('The provider sent a tool_use block without its id or name.');
        }
        // Tool calls are numbered among themselves (0, 1, ...), not by block index, which text shares.
        const ordinal = this.#toolCalls++;
        this.#blocks.set(index, { kind: 'tool', ordinal });
        return forward([{ type: 'tool-call-start', index: ordinal, id: block.id, name: block.name }]);
      }
      case 'server_tool_use':
      case 'web_search_tool_result':
      case 'web_fetch_tool_result':
      case 'code_execution_tool_result':
      case 'bash_code_execution_tool_result':
      case 'text_editor_code_execution_tool_result':
      case 'tool_search_tool_result':
      case 'container_upload':
      default:
        // Server tool calls and their results run on Anthropic's side; the canonical form has no place for them.
        this.#blocks.set(index, { kind: 'other' });
        return forward([]);
    }
  }

  /** @see https://docs.anthropic.com/en/docs/build-with-claude/streaming#content-block-delta-types */
  #blockDelta(data: Record<string, unknown>): DecodedEvent {
    if (typeof data.index !== 'number' || !isRecord(data.delta)) {
      return interrupted('The provider sent a content_block_delta event without its delta.');
    }
    const { index, delta } = data as unknown as RawContentBlockDeltaEvent;
    const block = this.#blocks.get(index);
    switch (delta.type) {
      case 'text_delta':
        return typeof delta.text === 'string' ? forward(textEvents(delta.text)) : malformedDelta();
      case 'thinking_delta':
        return typeof delta.thinking === 'string'
          ? forward(delta.thinking === '' ? [] : [{ type: 'reasoning-delta', text: delta.thinking }])
          : malformedDelta();
      case 'signature_delta':
        return typeof delta.signature === 'string'
          ? forward([{ type: 'reasoning-signature', signature: delta.signature }])
          : malformedDelta();
      case 'input_json_delta':
        if (typeof delta.partial_json !== 'string') return malformedDelta();
        // Only client tool calls carry arguments the caller sees; server tools' input stays upstream.
        if (block?.kind !== 'tool' || delta.partial_json === '') return forward([]);
        return forward([{ type: 'tool-call-delta', index: block.ordinal, arguments: delta.partial_json }]);
      case 'citations_delta':
      default:
        // Citations have no canonical form; delta types added later are ignored the same way.
        return forward([]);
    }
  }

  /**
   * stop_reason -> finish; usage -> one usage event. message_delta counts are cumulative and may restate the
   * input counts; whatever it omits (or sends as null) comes from message_start, and that merge is what the
   * provider reported.
   * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming#event-types
   */
  #messageDelta(data: Record<string, unknown>): DecodedEvent {
    if (!isRecord(data.delta))
      return interrupted('The provider sent a message_delta event without its delta.');
    const { delta, usage } = data as unknown as Partial<RawMessageDeltaEvent> &
      Pick<RawMessageDeltaEvent, 'delta'>;
    const events: StreamEvent[] = [];
    if (isRecord(usage))
      events.push({ type: 'usage', usage: fromUsage(mergeUsage(this.#startUsage, usage)) });
    if (typeof delta.stop_reason === 'string') {
      const finish: StreamEvent = { type: 'finish', reason: fromStopReason(delta.stop_reason) };
      if (typeof delta.stop_sequence === 'string') finish.stopSequence = delta.stop_sequence;
      events.push(finish);
    }
    return forward(events);
  }
}

/** message_start's usage with every count message_delta states (not null) laid over it. */
function mergeUsage(start: UsageCounts | undefined, delta: Record<string, unknown>): UsageCounts {
  const merged: Record<string, unknown> = { ...start };
  for (const [field, value] of Object.entries(delta)) {
    if (value !== null && value !== undefined) merged[field] = value;
  }
  return merged as unknown as UsageCounts;
}

function textEvents(text: string): StreamEvent[] {
  return text === '' ? [] : [{ type: 'text-delta', text }];
}

function forward(events: StreamEvent[]): DecodedEvent {
  return { events, passthrough: 'forward' };
}

function malformedDelta(): DecodedEvent {
  return interrupted('The provider sent a content_block_delta event with a malformed delta.');
}

/** The stream can no longer be trusted to be complete: end it with an error rather than guess. */
function interrupted(message: string): DecodedEvent {
  return { events: [], passthrough: 'drop', error: new GatewayError('stream_interrupted', message) };
}
