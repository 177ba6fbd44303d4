// Tool calls checked against the tools the request declared (issue 7): a route's json-schema
// output check asks the model again, the invalid calls sent back with their problems as tool
// results, in either client dialect; an answer still invalid moves on to a fallback model whose
// `on:` lists invalid_output. Every answer is an attempt in the record.

import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it, onTestFinished } from 'vitest';
import { completion, startJsonUpstream } from './support/json-upstream.js';
import { fetchRecord } from './support/fetch-record.js';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

const weatherParameters = {
  type: 'object',
  properties: { city: { type: 'string' }, unit: { enum: ['celsius', 'fahrenheit'] } },
  required: ['city'],
  additionalProperties: false,
};
const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', parameters: weatherParameters } },
];

type Call = { name: string; arguments: string };

/** An OpenAI chat upstream answering with tool calls: `wrong` until told they were invalid, then `right`. */
async function toolUpstream(wrong: Call[], right?: Call[]) {
  let answered = 0;
  return startJsonUpstream((body) => {
    answered += 1;
    const told = JSON.stringify(body.messages).includes('Invalid tool call');
    const calls = told && right !== undefined ? right : wrong;
    const toolCalls = calls.map((call, index) => ({
      id: `call_${answered}_${index}`,
      type: 'function',
      function: call,
    }));
    return completion(body.model, { role: 'assistant', content: null, tool_calls: toolCalls }, 'tool_calls');
  });
}

/** Asks for the weather through an OpenAI client; the answer and its headers. */
function askWeather(gateway: TestGateway) {
  return new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: gateway.key, maxRetries: 0 }).chat.completions
    .create({ model: 'chat', messages: [{ role: 'user', content: question }], tools })
    .withResponse();
}

function firstCallArguments(data: OpenAI.Chat.Completions.ChatCompletion): unknown {
  const call = data.choices[0]!.message
    .tool_calls![0]! as OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall;
  return JSON.parse(call.function.arguments);
}

async function start(yamlModels: string, providers: Record<string, string>) {
  const gateway = await startTestGateway(`
providers:
${Object.entries(providers)
  .map(([name, url]) => `  ${name}: { type: openai, baseUrl: ${url}/v1, apiKey: k }`)
  .join('\n')}
defaults:
  retry: { attempts: 0 }
models:
${yamlModels}
records:
  flushIntervalMs: 20
`);
  onTestFinished(() => gateway.close());
  return gateway;
}

const badCity: Call = { name: 'get_weather', arguments: '{"town":"Paris"}' };
const goodCity: Call = { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' };
const question = 'What is the weather in Paris?';

describe('output guardrails: tool-call arguments', () => {
  it('sends invalid calls back with their problems and returns the corrected call (OpenAI client)', async () => {
    const upstream = await toolUpstream([badCity], [goodCity]);
    const gateway = await start(
      `  chat:
    guardrails: { output: [{ check: json-schema, action: retry }] }
    targets: [{ provider: model, model: gpt-4o-mini }]`,
      { model: upstream.url },
    );
    const { data, response } = await askWeather(gateway);
    expect(firstCallArguments(data)).toEqual({ city: 'Paris', unit: 'celsius' });
    expect(upstream.seen).toHaveLength(2);
    const [assistant, result] = upstream.seen[1]!.messages.slice(-2);
    expect(assistant).toMatchObject({
      role: 'assistant',
      tool_calls: [{ id: 'call_1_0', function: { name: 'get_weather', arguments: '{"town":"Paris"}' } }],
    });
    expect(result).toMatchObject({ role: 'tool', tool_call_id: 'call_1_0' });
    expect(result.content).toMatch(
      /^Invalid tool call, not run: get_weather: the arguments must have required property 'city'/,
    );
    expect(result.content).toMatch(/must NOT have additional properties/);
    const logged = await fetchRecord(gateway, response.headers.get('x-request-id')!);
    expect(logged.attempts).toHaveLength(2);
    expect(logged.guardrails).toEqual([
      expect.objectContaining({ check: 'json-schema', action: 'retry', found: { 'invalid answers': 1 } }),
    ]);
  });

  it('does the same for an Anthropic client, with tool_result blocks, and streams the checked call', async () => {
    const upstream = await toolUpstream([{ name: 'get_wether', arguments: '{"city":"Paris"}' }], [goodCity]);
    const gateway = await start(
      `  chat:
    guardrails: { output: [{ check: json-schema, action: retry }] }
    targets: [{ provider: model, model: gpt-4o-mini }]`,
      { model: upstream.url },
    );
    const client = new Anthropic({ baseURL: gateway.url, apiKey: gateway.key, maxRetries: 0 });
    const final = await client.messages
      .stream({
        model: 'chat',
        max_tokens: 100,
        messages: [{ role: 'user', content: question }],
        tools: [{ name: 'get_weather', input_schema: weatherParameters as Anthropic.Tool.InputSchema }],
      })
      .finalMessage();
    expect(final.content).toEqual([
      expect.objectContaining({
        type: 'tool_use',
        name: 'get_weather',
        input: { city: 'Paris', unit: 'celsius' },
      }),
    ]);
    expect(upstream.seen.map((body) => body.stream ?? false)).toEqual([false, false]);
    // The Anthropic follow-up (tool_use, then an error tool_result) reached the OpenAI upstream as
    // the call and its tool message.
    const feedback = upstream.seen[1]!.messages.at(-1);
    expect(feedback).toMatchObject({ role: 'tool', tool_call_id: 'call_1_0' });
    expect(feedback.content).toMatch(/the tool "get_wether" does not exist \(the tools are: get_weather\)/);
  });

  it('moves an answer still invalid on to a fallback model that lists invalid_output', async () => {
    const sloppy = await toolUpstream([badCity]);
    const careful = await toolUpstream([goodCity]);
    const gateway = await start(
      `  chat:
    guardrails: { output: [{ check: json-schema, action: retry }] }
    fallbacks: [{ model: careful, on: [invalid_output] }]
    targets: [{ provider: sloppy, model: gpt-4o-mini }]
  careful:
    targets: [{ provider: careful, model: gpt-4o }]`,
      { sloppy: sloppy.url, careful: careful.url },
    );
    const { data, response } = await askWeather(gateway);
    expect(firstCallArguments(data)).toEqual({ city: 'Paris', unit: 'celsius' });
    expect(response.headers.get('x-switchyard-fallback-model')).toBe('careful');
    // The sloppy model was asked twice (once with the feedback); the careful one got the original
    // conversation, not the other model's mistakes.
    expect(sloppy.seen).toHaveLength(2);
    expect(careful.seen).toHaveLength(1);
    expect(careful.seen[0]!.messages).toEqual([{ role: 'user', content: question }]);
    const logged = await fetchRecord(gateway, response.headers.get('x-request-id')!);
    expect(logged.attempts).toHaveLength(3);
    expect(logged.guardrails.map((verdict: { action: string }) => verdict.action)).toEqual([
      'block',
      'allow',
    ]);
  });

  it('refuses with a 502 when no fallback takes invalid_output, and leaves valid calls alone', async () => {
    const upstream = await toolUpstream([badCity]);
    const gateway = await start(
      `  chat:
    guardrails: { output: [{ check: json-schema, action: block }] }
    fallbacks: [{ model: other }]
    targets: [{ provider: model, model: gpt-4o-mini }]
  other:
    targets: [{ provider: model, model: gpt-4o }]`,
      { model: upstream.url },
    );
    const error = await askWeather(gateway).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as Error).message).toMatch(
      /after 1 answer: get_weather: the arguments must have required property 'city'/,
    );
    // The fallback's default conditions (outages) do not include an invalid answer.
    expect(upstream.seen).toHaveLength(1);

    const valid = await toolUpstream([goodCity]);
    const second = await start(
      `  chat:
    guardrails: { output: [{ check: json-schema, action: block }] }
    targets: [{ provider: model, model: gpt-4o-mini }]`,
      { model: valid.url },
    );
    const { data } = await askWeather(second);
    expect(data.choices[0]!.finish_reason).toBe('tool_calls');
    expect(firstCallArguments(data)).toEqual({ city: 'Paris', unit: 'celsius' });
    expect(valid.seen).toHaveLength(1);
  });
});
