// Gemini audio is priced as audio, end to end: usageMetadata's counts by modality (AUDIO in the
// prompt, in its cached part) reach the record as audio tokens and are charged at the audio and
// cached-audio prices, on a whole answer and on a stream alike; an OpenAI client gets them as
// prompt_tokens_details.audio_tokens.
//
// Provider facts relied on: promptTokenCount includes cachedContentTokenCount; promptTokensDetails
// lists the whole prompt by modality, cacheTokensDetails the cached part
// (https://ai.google.dev/api/generate-content#UsageMetadata); gemini-2.5-flash costs $0.30 per
// million text input tokens, $1.00 audio, $0.03 cached text, $0.10 cached audio, $2.50 output
// (https://ai.google.dev/gemini-api/docs/pricing#gemini-2.5-flash).

import { MediaModality } from '@google/genai';
import { describe, expect, it } from 'vitest';
import type { GenerateContentResponseBody } from '../src/providers/gemini/api.js';
import { fetchRecord } from './support/fetch-record.js';
import { geminiAnswer } from './support/google-upstream.js';
import { providerSuite } from './support/provider-suite.js';

const M = 1e-6;

const suite = providerSuite(
  (mockUrl) => `
providers:
  gemini: { type: gemini, baseUrl: ${mockUrl}/v1beta, apiKey: k-g }
defaults:
  retry: { attempts: 0, baseDelayMs: 1, maxDelayMs: 5 }
models:
  listener:
    targets: [{ provider: gemini, model: gemini-2.5-flash }]
`,
);

/** A recorded call in the prompt: 9,000 audio tokens, 6,000 of them cached, and 1,000 of text. */
const usageMetadata: NonNullable<GenerateContentResponseBody['usageMetadata']> = {
  promptTokenCount: 10_000,
  cachedContentTokenCount: 6_500,
  candidatesTokenCount: 200,
  totalTokenCount: 10_200,
  promptTokensDetails: [
    { modality: MediaModality.TEXT, tokenCount: 1_000 },
    { modality: MediaModality.AUDIO, tokenCount: 9_000 },
  ],
  cacheTokensDetails: [
    { modality: MediaModality.TEXT, tokenCount: 500 },
    { modality: MediaModality.AUDIO, tokenCount: 6_000 },
  ],
  candidatesTokensDetails: [{ modality: MediaModality.TEXT, tokenCount: 200 }],
};

// 500 text x $0.30 + 3,000 audio x $1.00 + 500 cached text x $0.03 + 6,000 cached audio x $0.10
// + 200 out x $2.50 = $0.00015 + $0.003 + $0.000015 + $0.0006 + $0.0005
const usd = 500 * 0.3 * M + 3_000 * 1 * M + 500 * 0.03 * M + 6_000 * 0.1 * M + 200 * 2.5 * M;

async function expectAudioPriced(requestId: string): Promise<void> {
  const record = await fetchRecord(suite.gateway, requestId);
  expect(record.usage).toMatchObject({
    inputTokens: 10_000,
    cacheReadTokens: 6_500,
    audioInputTokens: 9_000,
    cacheReadAudioTokens: 6_000,
    audioOutputTokens: 0,
  });
  expect(record.cost.lines.map((line: any) => [line.part, line.tokens])).toEqual([
    ['input', 500],
    ['audioInput', 3_000],
    ['cachedInput', 500],
    ['cachedAudioInput', 6_000],
    ['output', 200],
  ]);
  expect(record.cost.unknown).toEqual([]);
  expect(record.cost.usd).toBeCloseTo(usd, 12);
}

describe('Gemini audio cost', () => {
  it('a whole answer: audio and cached audio at their own prices', async () => {
    suite.mock.reply({ kind: 'json', body: geminiAnswer([{ text: 'A refund.' }], { usageMetadata }) });
    const { data, response } = await suite.openai.chat.completions
      .create({ model: 'listener', messages: [{ role: 'user', content: 'What does the caller want?' }] })
      .withResponse();
    // The OpenAI client reads the audio where OpenAI puts it.
    expect(data.usage?.prompt_tokens_details).toEqual({ cached_tokens: 6_500, audio_tokens: 9_000 });
    expect(data.usage?.completion_tokens_details?.audio_tokens).toBe(0);
    await expectAudioPriced(response.headers.get('x-request-id')!);
    // GET /admin/usage counts the audio apart, inside the input tokens.
    await suite.gateway.gateway.records.settled();
    const totals = await fetch(`${suite.gateway.url}/admin/usage?groupBy=route`, {
      headers: { authorization: `Bearer ${suite.gateway.adminToken}` },
    });
    const row = ((await totals.json()) as any).data.find((entry: any) => entry.group === 'listener');
    expect(row).toMatchObject({ inputTokens: 10_000, audioInputTokens: 9_000, audioOutputTokens: 0 });
    expect(row.costUsd).toBeCloseTo(usd, 12);
  });

  it('a stream: the last chunk’s counts by modality, priced the same', async () => {
    const answer = geminiAnswer([{ text: 'A refund.' }], { usageMetadata });
    suite.mock.reply({ kind: 'sse', events: [{ data: JSON.stringify(answer) }] });
    const stream = await suite.openai.chat.completions
      .create({
        model: 'listener',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'What does the caller want?' }],
      })
      .withResponse();
    let audio: number | undefined;
    for await (const chunk of stream.data) audio = chunk.usage?.prompt_tokens_details?.audio_tokens ?? audio;
    expect(audio).toBe(9_000);
    await expectAudioPriced(stream.response.headers.get('x-request-id')!);
  });
});
