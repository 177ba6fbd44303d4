// Across dialects: an OpenAI client on an Anthropic model and an Anthropic client on an OpenAI
// model. Tool calls, finish reasons, max_tokens and — above all — cached-token usage must hold.

import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import * as anthropicWire from './fixtures/anthropic-wire.js';
import { completion, interleavedToolCalls } from './fixtures/openai-wire.js';
import { mockGatewaySuite } from './support/mock-gateway-suite.js';
import { mockProvidersYaml, startTestGateway } from './support/test-gateway.js';
import { anthropicClient, openaiClient } from './support/sdk-clients.js';

let openai: OpenAI;
let anthropic: Anthropic;

const suite = mockGatewaySuite();

beforeAll(() => {
  openai = openaiClient(suite.gateway);
  anthropic = anthropicClient(suite.gateway);
});

describe('OpenAI client, Anthropic model', () => {
  it('translates the request, tool call and cached usage', async () => {
    suite.anthropic.reply({
      kind: 'json',
      body: anthropicWire.message({
        content: [
          { type: 'text', text: 'Let me check.', citations: null },
          {
            type: 'tool_use',
            id: 'toolu_1',
            name: 'weather',
            input: { city: 'Oslo' },
            caller: { type: 'direct' },
          },
        ],
        stop_reason: 'tool_use',
      }),
    });
    const result = await openai.chat.completions.create({
      model: 'claude-haiku',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Oslo?' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
          },
        },
      ],
    });
    const sent = suite.anthropic.last.body;
    expect(sent.model).toBe('claude-3-5-haiku-20241022');
    expect(sent.max_tokens).toBe(4096);
    expect(sent.system).toEqual([expect.objectContaining({ type: 'text', text: 'Be brief.' })]);
    expect(sent.tools[0]).toEqual(
      expect.objectContaining({ name: 'weather', input_schema: expect.any(Object) }),
    );
    const choice = result.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBe('Let me check.');
    const call = choice.message.tool_calls?.[0];
    expect(call?.id).toBe('toolu_1');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Oslo' });
    // Anthropic: input 100 outside the cache, 1000 read, 50 written → OpenAI counts all 1150 as prompt.
    expect(result.usage?.prompt_tokens).toBe(1150);
    expect(result.usage?.prompt_tokens_details?.cached_tokens).toBe(1000);
    expect(result.usage?.completion_tokens).toBe(7);
    expect(result.model).toBe('claude-haiku');
  });

  it('streams text and a tool call as OpenAI chunks, usage when asked', async () => {
    suite.anthropic.reply({
      kind: 'sse',
      events: [
        anthropicWire.messageStart(),
        anthropicWire.ping,
        ...anthropicWire.textBlock(0, ['On ', 'it.']),
        ...anthropicWire.toolBlock(1, 'toolu_9', 'weather', ['{"city"', ': "Oslo"}']),
        ...anthropicWire.messageEnd('tool_use', 12),
      ],
    });
    const stream = openai.chat.completions.stream({
      model: 'claude-haiku',
      messages: [{ role: 'user', content: 'Weather?' }],
      stream_options: { include_usage: true },
    });
    const final = await stream.finalChatCompletion();
    expect(suite.anthropic.last.body.stream).toBe(true);
    const choice = final.choices[0]!;
    expect(choice.message.content).toBe('On it.');
    expect(choice.message.tool_calls?.[0]).toEqual(
      expect.objectContaining({
        id: 'toolu_9',
        function: expect.objectContaining({ name: 'weather', arguments: '{"city": "Oslo"}' }),
      }),
    );
    expect(choice.finish_reason).toBe('tool_calls');
    expect(final.usage?.prompt_tokens).toBe(1150);
    expect(final.usage?.completion_tokens).toBe(12);
  });
});

describe('Anthropic client, OpenAI model', () => {
  it('translates the answer and moves cached tokens out of input_tokens', async () => {
    suite.openai.reply({ kind: 'json', body: completion() });
    const result = await anthropic.messages.create({
      model: 'gpt-4o-mini',
      max_tokens: 100,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'hi' }],
    });
    const sent = suite.openai.last.body;
    expect(sent.model).toBe('gpt-4o-mini-2024-07-18');
    expect(sent.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
    expect(sent.max_tokens ?? sent.max_completion_tokens).toBe(100);
    expect(result.content).toEqual([expect.objectContaining({ type: 'text', text: 'Hello there.' })]);
    expect(result.stop_reason).toBe('end_turn');
    // OpenAI: 1200 prompt tokens of which 1000 cached → Anthropic: 200 + 1000 read.
    expect(result.usage.input_tokens).toBe(200);
    expect(result.usage.cache_read_input_tokens).toBe(1000);
    expect(result.usage.output_tokens).toBe(7);
  });

  it('turns interleaved parallel tool call deltas into well-formed sequential blocks', async () => {
    suite.openai.reply({
      kind: 'sse',
      events: interleavedToolCalls(40, 9, 0),
    });
    const final = await anthropic.messages
      .stream({
        model: 'gpt-4o-mini',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'weather and time' }],
        tools: [
          { name: 'weather', input_schema: { type: 'object' } },
          { name: 'time', input_schema: { type: 'object' } },
        ],
      })
      .finalMessage();
    expect(final.content).toEqual([
      expect.objectContaining({ type: 'tool_use', id: 'call_a', name: 'weather', input: { city: 'Oslo' } }),
      expect.objectContaining({ type: 'tool_use', id: 'call_b', name: 'time', input: { zone: 'UTC' } }),
    ]);
    expect(final.stop_reason).toBe('tool_use');
    expect(final.usage.input_tokens).toBe(40);
    expect(final.usage.output_tokens).toBe(9);
  });

  it('carries a tool result turn to OpenAI as a tool message', async () => {
    suite.openai.reply({ kind: 'json', body: completion() });
    await anthropic.messages.create({
      model: 'gpt-4o-mini',
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'weather?' },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Oslo' } }],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'Sunny' }] },
      ],
    });
    const sent = suite.openai.last.body.messages;
    expect(sent[1].tool_calls[0]).toEqual(
      expect.objectContaining({ id: 'toolu_1', function: { name: 'weather', arguments: '{"city":"Oslo"}' } }),
    );
    expect(sent[2]).toEqual(expect.objectContaining({ role: 'tool', tool_call_id: 'toolu_1' }));
  });
});

describe('defaults.maxTokens', () => {
  it('is the max_tokens an Anthropic model gets when an OpenAI client sends none', async () => {
    const yaml = mockProvidersYaml(suite.openai.url, suite.anthropic.url).replace(
      'defaults:\n',
      'defaults:\n  maxTokens: 1234\n',
    );
    const configured = await startTestGateway(yaml);
    try {
      suite.anthropic.reply({ kind: 'json', body: anthropicWire.message({}) });
      const client = openaiClient(configured);
      await client.chat.completions.create({
        model: 'claude-haiku',
        messages: [{ role: 'user', content: 'Hi' }],
      });
      expect(suite.anthropic.last.body.max_tokens).toBe(1234);
      suite.anthropic.reply({ kind: 'json', body: anthropicWire.message({}) });
      await client.chat.completions.create({
        model: 'claude-haiku',
        max_tokens: 77,
        messages: [{ role: 'user', content: 'Hi' }],
      });
      expect(suite.anthropic.last.body.max_tokens).toBe(77);
    } finally {
      await configured.close();
    }
  });
});
