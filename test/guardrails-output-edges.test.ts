// Redaction of addresses in any script, and output checks that read tool-call arguments and
// refusals as well as text (docs/guardrails.md, "A route's output checks").
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { mockGatewaySuite } from './support/mock-gateway-suite.js';
import { guardrailRoutesYaml } from './support/guardrail-routes.js';
import { openaiClient } from './support/sdk-clients.js';
import { completion, toolCallCompletion, toolCallStream } from './fixtures/openai-wire.js';

// Withholds cards and secrets only (the shared out-block route withholds IBANs too).
const suite = mockGatewaySuite(`${guardrailRoutesYaml('red')}  out-block:
    guardrails: { output: [{ check: pii, action: block, types: [card, secret] }] }
    targets: [{ provider: openai, model: gpt-4o-mini }]
`);

const oa = () => openaiClient(suite.gateway);

describe('redaction of whole values', () => {
  // "redact: each value is replaced by a placeholder ... before the provider sees the request"
  for (const address of ['jürgen.müller@firma.de', 'josé.garcía@correo.es', 'åsa.öberg@posten.se']) {
    it(`replaces the whole address ${address}, never a tail of it`, async () => {
      suite.openai.reply({ kind: 'json', body: completion() });
      await oa().chat.completions.create({
        model: 'red',
        messages: [{ role: 'user', content: `Schreib an ${address} bitte.` }],
      });
      const sent = suite.openai.last.body.messages[0].content as string;
      const local = address.split('@')[0]!;
      expect(sent).not.toContain(local.slice(0, 3));
      expect(sent).not.toContain(address.split('@')[1]);
    });
  }
});

describe('output checks on tool-call arguments', () => {
  // "Output checks: pii ... Checks on what goes to a model and what comes back"
  it('a card the model writes into tool-call arguments is withheld by a blocking pii output check (JSON)', async () => {
    suite.openai.reply({
      kind: 'json',
      body: toolCallCompletion('charge', '{"card":"4111 1111 1111 1111","amount":20}'),
    });
    const result = await oa()
      .chat.completions.create({
        model: 'out-block',
        messages: [{ role: 'user', content: 'Charge my saved card.' }],
        tools: [{ type: 'function', function: { name: 'charge', parameters: { type: 'object' } } }],
      })
      .catch((caught: unknown) => caught);
    expect(result).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('a secret in a refusal is withheld like one in content (JSON)', async () => {
    suite.openai.reply({
      kind: 'json',
      body: completion({
        choices: [
          {
            index: 0,
            finish_reason: 'stop',
            logprobs: null,
            message: {
              role: 'assistant',
              content: null,
              refusal: 'I cannot use ghp_R8x2Lq7Vn4Tz9Wb1Yc6Md3Kf5Hs0Jp2Ga4Ue for that.',
            },
          },
        ] as any,
      }),
    });
    const result = await oa()
      .chat.completions.create({ model: 'out-block', messages: [{ role: 'user', content: 'Use my token.' }] })
      .catch((caught: unknown) => caught);
    expect(result).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('a card the model streams into tool-call arguments, in pieces, ends the stream before any of it goes out', async () => {
    const card = '4111 1111 1111 1111';
    const argumentsText = JSON.stringify({ card, amount: 12 });
    const pieces = argumentsText.match(/.{1,3}/g)!;
    suite.openai.reply({ kind: 'sse', events: toolCallStream('pay', pieces, '') });
    const response = await fetch(`${suite.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${suite.gateway.key}` },
      body: JSON.stringify({
        model: 'out-block',
        stream: true,
        messages: [{ role: 'user', content: 'Pay it.' }],
      }),
    });
    const text = await response.text();
    expect(text).not.toContain('4111');
    expect(text).not.toContain('[DONE]');
    expect(text).toMatch(/"error"/);
  });

  it('lets clean streamed tool-call arguments out whole, in order', async () => {
    const argumentsText = JSON.stringify({ city: 'Oslo', days: 3 });
    suite.openai.reply({
      kind: 'sse',
      events: toolCallStream('weather', argumentsText.match(/.{1,4}/g)!, 'Checking. '),
    });
    const final = await oa()
      .chat.completions.stream({ model: 'out-block', messages: [{ role: 'user', content: 'Weather?' }] })
      .finalChatCompletion();
    expect(final.choices[0]!.message.content).toBe('Checking. ');
    expect(JSON.parse(final.choices[0]!.message.tool_calls![0]!.function.arguments)).toEqual({
      city: 'Oslo',
      days: 3,
    });
  });
});
