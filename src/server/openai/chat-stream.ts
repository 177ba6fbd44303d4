// Encodes canonical stream events as an OpenAI chat.completion.chunk SSE stream for an OpenAI
// client. Pure text in, text out: writing to the socket is the server's job.
// @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming

import type { StreamEvent, Usage } from '../../core/index.js';
import type { GatewayError } from '../../errors.js';
import { renderStreamError } from '../error-response.js';
import { toOpenAIUsage } from './chat-response.js';
import { toOpenAIFinishReason } from './finish-reason.js';
import type { OpenAIFinishReason } from './finish-reason.js';
import type { ThinkingBlock } from './thinking-blocks.js';

export interface OpenAIStreamOptions {
  id: string;
  model: string;
  /** Unix seconds, the same on every chunk. */
  created: number;
  /** The client asked for stream_options.include_usage. */
  includeUsage: boolean;
  /** Take the upstream's id, model and created from its response-start (same dialect re-encoded). */
  upstreamIds?: boolean;
}

const done = 'data: [DONE]\n\n';

export class OpenAIStreamEncoder {
  /** Everything of a chunk before its delta, serialized once: chunks differ only after it. */
  private head: string;
  private readonly tail: string;
  private roleSent = false;
  private finishSent = false;
  private closed = false;
  private usage: Usage | undefined;
  /** Completed signed and redacted thinking blocks, and the text of the one still streaming. */
  private readonly thinkingBlocks: ThinkingBlock[] = [];
  private thinking = '';
  /** Tool calls started whose arguments have had no text yet. */
  private readonly withoutArguments = new Set<number>();

  constructor(private options: OpenAIStreamOptions) {
    this.head = chunkHead(options);
    this.tail = options.includeUsage ? ',"usage":null}\n\n' : '}\n\n';
  }

  /** Zero or more complete SSE frames for one canonical event. */
  encode(event: StreamEvent): string {
    if (this.closed) return '';
    switch (event.type) {
      case 'text-delta':
        return event.text === '' ? '' : this.chunk({ content: event.text });
      case 'reasoning-delta':
        // The field OpenAI-compatible servers use for reasoning; OpenAI's own SDK ignores it.
        this.thinking += event.text;
        return event.text === '' ? '' : this.chunk({ reasoning_content: event.text });
      case 'reasoning-signature':
        return this.thinkingBlock({ type: 'thinking', thinking: this.thinking, signature: event.signature });
      case 'redacted-reasoning':
        return this.thinkingBlock({ type: 'redacted_thinking', data: event.data });
      case 'refusal-delta':
        return this.chunk({ refusal: event.text });
      case 'tool-call-start':
        this.withoutArguments.add(event.index);
        return this.chunk({
          tool_calls: [
            {
              index: event.index,
              id: event.id,
              type: 'function',
              function: { name: event.name, arguments: '' },
            },
          ],
        });
      case 'tool-call-delta':
        if (event.arguments === '') return '';
        this.withoutArguments.delete(event.index);
        return this.chunk({ tool_calls: [{ index: event.index, function: { arguments: event.arguments } }] });
      case 'usage':
        this.usage = event.usage;
        return '';
      case 'finish':
        return this.finishChunk(toOpenAIFinishReason(event.reason));
      case 'response-start':
        // Ids come from the options, or from the upstream when it speaks the client's dialect.
        if (this.options.upstreamIds === true && !this.roleSent) {
          this.options = {
            ...this.options,
            id: event.id || this.options.id,
            model: event.model || this.options.model,
            created: event.created || this.options.created,
          };
          this.head = chunkHead(this.options);
        }
        return '';
    }
  }

  /**
   * The end of a clean stream: a finish chunk if the upstream gave no reason (a stream must not end
   * without one), the usage chunk when asked for and known, then [DONE].
   */
  finish(): string {
    if (this.closed) return '';
    let text = this.finishSent ? '' : this.finishChunk('stop');
    if (this.options.includeUsage && this.usage !== undefined) {
      const { id, model, created } = this.options;
      const chunk = {
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        choices: [],
        usage: toOpenAIUsage(this.usage),
      };
      text += `data: ${JSON.stringify(chunk)}\n\n`;
    }
    this.closed = true;
    return text + done;
  }

  /** The final event of a failed stream; [DONE] never follows it, so the SDK throws. */
  error(error: GatewayError): string {
    if (this.closed) return '';
    this.closed = true;
    return renderStreamError(error, 'openai');
  }

  /**
   * Each completed block sends every block so far: the openai SDK's stream helper keeps an unknown
   * delta field by assignment (the last value wins), so a cumulative list is what survives in its
   * final message, ready to be sent back as `thinking_blocks`.
   */
  private thinkingBlock(block: ThinkingBlock): string {
    this.thinkingBlocks.push(block);
    this.thinking = '';
    return this.chunk({ thinking_blocks: this.thinkingBlocks });
  }

  private finishChunk(reason: OpenAIFinishReason): string {
    if (this.finishSent) return '';
    this.finishSent = true;
    // A call streamed with no argument text (Anthropic's tool with an empty input) gets "{}", as
    // the whole answer has it: the SDK's helpers parse the arguments as JSON.
    let text = '';
    for (const index of this.withoutArguments) {
      text += this.chunk({ tool_calls: [{ index, function: { arguments: '{}' } }] });
    }
    this.withoutArguments.clear();
    return text + this.chunk({}, reason);
  }

  private chunk(delta: Record<string, unknown>, finishReason: OpenAIFinishReason | null = null): string {
    if (!this.roleSent) {
      this.roleSent = true;
      delta = { role: 'assistant', ...delta };
    }
    const reason = finishReason === null ? 'null' : `"${finishReason}"`;
    return `${this.head}${JSON.stringify(delta)},"logprobs":null,"finish_reason":${reason}}]${this.tail}`;
  }
}

/** Everything of a chunk before its delta, serialized once: chunks differ only after it. */
function chunkHead(options: OpenAIStreamOptions): string {
  const { id, model, created } = options;
  const prefix = JSON.stringify({ id, object: 'chat.completion.chunk', created, model }).slice(0, -1);
  return `data: ${prefix},"choices":[{"index":0,"delta":`;
}
