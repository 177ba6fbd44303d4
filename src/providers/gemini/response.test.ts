import { BlockedReason, FinishReason, MediaModality } from '@google/genai';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors.js';
import type { GenerateContentResponseBody } from './api.js';
import {
  fromBatchEmbedContents,
  fromGenerateContentResponse,
  fromUsageMetadata,
  MAX_SIGNATURE_LENGTH,
  thoughtSignatureOf,
  withThoughtSignature,
} from './response.js';

function answer(overrides: Partial<GenerateContentResponseBody> = {}): GenerateContentResponseBody {
  return {
    responseId: 'resp-1',
    modelVersion: 'gemini-2.5-flash',
    candidates: [
      { index: 0, content: { role: 'model', parts: [{ text: 'Hi.' }] }, finishReason: FinishReason.STOP },
    ],
    usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5 },
    ...overrides,
  };
}

function errorOf(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

describe('fromGenerateContentResponse', () => {
  it('reads text, time and usage', () => {
    expect(fromGenerateContentResponse(answer({ createTime: '2025-01-01T00:00:09Z' }))).toEqual({
      id: 'resp-1',
      model: 'gemini-2.5-flash',
      created: 1735689609,
      content: [{ type: 'text', text: 'Hi.' }],
      finishReason: 'stop',
      usage: {
        inputTokens: 3,
        outputTokens: 2,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        reported: { promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5 },
      },
    });
  });

  it('gives function calls stable, distinct ids that depend on response, position and name', () => {
    const calls = answer({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { functionCall: { name: 'a', args: { x: 1 } } },
              { functionCall: { name: 'a', args: { x: 2 } } },
              { functionCall: { name: 'b' } },
            ],
          },
          finishReason: FinishReason.STOP,
        },
      ],
    });
    const first = fromGenerateContentResponse(calls);
    const again = fromGenerateContentResponse(structuredClone(calls));
    const ids = first.content.map((part) => (part.type === 'tool-call' ? part.id : ''));
    expect(ids).toEqual(again.content.map((part) => (part.type === 'tool-call' ? part.id : '')));
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^call_[0-9a-f]{24}$/);
    const otherTurn = fromGenerateContentResponse({ ...calls, responseId: 'resp-2' });
    expect(otherTurn.content[0]).not.toEqual(first.content[0]);
    expect(first.content[2]).toMatchObject({ name: 'b', arguments: '{}' });
    expect(first.finishReason).toBe('tool-calls');
  });

  it('reports a prompt blocked with HTTP 200 as a clear 400 naming the reason', () => {
    const error = errorOf(() =>
      fromGenerateContentResponse({
        promptFeedback: { blockReason: BlockedReason.PROHIBITED_CONTENT },
        usageMetadata: { promptTokenCount: 8 },
      }),
    );
    expect(error).toMatchObject({ code: 'content_filter', status: 400, retryable: false });
    expect(error.message).toContain('PROHIBITED_CONTENT');
  });

  it.each([
    [FinishReason.MAX_TOKENS, 'length'],
    [FinishReason.SAFETY, 'content-filter'],
    [FinishReason.RECITATION, 'content-filter'],
    [FinishReason.BLOCKLIST, 'content-filter'],
    [FinishReason.PROHIBITED_CONTENT, 'content-filter'],
    [FinishReason.SPII, 'content-filter'],
    [FinishReason.OTHER, 'other'],
  ])('maps finishReason %s to %s', (reason, expected) => {
    const candidates = [{ content: { role: 'model', parts: [] }, finishReason: reason }];
    expect(fromGenerateContentResponse(answer({ candidates })).finishReason).toBe(expected);
  });

  it('turns MALFORMED_FUNCTION_CALL into an upstream error', () => {
    const candidates = [{ finishReason: FinishReason.MALFORMED_FUNCTION_CALL }];
    expect(errorOf(() => fromGenerateContentResponse(answer({ candidates })))).toMatchObject({
      code: 'upstream_error',
      status: 502,
    });
  });

  it('keeps the usage a malformed function call reported on its error: the answer was billed', () => {
    const candidates = [{ finishReason: FinishReason.MALFORMED_FUNCTION_CALL }];
    const usageMetadata = { promptTokenCount: 12_000, candidatesTokenCount: 300 };
    const error = errorOf(() => fromGenerateContentResponse({ candidates, usageMetadata }));
    expect(error.reportedUsage).toMatchObject({ inputTokens: 12_000, outputTokens: 300 });
    const bare = errorOf(() => fromGenerateContentResponse({ candidates }));
    expect(bare.reportedUsage).toBeUndefined();
  });

  it('reads a safety stop without content and survives hostile shapes', () => {
    expect(
      fromGenerateContentResponse({ candidates: [{ finishReason: FinishReason.SAFETY }] }).content,
    ).toEqual([]);
    expect(fromGenerateContentResponse({ candidates: 'nope', usageMetadata: 'x' }).usage).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
    });
    expect(() => fromGenerateContentResponse('text')).toThrow(GatewayError);
    expect(() => fromGenerateContentResponse(null)).toThrow(GatewayError);
  });
});

/** A signature as Gemini sends it: standard base64 with `+`, `/` and `=` padding (301 bytes). */
const signature = Buffer.from(Array.from({ length: 301 }, (_, index) => (index * 97 + 251) % 256)).toString(
  'base64',
);

describe('thought signatures in tool call ids', () => {
  const signedAnswer = answer({
    responseId: 'resp-signed',
    candidates: [
      {
        content: {
          role: 'model',
          parts: [
            { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: signature },
            { functionCall: { name: 'get_weather', args: { city: 'Lyon' } } },
          ],
        },
        finishReason: FinishReason.STOP,
      },
    ],
  });

  it('carries the signature of a signed call in its id, in characters Anthropic ids allow', () => {
    const [signed, unsigned] = fromGenerateContentResponse(signedAnswer).content;
    const signedId = signed?.type === 'tool-call' ? signed.id : '';
    expect(signedId).toMatch(/^call_[0-9a-f]{24}_sig_[a-zA-Z0-9_-]+$/);
    expect(thoughtSignatureOf(signedId)).toBe(signature);
    // Unsigned calls keep the plain id; the hash part is the one an unsigned call would get.
    expect(unsigned?.type === 'tool-call' && unsigned.id).toMatch(/^call_[0-9a-f]{24}$/);
    const plain = fromGenerateContentResponse(
      answer({
        responseId: 'resp-signed',
        candidates: [{ content: { parts: [{ functionCall: { name: 'get_weather' } }] } }],
      }),
    ).content[0];
    expect(plain?.type === 'tool-call' && signedId.startsWith(`${plain.id}_sig_`)).toBe(true);
  });

  it('does not embed a malformed or oversized signature', () => {
    const id = 'call_0123456789abcdef01234567';
    expect(withThoughtSignature(id, undefined)).toBe(id);
    expect(withThoughtSignature(id, 42)).toBe(id);
    expect(withThoughtSignature(id, '')).toBe(id);
    expect(withThoughtSignature(id, 'not base64!')).toBe(id);
    expect(withThoughtSignature(id, 'A'.repeat(MAX_SIGNATURE_LENGTH + 4))).toBe(id);
    expect(withThoughtSignature(id, 'A'.repeat(MAX_SIGNATURE_LENGTH))).toBe(
      `${id}_sig_${'A'.repeat(MAX_SIGNATURE_LENGTH)}`,
    );
  });

  it('takes back nothing from ids a client edited, forged or inflated', () => {
    const id = withThoughtSignature('call_0123456789abcdef01234567', signature);
    expect(thoughtSignatureOf(id)).toBe(signature);
    expect(thoughtSignatureOf('call_0123456789abcdef01234567')).toBeUndefined();
    expect(thoughtSignatureOf('toolu_01_sig_AAAA')).toBeUndefined();
    expect(thoughtSignatureOf(id.replace('call_', 'call_x'))).toBeUndefined();
    expect(thoughtSignatureOf(`${id}=`)).toBeUndefined();
    expect(thoughtSignatureOf(`${id}+`)).toBeUndefined();
    // A dangling character, or trailing bits a canonical encoder never writes.
    expect(thoughtSignatureOf(`${id}AAA`)).toBeUndefined(); // 405 characters: one left over
    expect(thoughtSignatureOf('call_0123456789abcdef01234567_sig_AB')).toBeUndefined();
    expect(thoughtSignatureOf('call_0123456789abcdef01234567_sig_AQ')).toBe('AQ==');
    const huge = `call_0123456789abcdef01234567_sig_${'A'.repeat(MAX_SIGNATURE_LENGTH + 4)}`;
    expect(thoughtSignatureOf(huge)).toBeUndefined();
  });
});

describe('fromUsageMetadata', () => {
  it('keeps cache reads inside input and adds thoughts (outside candidates) to output', () => {
    const metadata = {
      promptTokenCount: 1200,
      cachedContentTokenCount: 1000,
      candidatesTokenCount: 40,
      thoughtsTokenCount: 100,
      toolUsePromptTokenCount: 30,
    };
    expect(fromUsageMetadata(metadata)).toEqual({
      inputTokens: 1230,
      outputTokens: 140,
      cacheReadTokens: 1000,
      cacheWriteTokens: 0,
      reasoningTokens: 100,
      reported: metadata,
    });
    expect(fromUsageMetadata({ promptTokenCount: -5, candidatesTokenCount: Number.NaN })).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reported: { promptTokenCount: -5, candidatesTokenCount: Number.NaN },
    });
    // No usageMetadata at all: nothing reported.
    expect(fromUsageMetadata(undefined).reported).toBeUndefined();
  });

  it('keeps the AUDIO counts by modality: prompt (cached audio included), cached part, tool use and answer', () => {
    const usage = fromUsageMetadata({
      promptTokenCount: 4000,
      cachedContentTokenCount: 3000,
      candidatesTokenCount: 500,
      toolUsePromptTokenCount: 100,
      promptTokensDetails: [
        { modality: MediaModality.TEXT, tokenCount: 1000 },
        { modality: MediaModality.AUDIO, tokenCount: 3000 },
      ],
      cacheTokensDetails: [
        { modality: MediaModality.TEXT, tokenCount: 800 },
        { modality: MediaModality.AUDIO, tokenCount: 2200 },
      ],
      toolUsePromptTokensDetails: [{ modality: MediaModality.AUDIO, tokenCount: 40 }],
      candidatesTokensDetails: [
        { modality: MediaModality.TEXT, tokenCount: 100 },
        { modality: MediaModality.AUDIO, tokenCount: 400 },
      ],
    });
    expect(usage).toMatchObject({
      inputTokens: 4100,
      cacheReadTokens: 3000,
      audioInputTokens: 3040,
      cacheReadAudioTokens: 2200,
      outputTokens: 500,
      audioOutputTokens: 400,
    });
    // Lists without audio report none; lists not sent (older models) leave the counts unreported.
    const text = fromUsageMetadata({
      promptTokenCount: 10,
      promptTokensDetails: [{ modality: MediaModality.TEXT, tokenCount: 10 }],
      candidatesTokensDetails: [{ modality: MediaModality.TEXT, tokenCount: 'x' }, null],
    });
    expect(text).toMatchObject({ audioInputTokens: 0, audioOutputTokens: 0 });
    expect(text.cacheReadAudioTokens).toBeUndefined();
    const bare = fromUsageMetadata({ promptTokenCount: 10 });
    expect([bare.audioInputTokens, bare.cacheReadAudioTokens, bare.audioOutputTokens]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('fromBatchEmbedContents', () => {
  it('keeps input order and rejects malformed vectors', () => {
    expect(fromBatchEmbedContents({ embeddings: [{ values: [0.1, 0.2] }, { values: [0.3] }] })).toEqual({
      model: '',
      vectors: [[0.1, 0.2], [0.3]],
      inputTokens: 0,
    });
    expect(() => fromBatchEmbedContents({ embeddings: [{ values: ['x'] }] })).toThrow(GatewayError);
    expect(() => fromBatchEmbedContents({})).toThrow(GatewayError);
  });
});
