import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatResponse, StreamEvent } from '../../core/index.js';
import { startReplayServer, type ReplayServer } from '../../../test/support/replay-server.js';
import { parseChatBody, toCanonicalRequest } from './chat-request.js';
import { toOpenAIResponse } from './chat-response.js';
import { OpenAIStreamEncoder } from './chat-stream.js';
import { fromThinkingBlocks, toThinkingBlocks } from './thinking-blocks.js';

const signed = {
  type: 'thinking' as const,
  thinking: 'Need the weather tool.',
  signature: 'EqQBCgIYAhIM1gbcDa9GJwZA',
};
const redacted = { type: 'redacted_thinking' as const, data: 'EmwKAhgBEgy3va3pzix/LafPsn4a' };

const tools = [{ type: 'function', function: { name: 'weather', parameters: { type: 'object' } } }];

function toolTurn(assistant: Record<string, unknown>): unknown {
  return {
    model: 'claude',
    tools,
    messages: [
      { role: 'user', content: 'Weather in Oslo?' },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          { id: 'toolu_01', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
        ],
        ...assistant,
      },
      { role: 'tool', tool_call_id: 'toolu_01', content: '12°C' },
    ],
  };
}

describe('thinking_blocks on requests', () => {
  it('become reasoning parts ahead of the text and tool calls of their turn', () => {
    const request = toCanonicalRequest(
      parseChatBody(
        toolTurn({ reasoning_content: 'Need the weather tool.', thinking_blocks: [signed, redacted] }),
      ),
    );
    expect(request.messages[1]?.content.map((part) => part.type)).toEqual([
      'reasoning',
      'redacted-reasoning',
      'text',
      'tool-call',
    ]);
    expect(request.messages[1]?.content[0]).toEqual({
      type: 'reasoning',
      text: signed.thinking,
      signature: signed.signature,
    });
    expect(request.messages[1]?.content[1]).toEqual({ type: 'redacted-reasoning', data: redacted.data });
  });

  it('are optional, and an unsigned block is accepted without a signature', () => {
    expect(toCanonicalRequest(parseChatBody(toolTurn({}))).messages[1]?.content[0]?.type).toBe('text');
    const unsigned = toCanonicalRequest(
      parseChatBody(toolTurn({ thinking_blocks: [{ type: 'thinking', thinking: 'x' }] })),
    );
    expect(unsigned.messages[1]?.content[0]).toEqual({ type: 'reasoning', text: 'x' });
  });

  it('are validated, naming the faulty field', () => {
    expect(() =>
      parseChatBody(toolTurn({ thinking_blocks: [{ type: 'thinking', signature: 's' }] })),
    ).toThrow(/messages\[1\]\.thinking_blocks\[0\]\.thinking/);
    expect(() => parseChatBody(toolTurn({ thinking_blocks: [{ type: 'secret_thoughts' }] }))).toThrow(
      /messages\[1\]\.thinking_blocks\[0\]\.type/,
    );
    expect(() => parseChatBody(toolTurn({ thinking_blocks: 'not a list' }))).toThrow(/thinking_blocks/);
  });
});

const response: ChatResponse = {
  id: 'msg_1',
  model: 'claude-sonnet-4-5',
  created: 1_700_000_000,
  content: [
    { type: 'reasoning', text: signed.thinking, signature: signed.signature },
    { type: 'redacted-reasoning', data: redacted.data },
    { type: 'text', text: 'Checking.' },
    { type: 'tool-call', id: 'toolu_01', name: 'weather', arguments: '{"city":"Oslo"}' },
  ],
  finishReason: 'tool-calls',
  usage: { inputTokens: 10, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0 },
};

describe('thinking_blocks on responses', () => {
  it('carry signed and redacted thinking beside reasoning_content', () => {
    const body = toOpenAIResponse(response, 'claude') as {
      choices: Array<{ message: Record<string, unknown> }>;
    };
    expect(body.choices[0]?.message).toMatchObject({
      reasoning_content: signed.thinking,
      thinking_blocks: [signed, redacted],
      content: 'Checking.',
    });
  });

  it('are absent when nothing can be replayed (unsigned reasoning only)', () => {
    const unsigned: ChatResponse = {
      ...response,
      content: [
        { type: 'reasoning', text: 'hmm' },
        { type: 'text', text: 'ok' },
      ],
    };
    const body = toOpenAIResponse(unsigned, 'm') as { choices: Array<{ message: Record<string, unknown> }> };
    expect(body.choices[0]?.message.reasoning_content).toBe('hmm');
    expect(body.choices[0]?.message).not.toHaveProperty('thinking_blocks');
    expect(toThinkingBlocks(unsigned.content)).toEqual([]);
  });

  it('round-trip through the request schema unchanged', () => {
    expect(toThinkingBlocks(fromThinkingBlocks([signed, redacted]))).toEqual([signed, redacted]);
  });
});

describe('thinking_blocks in streams', () => {
  let replay: ReplayServer | undefined;
  afterEach(async () => {
    await replay?.close();
    replay = undefined;
  });

  const events: StreamEvent[] = [
    { type: 'response-start', id: 'msg_1', model: 'claude', created: 1 },
    { type: 'reasoning-delta', text: 'Need the ' },
    { type: 'reasoning-delta', text: 'weather tool.' },
    { type: 'reasoning-signature', signature: signed.signature },
    { type: 'redacted-reasoning', data: redacted.data },
    { type: 'text-delta', text: 'Checking.' },
    { type: 'tool-call-start', index: 0, id: 'toolu_01', name: 'weather' },
    { type: 'tool-call-delta', index: 0, arguments: '{"city":"Oslo"}' },
    { type: 'finish', reason: 'tool-calls' },
  ];

  function encode(): string[] {
    const encoder = new OpenAIStreamEncoder({
      id: 'chatcmpl-1',
      model: 'claude',
      created: 1,
      includeUsage: false,
    });
    return [...events.map((event) => encoder.encode(event)), encoder.finish()].filter((text) => text !== '');
  }

  it('send every completed block so far on each block end', () => {
    const deltas = encode()
      .flatMap((text) => text.split('\n\n'))
      .filter((frame) => frame.startsWith('data: {'))
      .map(
        (frame) =>
          (JSON.parse(frame.slice(6)) as { choices: Array<{ delta: Record<string, unknown> }> }).choices[0]
            ?.delta,
      )
      .filter((delta) => delta !== undefined && 'thinking_blocks' in delta);
    expect(deltas.map((delta) => delta?.thinking_blocks)).toEqual([[signed], [signed, redacted]]);
  });

  it("survive in the openai SDK's accumulated final message, ready to send back", async () => {
    replay = await startReplayServer(() => ({
      headers: { 'content-type': 'text/event-stream' },
      body: encode(),
    }));
    const client = new OpenAI({ baseURL: replay.baseURL, apiKey: 'k', maxRetries: 0 });
    const stream = client.chat.completions.stream({
      model: 'claude',
      messages: [{ role: 'user', content: 'hi' }],
    });
    const final = await stream.finalChatCompletion();
    const message = final.choices[0]?.message as unknown as Record<string, unknown>;
    expect(message.thinking_blocks).toEqual([signed, redacted]);
    expect(message.tool_calls).toEqual([
      expect.objectContaining({
        id: 'toolu_01',
        function: expect.objectContaining({ arguments: '{"city":"Oslo"}' }),
      }),
    ]);
  });
});
