// A mock Anthropic Messages API on 127.0.0.1 that enforces what the real one does for extended
// thinking with tools: a tool turn must be replayed starting with its thinking blocks, unmodified
// and signed as issued; tool ids must match ^[a-zA-Z0-9_-]+$ and every tool_result must answer a
// tool_use; budget_tokens must stay below max_tokens. Written from the public docs, for tests only.
// @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#preserving-thinking-blocks

import type { IncomingMessage, ServerResponse } from 'node:http';
import { LocalServer } from './local-server.js';
import type {
  ContentBlock,
  ContentBlockParam,
  Message,
  MessageCreateParamsBase,
  MessageParam,
  RawMessageStreamEvent,
} from '@anthropic-ai/sdk/resources/messages';

export interface ReceivedMessagesRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: MessageCreateParamsBase;
}

/** What one turn answers: the content blocks, or a cut stream after the first blocks. */
export interface ScriptedTurn {
  content: ContentBlock[];
  stopReason: Message['stop_reason'];
  /** Streaming only: close the connection after this many content blocks. */
  cutAfterBlocks?: number;
}

const toolIdPattern = /^[a-zA-Z0-9_-]+$/;

export class ThinkingAnthropicUpstream extends LocalServer {
  readonly requests: ReceivedMessagesRequest[] = [];
  /** Signature -> the thinking text it signs, for every thinking block this mock has issued. */
  private readonly issued = new Map<string, string>();
  private readonly redacted = new Set<string>();
  private readonly turns: ScriptedTurn[] = [];

  /** Between tests: forget the requests seen and any turn still scripted (see MockUpstream.forget). */
  forget(): this {
    this.requests.length = 0;
    this.turns.length = 0;
    return this;
  }

  script(...turns: ScriptedTurn[]): this {
    this.turns.push(...turns);
    for (const turn of turns) {
      for (const block of turn.content) {
        if (block.type === 'thinking') this.issued.set(block.signature, block.thinking);
        if (block.type === 'redacted_thinking') this.redacted.add(block.data);
      }
    }
    return this;
  }

  protected handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as MessageCreateParamsBase;
      this.requests.push({ path: request.url ?? '', headers: request.headers, body });
      const problem = this.check(body);
      if (problem !== undefined) {
        response.writeHead(400, { 'content-type': 'application/json', 'request-id': 'req_mock' }).end(
          JSON.stringify({
            type: 'error',
            error: { type: 'invalid_request_error', message: problem },
            request_id: 'req_mock',
          }),
        );
        return;
      }
      const turn = this.turns.shift();
      if (turn === undefined) {
        response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"no turn scripted"}');
        return;
      }
      if (body.stream === true) this.stream(turn, body, response);
      else
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(this.message(turn, body)));
    });
  }

  get last(): ReceivedMessagesRequest {
    const last = this.requests.at(-1);
    if (last === undefined) throw new Error('the mock received no request');
    return last;
  }

  /** The API's validation of a request, as far as these tests need it; undefined when valid. */
  private check(body: MessageCreateParamsBase): string | undefined {
    const thinking = body.thinking;
    if (thinking?.type === 'enabled' && thinking.budget_tokens >= body.max_tokens) {
      return 'max_tokens must be greater than thinking.budget_tokens';
    }
    const declared = new Set<string>();
    for (const [index, message] of body.messages.entries()) {
      for (const block of blocksOf(message)) {
        if (block.type === 'tool_use') {
          if (!toolIdPattern.test(block.id))
            return `messages.${index}: tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'`;
          declared.add(block.id);
        }
        if (block.type === 'tool_result' && !declared.has(block.tool_use_id)) {
          return `messages.${index}: unexpected tool_use_id found in tool_result blocks: ${block.tool_use_id}`;
        }
        if (block.type === 'thinking' && this.issued.get(block.signature) !== block.thinking) {
          return `messages.${index}: Invalid signature in thinking block`;
        }
        if (block.type === 'redacted_thinking' && !this.redacted.has(block.data)) {
          return `messages.${index}: Invalid redacted_thinking block`;
        }
      }
    }
    if (thinking?.type === 'enabled') {
      const lastAssistant = body.messages.findLastIndex((message) => message.role === 'assistant');
      const turn = lastAssistant === -1 ? undefined : body.messages[lastAssistant];
      const blocks = turn === undefined ? [] : blocksOf(turn);
      const first = blocks[0];
      if (
        blocks.some((block) => block.type === 'tool_use') &&
        first?.type !== 'thinking' &&
        first?.type !== 'redacted_thinking'
      ) {
        return (
          `messages.${lastAssistant}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found ` +
          `\`${first?.type ?? 'nothing'}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block.`
        );
      }
    }
    return undefined;
  }

  private message(turn: ScriptedTurn, body: MessageCreateParamsBase): Message {
    return {
      id: `msg_mock_${this.requests.length}`,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: turn.content,
      stop_reason: turn.stopReason,
      stop_sequence: null,
      container: null,
      usage: {
        input_tokens: 40,
        output_tokens: 25,
        cache_read_input_tokens: 0,
        cache_creation_input_tokens: 0,
        cache_creation: null,
        server_tool_use: null,
        service_tier: 'standard',
        output_tokens_details: null,
      },
    } as Message;
  }

  /** The same message as SSE, one content block after another, as the API streams it. */
  private stream(turn: ScriptedTurn, body: MessageCreateParamsBase, response: ServerResponse): void {
    const message = this.message(turn, body);
    const events: RawMessageStreamEvent[] = [
      {
        type: 'message_start',
        message: {
          ...message,
          content: [],
          stop_reason: null,
          usage: { ...message.usage, output_tokens: 1 },
        },
      },
    ];
    turn.content.forEach((block, index) => {
      if (turn.cutAfterBlocks !== undefined && index >= turn.cutAfterBlocks) return;
      events.push(...blockEvents(block, index));
    });
    if (turn.cutAfterBlocks === undefined) {
      events.push(
        {
          type: 'message_delta',
          delta: { stop_reason: turn.stopReason, stop_sequence: null, container: null },
          usage: {
            output_tokens: 25,
            input_tokens: null,
            cache_creation_input_tokens: null,
            cache_read_input_tokens: null,
            server_tool_use: null,
          },
        } as RawMessageStreamEvent,
        { type: 'message_stop' },
      );
    }
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const event of events) response.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    if (turn.cutAfterBlocks === undefined) response.end();
    else setTimeout(() => response.socket?.destroy(), 30);
  }
}

function blocksOf(message: MessageParam): ContentBlockParam[] {
  return typeof message.content === 'string' ? [] : message.content;
}

/** @see https://docs.anthropic.com/en/docs/build-with-claude/streaming#event-types */
function blockEvents(block: ContentBlock, index: number): RawMessageStreamEvent[] {
  const stop: RawMessageStreamEvent = { type: 'content_block_stop', index };
  switch (block.type) {
    case 'thinking':
      return [
        {
          type: 'content_block_start',
          index,
          content_block: { type: 'thinking', thinking: '', signature: '' },
        },
        { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: block.thinking } },
        {
          type: 'content_block_delta',
          index,
          delta: { type: 'signature_delta', signature: block.signature },
        },
        stop,
      ];
    case 'text':
      return [
        { type: 'content_block_start', index, content_block: { type: 'text', text: '', citations: null } },
        { type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text } },
        stop,
      ];
    case 'tool_use':
      return [
        { type: 'content_block_start', index, content_block: { ...block, input: {} } },
        {
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
        },
        stop,
      ];
    case 'redacted_thinking':
    case 'server_tool_use':
    case 'web_search_tool_result':
    case 'web_fetch_tool_result':
    case 'code_execution_tool_result':
    case 'bash_code_execution_tool_result':
    case 'text_editor_code_execution_tool_result':
    case 'tool_search_tool_result':
    case 'container_upload':
      // Whole blocks: nothing of them streams as deltas.
      return [{ type: 'content_block_start', index, content_block: block }, stop];
  }
}
