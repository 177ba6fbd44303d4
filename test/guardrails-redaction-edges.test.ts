// Reversible redaction end to end (docs/guardrails.md, "A route's input checks"): earlier Anthropic
// tool_use inputs and documents of every source are redacted, and restored values keep tool-call
// arguments valid JSON.
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { mockGatewaySuite } from './support/mock-gateway-suite.js';
import { guardrailRoutesYaml } from './support/guardrail-routes.js';
import { anthropicClient, openaiClient } from './support/sdk-clients.js';
import { completion, toolCallCompletion, toolCallStream } from './fixtures/openai-wire.js';
import { message } from './fixtures/anthropic-wire.js';

const suite = mockGatewaySuite(guardrailRoutesYaml('red', 'red-a'));

const oa = () => openaiClient(suite.gateway);
const an = () => anthropicClient(suite.gateway);

const email = 'lena.fischer+billing@mail.beispiel.de';
const iban = 'DE89370400440532013000';
const pem = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEowIBAAKCAQEAx3Jb7uQ1mZ0yQmPq8vJ2b7XfT0c9aVdWkQ2rE8mNnB5h6sLt',
  'Zq1cW2eR3tY4uI5oP6aS7dF8gH9jK0lZ1xC2vB3nM4qW5eR6tY7uI8oP9aS0dF1g',
  '-----END RSA PRIVATE KEY-----',
].join('\n');

/** Neither value reached the provider. */
function expectRedacted(body: unknown): void {
  const sent = JSON.stringify(body);
  expect(sent).not.toContain(email);
  expect(sent).not.toContain(iban);
}

describe('redaction reaches every text the provider gets', () => {
  // "Checks run in order on every text of the request — system prompt, messages, tool results, the
  // arguments of earlier tool calls (not images)"
  for (const [route, provider] of [
    ['red', 'OpenAI'],
    ['red-a', 'Anthropic'],
  ] as const) {
    it(`redacts the arguments of an earlier Anthropic tool_use block (Anthropic client, ${provider} provider)`, async () => {
      const upstream = provider === 'OpenAI' ? suite.openai : suite.anthropic;
      upstream.reply({ kind: 'json', body: provider === 'OpenAI' ? completion() : message() });
      await an().messages.create({
        model: route,
        max_tokens: 100,
        messages: [
          { role: 'user', content: 'Send the invoice please.' },
          {
            role: 'assistant',
            content: [{ type: 'tool_use', id: 'toolu_1', name: 'send_invoice', input: { to: email, iban } }],
          },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sent' }] },
        ],
      });
      expectRedacted(upstream.last.body);
    });
  }

  // "tool (tool results, Anthropic search results and attached plain-text documents: untrusted content)"
  it('redacts an attached plain-text document given as a content source, and its title and context', async () => {
    suite.anthropic.reply({ kind: 'json', body: message() });
    await an().messages.create({
      model: 'red-a',
      max_tokens: 100,
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'document',
              title: `Letter from ${email}`,
              context: `Account ${iban}`,
              source: { type: 'content', content: [{ type: 'text', text: `Reply to ${email} today.` }] },
            },
            { type: 'text', text: 'Summarise the letter.' },
          ],
        },
      ],
    });
    expectRedacted(suite.anthropic.last.body);
  });

  it('redacts the title and context of a text-source document too', async () => {
    suite.openai.reply({ kind: 'json', body: completion() });
    await an().messages.create({
      model: 'red',
      max_tokens: 100,
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'document',
              title: `Statement for ${email}`,
              context: `IBAN ${iban}`,
              source: { type: 'text', media_type: 'text/plain', data: 'Balance: 120 EUR.' },
            },
            { type: 'text', text: 'What is the balance?' },
          ],
        },
      ],
    });
    expectRedacted(suite.openai.last.body);
  });
});

describe('restored values in tool-call arguments stay valid JSON', () => {
  // "the answer gets the real values back, JSON and streams alike ... in either dialect"
  const ask = (stream: boolean) =>
    oa().chat.completions.create({
      model: 'red',
      stream,
      messages: [{ role: 'user', content: `Store this key in the vault:\n${pem}` }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'store',
            parameters: { type: 'object', properties: { key: { type: 'string' } } },
          },
        },
      ],
    } as any);

  it('JSON answer (OpenAI client): arguments holding a restored multi-line key parse as JSON', async () => {
    suite.openai.reply({ kind: 'json', body: toolCallCompletion('store', '{"key":"[SECRET_1]"}') });
    const answer = (await ask(false)) as OpenAI.ChatCompletion;
    expect(JSON.stringify(suite.openai.last.body)).not.toContain('MIIEowIBAAKCAQEA');
    expect(JSON.stringify(suite.openai.last.body)).toContain('[SECRET_1]');
    const args = (answer.choices[0]!.message.tool_calls![0] as any).function.arguments as string;
    expect(() => JSON.parse(args)).not.toThrow();
    expect(JSON.parse(args).key).toBe(pem);
  });

  it('stream (OpenAI client): arguments holding a restored multi-line key parse as JSON', async () => {
    suite.openai.reply({ kind: 'sse', events: toolCallStream('store', ['{"key":"[SEC', 'RET_1]"}']) });
    const stream = (await ask(true)) as any;
    let args = '';
    for await (const part of stream)
      args += part.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '';
    expect(() => JSON.parse(args)).not.toThrow();
    expect(JSON.parse(args).key).toBe(pem);
  });

  it('stream (Anthropic client): tool_use input holding a restored multi-line key', async () => {
    suite.openai.reply({ kind: 'sse', events: toolCallStream('store', ['{"key":"[SECRET_1]"}']) });
    const final = await an()
      .messages.stream({
        model: 'red',
        max_tokens: 100,
        messages: [{ role: 'user', content: `Store this key in the vault:\n${pem}` }],
        tools: [{ name: 'store', input_schema: { type: 'object', properties: { key: { type: 'string' } } } }],
      })
      .finalMessage();
    const use = final.content.find((block) => block.type === 'tool_use') as any;
    expect(use.input).toEqual({ key: pem });
  });
});
