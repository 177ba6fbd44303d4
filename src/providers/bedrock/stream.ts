// Decodes one ConverseStream answer, event by event (as the event-stream reader hands them over), into
// canonical stream events. One decoder per response; no I/O.

import type { StreamEvent } from '../../core/index.js';
import { GatewayError } from '../../errors.js';
import type { DecodedEvent, SseEvent, StreamDecoder } from '../provider.js';
import type { BlockDeltaEvent, BlockStartEvent, MetadataEvent, StopEvent } from './api.js';
import { fromBedrockStreamException, isStreamException } from './error.js';
import { fromConverseUsage, fromStopReason, responseId, stopSequenceOf } from './response.js';

/**
 * ConverseStream decoder. The stream is complete only after `metadata` (usage), which follows
 * `messageStop`: a body that ends between the two has lost its usage and is reported as cut, since
 * the gateway could neither account for it nor tell the client how much it used.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html#API_runtime_ConverseStream_ResponseSyntax
 */
export class ConverseStreamDecoder implements StreamDecoder {
  /** contentBlockIndex -> ordinal among tool calls (text blocks share the index space). */
  readonly #toolCalls = new Map<number, number>();

  decode(event: SseEvent): DecodedEvent {
    const name = event.event;
    if (name !== undefined && isStreamException(name)) {
      return { events: [], passthrough: 'drop', error: fromBedrockStreamException(name, event.data) };
    }
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      return interrupted('The provider sent a stream event that is not valid JSON.');
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      return interrupted('The provider sent a stream event that is not a JSON object.');
    }
    switch (name) {
      case 'messageStart':
        return forward([
          { type: 'response-start', id: responseId(), model: '', created: Math.floor(Date.now() / 1000) },
        ]);
      case 'contentBlockStart':
        return this.#blockStart(data as BlockStartEvent);
      case 'contentBlockDelta':
        return this.#blockDelta(data as BlockDeltaEvent);
      case 'messageStop':
        return messageStop(data as StopEvent);
      case 'metadata': {
        const usage = (data as MetadataEvent).usage;
        return {
          ...forward(usage === undefined ? [] : [{ type: 'usage', usage: fromConverseUsage(usage) }]),
          done: true,
        };
      }
      case 'contentBlockStop':
      case undefined:
      default:
        // contentBlockStop, and event types added after this was written, carry nothing canonical.
        return forward([]);
    }
  }

  /** @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ContentBlockStartEvent.html */
  #blockStart(data: BlockStartEvent): DecodedEvent {
    const toolUse = data.start?.toolUse;
    if (toolUse === undefined) return forward([]);
    if (
      typeof data.contentBlockIndex !== 'number' ||
      typeof toolUse.toolUseId !== 'string' ||
      typeof toolUse.name !== 'string'
    ) {
      return interrupted('The provider sent a tool use start without its index, id or name.');
    }
    const ordinal = this.#toolCalls.size;
    this.#toolCalls.set(data.contentBlockIndex, ordinal);
    return forward([{ type: 'tool-call-start', index: ordinal, id: toolUse.toolUseId, name: toolUse.name }]);
  }

  /** @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ContentBlockDelta.html */
  #blockDelta(data: BlockDeltaEvent): DecodedEvent {
    const delta = data.delta;
    if (typeof delta !== 'object' || delta === null) {
      return interrupted('The provider sent a content block delta without its delta.');
    }
    if (typeof delta.text === 'string')
      return forward(delta.text === '' ? [] : [{ type: 'text-delta', text: delta.text }]);
    if (delta.toolUse !== undefined) {
      const ordinal = this.#toolCalls.get(data.contentBlockIndex ?? -1);
      if (ordinal === undefined || typeof delta.toolUse.input !== 'string') {
        return interrupted('The provider sent tool input for a tool call it never started.');
      }
      return forward(
        delta.toolUse.input === ''
          ? []
          : [{ type: 'tool-call-delta', index: ordinal, arguments: delta.toolUse.input }],
      );
    }
    const reasoning = delta.reasoningContent;
    if (reasoning !== undefined) {
      if (typeof reasoning.text === 'string') {
        return forward(reasoning.text === '' ? [] : [{ type: 'reasoning-delta', text: reasoning.text }]);
      }
      if (typeof reasoning.signature === 'string')
        return forward([{ type: 'reasoning-signature', signature: reasoning.signature }]);
      if (typeof reasoning.redactedContent === 'string') {
        return forward([{ type: 'redacted-reasoning', data: reasoning.redactedContent }]);
      }
    }
    // Citations, images and tool-result deltas have no canonical form yet.
    return forward([]);
  }
}

/** @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_MessageStopEvent.html */
function messageStop(data: StopEvent): DecodedEvent {
  if (typeof data.stopReason !== 'string')
    return interrupted('The provider sent a message stop without its reason.');
  const finish: StreamEvent = { type: 'finish', reason: fromStopReason(data.stopReason) };
  const stopSequence = stopSequenceOf(data.additionalModelResponseFields);
  if (stopSequence !== undefined) finish.stopSequence = stopSequence;
  return forward([finish]);
}

function forward(events: StreamEvent[]): DecodedEvent {
  return { events, passthrough: 'forward' };
}

/** The stream can no longer be trusted to be complete: end it with an error rather than guess. */
function interrupted(message: string): DecodedEvent {
  return { events: [], passthrough: 'drop', error: new GatewayError('stream_interrupted', message) };
}
