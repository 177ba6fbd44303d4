// Decodes an OpenAI Chat Completions SSE stream, one event at a time, into canonical stream
// events. One decoder per response (it remembers tool-call indexes). Pure: it never sees the
// socket, and its hooks let openai-compatible add server quirks without copying it.

import type { FinishReason, StreamEvent, Usage } from '../../core/index.js';
import { GatewayError } from '../../errors.js';
import type { DecodedEvent, SseEvent, StreamDecoder } from '../provider.js';
import type { ChatCompletionChunk } from './api.js';
import { fromStreamError } from './error.js';
import { fromFinishReason, fromUsage, readCount, readString } from './response.js';
import { isRecord } from '../../core/is-record.js';
import { synthesizeToolCallId } from '../tool-call-id.js';
import { appendAll } from '../../core/append-all.js';

/** Extension points for servers that speak OpenAI's stream with extra fields. */
export interface StreamHooks {
  /** Events for non-OpenAI fields of a delta (reasoning text), emitted before its content. */
  deltaExtras?(delta: Record<string, unknown>): StreamEvent[];
  /** The usage a chunk reports, replacing the reading of OpenAI's `usage` field. */
  usage?(chunk: Record<string, unknown>): Usage | undefined;
  /** An error payload in a non-OpenAI shape, checked before OpenAI's `{"error": ...}`. */
  error?(chunk: Record<string, unknown>): GatewayError | undefined;
  /** The canonical reason for a server's own finish_reason values (Mistral's model_length). */
  finishReason?(reason: string): FinishReason;
}

interface DecoderState {
  started: boolean;
  /** OpenAI's `tool_calls[].index` -> the canonical ordinal and id of the call it names now. */
  toolCalls: Map<number, { ordinal: number; id: string }>;
  /** Calls started so far: the next call's ordinal. */
  toolCallCount: number;
}

type ChunkDelta = ChatCompletionChunk.Choice.Delta;
type ChunkToolCall = ChatCompletionChunk.Choice.Delta.ToolCall;

/**
 * A fresh decoder for one streamed response.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */
export function createStreamDecoder(hooks: StreamHooks = {}): StreamDecoder {
  const state: DecoderState = { started: false, toolCalls: new Map(), toolCallCount: 0 };
  return { decode: (event) => decodeEvent(event, state, hooks) };
}

function decodeEvent(event: SseEvent, state: DecoderState, hooks: StreamHooks): DecodedEvent {
  const data = event.data.trim();
  // The terminal event: only after it has the stream ended cleanly.
  if (data === '[DONE]') return { events: [], passthrough: 'forward', done: true };
  if (data === '') return { events: [], passthrough: 'drop' };
  const chunk = parseChunk(data);
  if (chunk === undefined) return { events: [], passthrough: 'drop', error: unreadableEvent() };
  const error = hooks.error?.(chunk) ?? fromStreamError(chunk.error);
  if (error !== undefined) return { events: [], passthrough: 'drop', error };

  const events: StreamEvent[] = [];
  if (!state.started) {
    state.started = true;
    events.push({
      type: 'response-start',
      id: readString(chunk.id),
      model: readString(chunk.model),
      created: readCount(chunk.created),
    });
  }
  const choices = Array.isArray(chunk.choices) ? (chunk.choices as unknown[]) : [];
  // Only choice 0 is canonical; with n > 1 a chunk may carry another choice alone.
  const choice = choices.find((entry) => isRecord(entry) && (entry.index === 0 || entry.index === undefined));
  if (isRecord(choice)) events.push(...choiceEvents(choice, state, hooks));
  // Usage may ride on its own chunk (choices: []) or, on some servers, beside finish_reason.
  const usage = hooks.usage ? hooks.usage(chunk) : isRecord(chunk.usage) ? fromUsage(chunk.usage) : undefined;
  if (usage !== undefined) events.push({ type: 'usage', usage });
  // The usage-only chunk exists because the gateway asked for it: clients who did not ask must not see it.
  const usageOnly = choices.length === 0 && (usage !== undefined || isRecord(chunk.usage));
  return { events, passthrough: usageOnly ? 'usage-only' : 'forward' };
}

/** Reasoning extras, refusal, text, tool calls, then finish: the order they appear in a delta. */
function choiceEvents(
  choice: Record<string, unknown>,
  state: DecoderState,
  hooks: StreamHooks,
): StreamEvent[] {
  const events: StreamEvent[] = [];
  if (isRecord(choice.delta)) {
    const delta = choice.delta as Partial<Record<keyof ChunkDelta, unknown>>;
    if (hooks.deltaExtras) events.push(...hooks.deltaExtras(choice.delta));
    if (typeof delta.refusal === 'string' && delta.refusal !== '')
      events.push({ type: 'refusal-delta', text: delta.refusal });
    if (typeof delta.content === 'string' && delta.content !== '')
      events.push({ type: 'text-delta', text: delta.content });
    // A loop, not push(...): an upstream's delta may carry any number of tool calls.
    if (Array.isArray(delta.tool_calls))
      appendAll(events, toolCallEvents(delta.tool_calls as unknown[], state));
  }
  if (typeof choice.finish_reason === 'string') {
    const reason = hooks.finishReason
      ? hooks.finishReason(choice.finish_reason)
      : fromFinishReason(choice.finish_reason);
    events.push({ type: 'finish', reason });
  }
  return events;
}

/**
 * `index` identifies a call across chunks, so interleaved fragments of parallel calls each reach
 * their own call. First sight of an index starts the call; argument text follows as deltas. A new
 * id under a known index is a new call (some compatible servers reuse index 0 for every call).
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming#chat-create-messages
 */
function toolCallEvents(calls: unknown[], state: DecoderState): StreamEvent[] {
  const events: StreamEvent[] = [];
  calls.forEach((value, position) => {
    if (!isRecord(value)) return;
    const call = value as Partial<Record<keyof ChunkToolCall, unknown>>;
    const upstreamIndex = typeof call.index === 'number' ? call.index : position;
    const fields = isRecord(call.function) ? call.function : {};
    const id = readString(call.id);
    let known = state.toolCalls.get(upstreamIndex);
    if (known === undefined || (id !== '' && id !== known.id)) {
      known = { ordinal: state.toolCallCount++, id };
      state.toolCalls.set(upstreamIndex, known);
      // A call without an id (some compatible servers) gets one: the client's tool result must name it.
      const callId = id || synthesizeToolCallId();
      events.push({
        type: 'tool-call-start',
        index: known.ordinal,
        id: callId,
        name: readString(fields.name),
      });
    }
    const fragment = fields.arguments;
    if (typeof fragment === 'string' && fragment !== '')
      events.push({ type: 'tool-call-delta', index: known.ordinal, arguments: fragment });
  });
  return events;
}

function parseChunk(data: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(data);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function unreadableEvent(): GatewayError {
  return new GatewayError(
    'stream_interrupted',
    'The provider sent a stream event the gateway could not read.',
  );
}
