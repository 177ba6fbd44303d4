// Structured output (issue 7): a route's json-schema check asks the model again, with the
// validation errors, when its answer does not match the schema the request asked for; an answer
// still wrong is refused with a 502 that says why; every answer is an attempt in the record.

import OpenAI from 'openai';
import { describe, expect, it, onTestFinished } from 'vitest';
import { completion, startJsonUpstream } from './support/json-upstream.js';
import { fetchRecord } from './support/fetch-record.js';
import { startTestGateway } from './support/test-gateway.js';

const schema = {
  type: 'object',
  properties: { city: { type: 'string' }, population: { type: 'integer' } },
  required: ['city', 'population'],
  additionalProperties: false,
};

/** Answers `wrong` until the conversation holds the gateway's feedback, then `right` (if given). */
async function structuredUpstream(wrong: string, right?: string) {
  return startJsonUpstream((body) => {
    const told = JSON.stringify(body.messages).includes('does not match the required JSON schema');
    const content = told && right !== undefined ? right : wrong;
    return completion(body.model, { role: 'assistant', content }, 'stop');
  });
}

async function start(upstreamUrl: string, check: string) {
  const gateway = await startTestGateway(`
providers:
  model: { type: openai, baseUrl: ${upstreamUrl}/v1, apiKey: k }
models:
  chat:
    guardrails: { output: [${check}] }
    targets: [{ provider: model, model: gpt-4o-mini }]
records:
  flushIntervalMs: 20
`);
  onTestFinished(() => gateway.close());
  const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: gateway.key, maxRetries: 0 });
  const ask = () =>
    client.chat.completions
      .create({
        model: 'chat',
        messages: [{ role: 'user', content: 'The capital of France, as JSON.' }],
        response_format: { type: 'json_schema', json_schema: { name: 'city', schema } },
      })
      .withResponse();
  return { gateway, ask };
}

describe('output guardrails: json-schema', () => {
  it('asks again with the errors and returns the corrected answer', async () => {
    const upstream = await structuredUpstream('{"city":"Paris"}', '{"city":"Paris","population":2100000}');
    const { gateway, ask } = await start(upstream.url, '{ check: json-schema, action: retry }');
    const { data, response } = await ask();
    expect(JSON.parse(data.choices[0]!.message.content!)).toEqual({ city: 'Paris', population: 2100000 });
    expect(upstream.seen).toHaveLength(2);
    const followUp = upstream.seen[1]!.messages;
    expect(followUp.at(-2)).toEqual({ role: 'assistant', content: '{"city":"Paris"}' });
    expect(followUp.at(-1).content).toMatch(/must have required property 'population'/);
    const logged = await fetchRecord(gateway, response.headers.get('x-request-id')!);
    expect(logged.attempts).toHaveLength(2);
    expect(logged.guardrails).toEqual([
      expect.objectContaining({ check: 'json-schema', action: 'retry', found: { 'invalid answers': 1 } }),
    ]);
  });

  it('checks a streamed answer by asking for it whole, then streams the corrected one', async () => {
    const upstream = await structuredUpstream('{"city":"Paris"}', '{"city":"Paris","population":2100000}');
    const { gateway } = await start(upstream.url, '{ check: json-schema, action: retry }');
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: gateway.key, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'The capital of France, as JSON.' }],
      response_format: { type: 'json_schema', json_schema: { name: 'city', schema } },
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(JSON.parse(text)).toEqual({ city: 'Paris', population: 2100000 });
    expect(upstream.seen.map((body) => body.stream ?? false)).toEqual([false, false]);
  });

  it('refuses an answer still invalid after its attempts, saying why', async () => {
    const upstream = await structuredUpstream('Paris has about two million people.');
    const { ask } = await start(upstream.url, '{ check: json-schema, action: retry, attempts: 2 }');
    const error = await ask().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as Error).message).toMatch(
      /does not match the requested JSON schema after 3 answers: it is not JSON/,
    );
    expect(upstream.seen).toHaveLength(3);
  });

  it('only records with flag, and leaves requests without a schema alone', async () => {
    const upstream = await structuredUpstream('{"city":"Paris"}');
    const { gateway, ask } = await start(upstream.url, '{ check: json-schema, action: flag }');
    const { data, response } = await ask();
    expect(data.choices[0]!.message.content).toBe('{"city":"Paris"}');
    const logged = await fetchRecord(gateway, response.headers.get('x-request-id')!);
    expect(logged.guardrails).toEqual([
      expect.objectContaining({ action: 'flag', found: { 'invalid answers': 1 } }),
    ]);
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: gateway.key, maxRetries: 0 });
    await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] });
    expect(upstream.seen).toHaveLength(2);
  });
});
