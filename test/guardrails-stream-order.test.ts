// Output checks on streamed answers (docs/guardrails.md, "A route's output checks"): text written
// before a tool call reaches the client before it.
import { describe, expect, it } from 'vitest';
import { mockGatewaySuite } from './support/mock-gateway-suite.js';
import { guardrailRoutesYaml } from './support/guardrail-routes.js';
import { anthropicClient, openaiClient } from './support/sdk-clients.js';
import { chunk, sse, done, usageChunk } from './fixtures/openai-wire.js';

const suite = mockGatewaySuite(guardrailRoutesYaml('out-mask'));

const oa = () => openaiClient(suite.gateway);
const an = () => anthropicClient(suite.gateway);

describe('output checks on streams keep the answer in order', () => {
  it('ORDER: text written before a tool call stays before it (Anthropic client, output-checked route)', async () => {
    suite.openai.reply({
      kind: 'sse',
      events: [
        sse(chunk({ role: 'assistant', content: '' })),
        sse(chunk({ content: 'Let me look up ' })),
        sse(chunk({ content: 'the order for you.' })),
        sse(
          chunk({
            tool_calls: [
              { index: 0, id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '' } },
            ],
          }),
        ),
        sse(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"order":"A-17"}' } }] })),
        sse(chunk({}, 'tool_calls')),
        sse(usageChunk()),
        done,
      ],
    });
    const final = await an()
      .messages.stream({
        model: 'out-mask',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'Where is my order A-17?' }],
        tools: [
          { name: 'lookup', input_schema: { type: 'object', properties: { order: { type: 'string' } } } },
        ],
      })
      .finalMessage();
    // Same answer without guardrails would be [text, tool_use]; the check must not reorder it.
    expect(final.content.map((block) => block.type)).toEqual(['text', 'tool_use']);
    expect((final.content[0] as any).text).toBe('Let me look up the order for you.');
  });

  it('ORDER: same for an OpenAI client reading chunk order (text deltas come before tool_call deltas)', async () => {
    suite.openai.reply({
      kind: 'sse',
      events: [
        sse(chunk({ role: 'assistant', content: '' })),
        sse(chunk({ content: 'Checking the order now.' })),
        sse(
          chunk({
            tool_calls: [
              {
                index: 0,
                id: 'call_1',
                type: 'function',
                function: { name: 'lookup', arguments: '{"order":"A-17"}' },
              },
            ],
          }),
        ),
        sse(chunk({}, 'tool_calls')),
        done,
      ],
    });
    const stream = await oa().chat.completions.create({
      model: 'out-mask',
      stream: true,
      messages: [{ role: 'user', content: 'Where is A-17?' }],
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }],
    });
    const kinds: string[] = [];
    for await (const part of stream) {
      const delta = part.choices[0]?.delta;
      if (delta?.content) kinds.push('text');
      if (delta?.tool_calls) kinds.push('tool');
    }
    expect(kinds.indexOf('text')).toBeGreaterThanOrEqual(0);
    expect(kinds.indexOf('text')).toBeLessThan(kinds.indexOf('tool'));
  });
});
