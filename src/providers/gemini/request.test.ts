import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/index.js';
import { GatewayError } from '../../errors.js';
import type { ChatCall, ProviderSettings } from '../provider.js';
import { chatRequest, embeddingsRequest, toGenerateContentBody } from './request.js';
import { fromGenerateContentResponse } from './response.js';

const settings: ProviderSettings = {
  name: 'gemini',
  type: 'gemini',
  baseUrl: 'https://generativelanguage.googleapis.com/v1beta/',
  apiKeys: ['AIza-secret'],
  headers: { 'X-Team': 'search', 'x-goog-api-key': 'must-not-win' },
};

function request(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'gemini',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    stream: false,
    streamUsage: false,
    ...overrides,
  };
}

function call(overrides: Partial<ChatCall> = {}): ChatCall {
  return {
    model: 'gemini-2.5-flash',
    stream: false,
    payload: { kind: 'canonical', request: request() },
    settings,
    apiKey: 'AIza-secret',
    ...overrides,
  };
}

describe('chatRequest', () => {
  it('posts to :generateContent with the key in x-goog-api-key, never in the URL', () => {
    const built = chatRequest(call());
    expect(built.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent',
    );
    expect(built.url).not.toContain('AIza');
    expect(built.headers).toEqual({
      'x-team': 'search',
      'content-type': 'application/json',
      'x-goog-api-key': 'AIza-secret',
    });
  });

  it('streams through :streamGenerateContent with alt=sse', () => {
    expect(chatRequest(call({ stream: true })).url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    );
  });

  it('keeps a client-chosen model inside one path segment', () => {
    const built = chatRequest(call({ model: '../../files/x?alt=media' }));
    expect(built.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/..%2F..%2Ffiles%2Fx%3Falt%3Dmedia:generateContent',
    );
  });

  it('refuses a native payload: Gemini has no client dialect', () => {
    expect(() => chatRequest(call({ payload: { kind: 'native', body: {}, headers: {} } }))).toThrow(
      GatewayError,
    );
  });
});

describe('toGenerateContentBody', () => {
  it('merges a tool result and the next user text into one user turn, results first, named by their call', () => {
    const body = toGenerateContentBody(
      request({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'thinking' },
              { type: 'text', text: 'Checking.' },
              { type: 'tool-call', id: 'call_1', name: 'weather', arguments: 'not json' },
            ],
          },
          {
            role: 'tool',
            content: [
              {
                type: 'tool-result',
                toolCallId: 'call_1',
                isError: true,
                content: [{ type: 'text', text: 'timeout' }],
              },
            ],
          },
          { role: 'user', content: [{ type: 'text', text: 'And now?' }] },
        ],
      }),
    );
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather?' }] },
      {
        role: 'model',
        parts: [{ text: 'Checking.' }, { functionCall: { name: 'weather', args: { _raw: 'not json' } } }],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'weather', response: { error: 'timeout' } } },
          { text: 'And now?' },
        ],
      },
    ]);
  });

  it('sends a signed call back with the thought signature Gemini gave it, and no other call signed', () => {
    const signature = 'CiQB0e2Kb+/7x1mZ0e2Kb+/7x1mZ0e2Kb+/7x1mZ0e2Kb+/7x1k=';
    const answer = fromGenerateContentResponse({
      responseId: 'turn-1',
      candidates: [
        {
          content: {
            parts: [
              { functionCall: { name: 'lookup', args: { q: 'a' } }, thoughtSignature: signature },
              { functionCall: { name: 'lookup', args: { q: 'b' } } },
            ],
          },
        },
      ],
    });
    const ids = answer.content.map((part) => (part.type === 'tool-call' ? part.id : ''));
    const body = toGenerateContentBody(
      request({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Look up a and b.' }] },
          { role: 'assistant', content: answer.content },
          {
            role: 'tool',
            content: ids.map((toolCallId) => ({
              type: 'tool-result' as const,
              toolCallId,
              content: [{ type: 'text' as const, text: 'found' }],
            })),
          },
        ],
      }),
    );
    expect(body.contents[1]).toEqual({
      role: 'model',
      parts: [
        { functionCall: { name: 'lookup', args: { q: 'a' } }, thoughtSignature: signature },
        { functionCall: { name: 'lookup', args: { q: 'b' } } },
      ],
    });
    expect(body.contents[2]?.parts).toHaveLength(2);
  });

  it('forwards no signature from a tampered or oversized id', () => {
    const tampered = [
      'call_0123456789abcdef01234567_sig_A',
      `call_0123456789abcdef01234567_sig_${'A'.repeat(20_000)}`,
    ];
    const body = toGenerateContentBody(
      request({
        messages: tampered.map((id) => ({
          role: 'assistant' as const,
          content: [{ type: 'tool-call' as const, id, name: 'f', arguments: '{}' }],
        })),
      }),
    );
    expect(body.contents).toEqual([
      {
        role: 'model',
        parts: [{ functionCall: { name: 'f', args: {} } }, { functionCall: { name: 'f', args: {} } }],
      },
    ]);
  });

  it('refuses a tool result whose call is not in the conversation, naming the id', () => {
    const orphan = request({
      messages: [{ role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_gone', content: [] }] }],
    });
    expect(() => toGenerateContentBody(orphan)).toThrow(/call_gone/);
    try {
      toGenerateContentBody(orphan);
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_request', status: 400 });
    }
  });

  it('sends images inline and refuses a URL the pipeline did not fetch with a clear 400', () => {
    const inline = toGenerateContentBody(
      request({
        messages: [
          {
            role: 'user',
            content: [{ type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } }],
          },
        ],
      }),
    );
    expect(inline.contents[0]?.parts).toEqual([{ inlineData: { mimeType: 'image/png', data: 'iVBOR' } }]);
    const remote = request({
      messages: [
        {
          role: 'user',
          content: [{ type: 'image', source: { kind: 'url', url: 'gs://bucket/cat.png' } }],
        },
      ],
    });
    expect(() => toGenerateContentBody(remote)).toThrow(
      expect.objectContaining({ code: 'invalid_request', status: 400 }),
    );
    expect(() => toGenerateContentBody(remote)).toThrow(/base64 data URL/);
  });

  it('maps every tool choice to functionCallingConfig', () => {
    const tools = [
      { name: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
    ];
    const mode = (toolChoice: ChatRequest['toolChoice']) =>
      toGenerateContentBody(request({ tools, toolChoice })).toolConfig;
    expect(mode({ type: 'auto' })).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
    expect(mode({ type: 'none' })).toEqual({ functionCallingConfig: { mode: 'NONE' } });
    expect(mode({ type: 'required' })).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(mode({ type: 'tool', name: 'weather' })).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['weather'] },
    });
    expect(mode(undefined)).toBeUndefined();
  });

  it('leaves out parameters for a tool without arguments and sends no tools key for none', () => {
    const body = toGenerateContentBody(
      request({
        tools: [{ name: 'now', parameters: { type: 'object', properties: {}, additionalProperties: false } }],
      }),
    );
    expect(body.tools).toEqual([{ functionDeclarations: [{ name: 'now' }] }]);
    expect(toGenerateContentBody(request({ tools: [] }))).not.toHaveProperty('tools');
  });

  it('maps json output, thinking budgets and reasoning effort into generationConfig', () => {
    expect(toGenerateContentBody(request({ responseFormat: { type: 'json' } })).generationConfig).toEqual({
      responseMimeType: 'application/json',
    });
    expect(toGenerateContentBody(request({ responseFormat: { type: 'text' } }))).not.toHaveProperty(
      'generationConfig',
    );
    expect(toGenerateContentBody(request({ reasoningEffort: 'high' })).generationConfig).toEqual({
      thinkingConfig: { thinkingBudget: 24576 },
    });
    expect(toGenerateContentBody(request({ reasoningEffort: 'extreme' }))).not.toHaveProperty(
      'generationConfig',
    );
    expect(
      toGenerateContentBody(request({ reasoningBudget: 0, reasoningEffort: 'high' })).generationConfig,
    ).toEqual({
      thinkingConfig: { thinkingBudget: 0, includeThoughts: true },
    });
  });

  it('drops empty system text and leaves the input untouched', () => {
    const input = request({ system: [{ type: 'text', text: '' }] });
    const copy = structuredClone(input);
    expect(toGenerateContentBody(input)).not.toHaveProperty('systemInstruction');
    expect(input).toEqual(copy);
  });
});

describe('embeddingsRequest', () => {
  it('batches every input with its dimensions in one batchEmbedContents call', () => {
    const built = embeddingsRequest(
      { model: 'gemini-embedding-001', input: ['a', 'b'], dimensions: 768 },
      settings,
      'AIza-2',
    );
    expect(built.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents',
    );
    expect(built.headers['x-goog-api-key']).toBe('AIza-2');
    expect(JSON.parse(built.body ?? '')).toEqual({
      requests: [
        {
          model: 'models/gemini-embedding-001',
          content: { parts: [{ text: 'a' }] },
          outputDimensionality: 768,
        },
        {
          model: 'models/gemini-embedding-001',
          content: { parts: [{ text: 'b' }] },
          outputDimensionality: 768,
        },
      ],
    });
  });
});
