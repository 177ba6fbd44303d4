import { BlockedReason, FinishReason, MediaModality } from '@google/genai';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../core/index.js';
import type { GenerateContentResponseBody } from './api.js';
import { fromGenerateContentResponse } from './response.js';
import { GeminiStreamDecoder } from './stream.js';

const data = (chunk: GenerateContentResponseBody | Record<string, unknown>) => ({
  data: JSON.stringify(chunk),
});

describe('GeminiStreamDecoder', () => {
  it("reports done only on the chunk with a finishReason, with the last usage before it (and the first chunk's on the start)", () => {
    const decoder = new GeminiStreamDecoder();
    const first = decoder.decode(
      data({
        responseId: 'r',
        candidates: [{ content: { parts: [{ text: 'Hm', thought: true }] } }],
        usageMetadata: { promptTokenCount: 5 },
      }),
    );
    expect(first.done).toBeUndefined();
    expect(first.events).toEqual([
      {
        type: 'response-start',
        id: 'r',
        model: '',
        created: expect.any(Number),
        // A stream cut later keeps these input figures (telemetry/answer-usage.ts).
        usage: {
          inputTokens: 5,
          outputTokens: 0,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          reported: { promptTokenCount: 5 },
        },
      },
      { type: 'reasoning-delta', text: 'Hm' },
    ]);
    const last = decoder.decode(
      data({
        responseId: 'r',
        candidates: [{ content: { parts: [{ text: 'Yes.' }] }, finishReason: FinishReason.MAX_TOKENS }],
        usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 2, thoughtsTokenCount: 3 },
      }),
    );
    expect(last).toEqual({
      events: [
        { type: 'text-delta', text: 'Yes.' },
        {
          type: 'usage',
          usage: {
            inputTokens: 5,
            outputTokens: 5,
            cacheReadTokens: 0,
            cacheWriteTokens: 0,
            reasoningTokens: 3,
            reported: { promptTokenCount: 5, candidatesTokenCount: 2, thoughtsTokenCount: 3 },
          },
        },
        { type: 'finish', reason: 'length' },
      ],
      passthrough: 'forward',
      done: true,
    });
  });

  it('reports audio by modality on a stream as on a whole answer (cached audio apart)', () => {
    const decoder = new GeminiStreamDecoder();
    const usageMetadata = {
      promptTokenCount: 2000,
      cachedContentTokenCount: 1500,
      candidatesTokenCount: 12,
      promptTokensDetails: [
        { modality: MediaModality.TEXT, tokenCount: 200 },
        { modality: MediaModality.AUDIO, tokenCount: 1800 },
      ],
      cacheTokensDetails: [{ modality: MediaModality.AUDIO, tokenCount: 1500 }],
      candidatesTokensDetails: [{ modality: MediaModality.TEXT, tokenCount: 12 }],
    };
    decoder.decode(data({ responseId: 'r', candidates: [{ content: { parts: [{ text: 'The ' }] } }] }));
    const last = decoder.decode(
      data({
        responseId: 'r',
        candidates: [{ content: { parts: [{ text: 'caller asks.' }] }, finishReason: FinishReason.STOP }],
        usageMetadata,
      }),
    );
    const usage = last.events.find((event) => event.type === 'usage');
    expect(usage).toMatchObject({
      usage: { audioInputTokens: 1800, cacheReadAudioTokens: 1500, audioOutputTokens: 0 },
    });
  });

  it('gives a streamed call the same id as the same call answered whole', () => {
    const chunk: GenerateContentResponseBody = {
      responseId: 'same',
      candidates: [
        {
          content: {
            role: 'model',
            parts: [{ text: 'Sure.' }, { functionCall: { name: 'f', args: { q: 1 } } }],
          },
          finishReason: FinishReason.STOP,
        },
      ],
    };
    const streamed = new GeminiStreamDecoder().decode(data(chunk)).events;
    const start = streamed.find(
      (event): event is Extract<StreamEvent, { type: 'tool-call-start' }> => event.type === 'tool-call-start',
    );
    const whole = fromGenerateContentResponse(chunk).content[1];
    expect(whole?.type === 'tool-call' && whole.id).toBe(start?.id);
    expect(streamed.at(-1)).toEqual({ type: 'finish', reason: 'tool-calls' });
  });

  it('gives a signed call the same signature-carrying id streamed or not', () => {
    const chunk: GenerateContentResponseBody = {
      responseId: 'signed',
      candidates: [
        {
          content: {
            role: 'model',
            parts: [{ functionCall: { name: 'f', args: {} }, thoughtSignature: 'c2lnbmVkLWJ5LWdlbWluaQ==' }],
          },
          finishReason: FinishReason.STOP,
        },
      ],
    };
    const start = new GeminiStreamDecoder().decode(data(chunk)).events[1];
    const whole = fromGenerateContentResponse(chunk).content[0];
    expect(start).toEqual({
      type: 'tool-call-start',
      index: 0,
      id: expect.stringMatching(/^call_[0-9a-f]{24}_sig_c2lnbmVkLWJ5LWdlbWluaQ$/),
      name: 'f',
    });
    expect(whole?.type === 'tool-call' && whole.id).toBe(start?.type === 'tool-call-start' && start.id);
  });

  it('turns a blocked prompt in the first chunk into a clear error', () => {
    const decoded = new GeminiStreamDecoder().decode(
      data({ promptFeedback: { blockReason: BlockedReason.SAFETY } }),
    );
    expect(decoded.error).toMatchObject({ code: 'content_filter', status: 400 });
    expect(decoded.error?.message).toContain('SAFETY');
    expect(decoded.done).toBeUndefined();
  });

  it('reads an error event, bad JSON and a malformed call as errors, never as a clean end', () => {
    const decoder = new GeminiStreamDecoder();
    expect(
      decoder.decode(
        data({ error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } }),
      ).error,
    ).toMatchObject({
      code: 'overloaded',
    });
    expect(decoder.decode({ data: '{"candidates": [' }).error).toMatchObject({ code: 'stream_interrupted' });
    expect(decoder.decode({ data: '[1,2]' }).error).toMatchObject({ code: 'stream_interrupted' });
    const malformed = decoder.decode(
      data({ candidates: [{ finishReason: FinishReason.MALFORMED_FUNCTION_CALL }] }),
    );
    expect(malformed.error).toMatchObject({ code: 'upstream_error' });
    // No usage came before it: nothing to bill from the stream (the record estimates if it began).
    expect(malformed.error?.reportedUsage).toBeUndefined();
    expect(malformed.done).toBeUndefined();
    expect(decoder.decode({ data: '  ' })).toEqual({ events: [], passthrough: 'drop' });
  });

  it('carries the usage reported so far on a malformed function call, which the provider billed', () => {
    const decoder = new GeminiStreamDecoder();
    decoder.decode(data({ responseId: 'r', usageMetadata: { promptTokenCount: 900 } }));
    const malformed = decoder.decode(
      data({
        candidates: [{ finishReason: FinishReason.MALFORMED_FUNCTION_CALL }],
        usageMetadata: { promptTokenCount: 900, candidatesTokenCount: 40 },
      }),
    );
    expect(malformed.error?.reportedUsage).toMatchObject({ inputTokens: 900, outputTokens: 40 });
  });
});
