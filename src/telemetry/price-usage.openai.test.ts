// Worked cost examples for the OpenAI-shaped providers (openai, azure-openai, openai-compatible,
// mistral): a realistic upstream answer, through the provider's own translator, priced with the
// catalog entry the config resolves. Every expected USD is worked out by hand in the comment.

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { estimateUsage, promptText, reportedUsage } from './estimate-usage.js';
import {
  gatewayConfig,
  priceOf,
  providerOf,
  recordUsage,
  sse,
  streamedUsage,
} from './price-usage.fixture.js';

const base = { id: 'chatcmpl-1', object: 'chat.completion', created: 1_735_689_600 };

function completion(model: string, usage: Record<string, unknown> | undefined, content = 'Done.') {
  return {
    ...base,
    model,
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content, refusal: null } }],
    ...(usage === undefined ? {} : { usage }),
  };
}

describe('openai', () => {
  it('gpt-4o: cached prompt tokens are inside prompt_tokens and priced apart', () => {
    const body = completion('gpt-4o-2024-08-06', {
      prompt_tokens: 12_000,
      completion_tokens: 800,
      total_tokens: 12_800,
      prompt_tokens_details: { cached_tokens: 10_240, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
    });
    const usage = recordUsage(providerOf('gpt-4o').chatResponse(body).usage);
    expect(usage.reported).toEqual(body.usage);
    // plain 12,000 - 10,240 = 1,760 x $2.50/M = $0.0044
    // cached 10,240 x $1.25/M = $0.0128
    // output 800 x $10/M = $0.008                         -> $0.0252
    const cost = priceOf(usage, 'gpt-4o');
    expect(cost.usd).toBeCloseTo(0.0252, 12);
    expect(cost.lines).toEqual([
      { part: 'input', tokens: 1_760, usdPerMillion: 2.5, usd: expect.closeTo(0.0044, 12) },
      { part: 'cachedInput', tokens: 10_240, usdPerMillion: 1.25, usd: expect.closeTo(0.0128, 12) },
      { part: 'output', tokens: 800, usdPerMillion: 10, usd: expect.closeTo(0.008, 12) },
    ]);
    expect(cost).toMatchObject({ unknown: [], tier: 'base', catalogVersion: expect.any(String) });
  });

  it('o3, streamed: the usage chunk after finish, reasoning billed as output', () => {
    const chunk = { id: 'chatcmpl-2', object: 'chat.completion.chunk', created: 1_735_689_600, model: 'o3' };
    const events = [
      ...sse(
        {
          ...chunk,
          choices: [{ index: 0, delta: { role: 'assistant', content: 'Yes' }, finish_reason: null }],
        },
        { ...chunk, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
        {
          ...chunk,
          choices: [],
          usage: {
            prompt_tokens: 5_000,
            completion_tokens: 2_400,
            total_tokens: 7_400,
            prompt_tokens_details: { cached_tokens: 3_072 },
            completion_tokens_details: { reasoning_tokens: 1_920 },
          },
        },
      ),
      { data: '[DONE]' },
    ];
    const usage = recordUsage(streamedUsage(providerOf('o3'), events));
    expect(usage).toMatchObject({ inputTokens: 5_000, outputTokens: 2_400, reasoningTokens: 1_920 });
    // plain 5,000 - 3,072 = 1,928 x $2/M = $0.003856
    // cached 3,072 x $0.50/M = $0.001536
    // output 2,400 (1,920 of it reasoning) x $8/M = $0.0192  -> $0.024592
    expect(priceOf(usage, 'o3').usd).toBeCloseTo(0.024592, 12);
  });
});

describe('azure-openai', () => {
  it('a gpt-4o-mini deployment: content-filter annotations aside, OpenAI usage and prices', () => {
    const body = {
      ...completion('gpt-4o-mini-2024-07-18', {
        prompt_tokens: 20_000,
        completion_tokens: 500,
        total_tokens: 20_500,
        prompt_tokens_details: { cached_tokens: 18_432 },
      }),
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: { hate: { filtered: false } } }],
    };
    const usage = recordUsage(providerOf('azure-mini').chatResponse(body).usage);
    // plain 20,000 - 18,432 = 1,568 x $0.15/M = $0.0002352
    // cached 18,432 x $0.075/M = $0.0013824
    // output 500 x $0.60/M = $0.0003                  -> $0.0019176
    expect(priceOf(usage, 'azure-mini').usd).toBeCloseTo(0.0019176, 12);
  });
});

describe('openai-compatible', () => {
  const answer = completion('Qwen/Qwen2.5-7B-Instruct', {
    prompt_tokens: 900,
    completion_tokens: 120,
    total_tokens: 1_020,
  });

  it('a local model the catalog does not know: priced null and flagged, never free', () => {
    const usage = recordUsage(providerOf('qwen-local').chatResponse(answer).usage);
    const cost = priceOf(usage, 'qwen-local');
    expect(cost).toMatchObject({ usd: null, knownUsd: 0, unknown: ['model'] });
    // The token lines stay, unpriced, so the record can be priced once the model is in the catalog.
    expect(cost.lines).toEqual([
      { part: 'input', tokens: 900, usdPerMillion: null, usd: null },
      { part: 'output', tokens: 120, usdPerMillion: null, usd: null },
    ]);
  });

  it('a local model priced in the config catalog, streamed by vLLM with prefix-cache hits', () => {
    const chunk = {
      id: 'cmpl-9',
      object: 'chat.completion.chunk',
      created: 1_735_689_600,
      model: 'meta-llama/Llama-3.3-70B-Instruct',
    };
    const events = [
      ...sse(
        { ...chunk, choices: [{ index: 0, delta: { content: 'Sure.' }, finish_reason: 'stop' }] },
        {
          ...chunk,
          choices: [],
          usage: {
            prompt_tokens: 40_000,
            completion_tokens: 1_000,
            total_tokens: 41_000,
            prompt_tokens_details: { cached_tokens: 32_000 },
          },
        },
      ),
      { data: '[DONE]' },
    ];
    const usage = recordUsage(streamedUsage(providerOf('llama-local'), events));
    // plain 40,000 - 32,000 = 8,000 x $0.20/M = $0.0016
    // cached 32,000 x $0.10/M = $0.0032
    // output 1,000 x $0.20/M = $0.0002                -> $0.005
    expect(priceOf(usage, 'llama-local').usd).toBeCloseTo(0.005, 12);
  });

  it('a server that reports no usage: the record estimates it with the tokenizer, and says so', async () => {
    const response = providerOf('llama-local').chatResponse(
      completion('meta-llama/Llama-3.3-70B-Instruct', undefined, 'The team agreed to ship on Friday.'),
    );
    // The answer still carries canonical zeros; without `reported` they are not taken for usage.
    expect(reportedUsage(response.usage)).toBeUndefined();
    const clientBody = {
      model: 'llama-local',
      messages: [{ role: 'user', content: 'Summarise the meeting notes.' }],
    };
    const usage = await estimateUsage({
      promptText: promptText(clientBody, 'openai'),
      outputText: 'The team agreed to ship on Friday.',
    });
    // input: 'Summarise the meeting notes.' = 7 tokens + 3 per message + 1 role + 3 reply primer = 14
    // output: 'The team agreed to ship on Friday.' = 8 tokens
    expect(usage).toEqual({
      inputTokens: 14,
      outputTokens: 8,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      source: 'estimated',
    });
    // 14 x $0.20/M + 8 x $0.20/M = 22 x $0.20/M = $0.0000044
    expect(priceOf(usage, 'llama-local').usd).toBeCloseTo(0.0000044, 15);
  });
});

describe('mistral', () => {
  const body = {
    id: 'cmpl-m1',
    object: 'chat.completion',
    created: 1_735_689_600,
    model: 'mistral-medium-2508',
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Oui.' } }],
    usage: {
      prompt_tokens: 3_000,
      completion_tokens: 500,
      total_tokens: 3_500,
      prompt_tokens_details: { cached_tokens: 2_048 },
    },
  };

  it('mistral-large without cache: input and output at list price', () => {
    const usage = recordUsage(
      providerOf('mistral-large').chatResponse({
        ...body,
        model: 'mistral-large-2411',
        usage: { prompt_tokens: 1_000, completion_tokens: 200, total_tokens: 1_200 },
      }).usage,
    );
    // 1,000 x $2/M = $0.002; 200 x $6/M = $0.0012  -> $0.0032
    expect(priceOf(usage, 'mistral-large').usd).toBeCloseTo(0.0032, 12);
  });

  it('mistral-medium with cached tokens the shipped catalog has no price for: flagged, with a lower bound', () => {
    const usage = recordUsage(providerOf('mistral-medium').chatResponse(body).usage);
    expect(usage).toMatchObject({ inputTokens: 3_000, cacheReadTokens: 2_048, reported: body.usage });
    // plain 3,000 - 2,048 = 952 x $0.40/M = $0.0003808; output 500 x $2/M = $0.001 -> known $0.0013808
    const cost = priceOf(usage, 'mistral-medium');
    expect(cost).toMatchObject({ usd: null, unknown: ['cachedInput'] });
    expect(cost.knownUsd).toBeCloseTo(0.0013808, 12);
  });

  it('the same answer once the config gives a cached price: only that key is overridden', () => {
    const config = parseConfig(
      `
providers: { mistral: { type: mistral, apiKey: m-test } }
models: { mistral-medium: { targets: [{ provider: mistral, model: mistral-medium-2508 }] } }
catalog: { models: { mistral-medium: { prices: { cachedInput: 0.04 } } } }
`,
      'override.yaml',
      {},
    );
    const usage = recordUsage(providerOf('mistral-medium').chatResponse(body).usage);
    // $0.0013808 as above + cached 2,048 x $0.04/M = $0.00008192  -> $0.00146272
    const cost = priceOf(usage, 'mistral-medium', 'chat', config);
    expect(cost.usd).toBeCloseTo(0.00146272, 12);
    // The shipped config is untouched by the other config's override.
    expect(priceOf(usage, 'mistral-medium', 'chat', gatewayConfig).usd).toBeNull();
  });
});
