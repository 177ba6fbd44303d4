import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/index.js';
import { GatewayError } from '../../errors.js';
import type { ProviderSettings } from '../provider.js';
import { modelPath } from './api.js';
import { toConverseBody, toConverseRequest, toEmbeddingsRequest } from './request.js';

const settings: ProviderSettings = {
  name: 'bedrock',
  type: 'bedrock',
  baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com/',
  apiKeys: [],
  headers: { 'X-Team': 'search' },
};

function request(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'alias',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    stream: false,
    streamUsage: false,
    ...overrides,
  };
}

function call(model: string, stream: boolean, apiKey = '') {
  return { model, stream, payload: { kind: 'canonical' as const, request: request() }, settings, apiKey };
}

describe('toConverseRequest', () => {
  it('encodes the model id as one path segment (ids hold ":" and ARNs "/")', () => {
    expect(toConverseRequest(call('anthropic.claude-3-5-haiku-20241022-v1:0', false)).url).toBe(
      'https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse',
    );
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-7(x)';
    expect(toConverseRequest(call(arn, true)).url).toBe(
      'https://bedrock-runtime.us-east-1.amazonaws.com/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-3-7%28x%29/converse-stream',
    );
    expect(modelPath('a/b')).toBe('/model/a%2Fb');
  });

  it('asks for an event stream when streaming and sends an API key as a bearer token', () => {
    const streamed = toConverseRequest(call('m', true, 'bedrock-api-key-1'));
    expect(streamed.headers).toEqual({
      'x-team': 'search',
      'content-type': 'application/json',
      accept: 'application/vnd.amazon.eventstream',
      authorization: 'Bearer bedrock-api-key-1',
    });
    expect(toConverseRequest(call('m', false)).headers.authorization).toBeUndefined();
  });

  it('refuses a native payload, which only dialect providers receive', () => {
    expect(() =>
      toConverseRequest({ ...call('m', false), payload: { kind: 'native', body: {}, headers: {} } }),
    ).toThrow(GatewayError);
  });
});

describe('toConverseBody', () => {
  it('maps images, tool calls, tool results, reasoning and merges turns of one role', () => {
    const body = toConverseBody(
      request({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image', source: { kind: 'base64', mediaType: 'image/JPEG', data: 'aGVsbG8=' } },
            ],
          },
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'unsigned thoughts are dropped' },
              { type: 'reasoning', text: 'signed', signature: 'sig-1' },
              { type: 'redacted-reasoning', data: 'cmVkYWN0ZWQ=' },
              { type: 'tool-call', id: 't1', name: 'look', arguments: 'not json' },
            ],
          },
          {
            role: 'tool',
            content: [{ type: 'tool-result', toolCallId: 't1', content: [], isError: true }],
          },
          {
            role: 'user',
            content: [
              { type: 'text', text: '   ' },
              { type: 'text', text: 'Go on' },
            ],
          },
        ],
      }),
      'amazon.nova-pro-v1:0',
    );
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [{ text: 'What is this?' }, { image: { format: 'jpeg', source: { bytes: 'aGVsbG8=' } } }],
      },
      {
        role: 'assistant',
        content: [
          { reasoningContent: { reasoningText: { text: 'signed', signature: 'sig-1' } } },
          { reasoningContent: { redactedContent: 'cmVkYWN0ZWQ=' } },
          { toolUse: { toolUseId: 't1', name: 'look', input: { _raw: 'not json' } } },
        ],
      },
      {
        role: 'user',
        content: [
          { toolResult: { toolUseId: 't1', content: [{ text: '' }], status: 'error' } },
          { text: 'Go on' },
        ],
      },
    ]);
  });

  it('rejects http(s) image URLs and unknown image types with a clear 400', () => {
    const withImage = (
      source: { kind: 'url'; url: string } | { kind: 'base64'; mediaType: string; data: string },
    ) => request({ messages: [{ role: 'user', content: [{ type: 'image', source }] }] });
    const url = captured(() =>
      toConverseBody(withImage({ kind: 'url', url: 'https://example.com/a.png' }), 'm'),
    );
    expect(url.code).toBe('invalid_request');
    expect(url.status).toBe(400);
    expect(url.message).toMatch(/data URL/);
    const tiff = captured(() =>
      toConverseBody(withImage({ kind: 'base64', mediaType: 'image/tiff', data: 'x' }), 'm'),
    );
    expect(tiff.message).toMatch(/png, jpeg, gif and webp/);
  });

  it('sends Claude thinking and top_k as additional fields, and nothing extra to other families', () => {
    const thinking = request({ reasoningBudget: 2048, topK: 5, maxTokens: 8000 });
    expect(
      toConverseBody(thinking, 'us.anthropic.claude-3-7-sonnet-20250219-v1:0').additionalModelRequestFields,
    ).toEqual({
      thinking: { type: 'enabled', budget_tokens: 2048 },
      top_k: 5,
    });
    expect(
      toConverseBody(thinking, 'meta.llama3-70b-instruct-v1:0').additionalModelRequestFields,
    ).toBeUndefined();
  });

  it('maps tool choice auto and leaves tools out for "none" unless the conversation used tools', () => {
    const tools = [{ name: 'f', parameters: {} }];
    expect(toConverseBody(request({ tools, toolChoice: { type: 'auto' } }), 'm').toolConfig).toEqual({
      tools: [{ toolSpec: { name: 'f', inputSchema: { json: { type: 'object' } } } }],
      toolChoice: { auto: {} },
    });
    expect(toConverseBody(request({ tools, toolChoice: { type: 'none' } }), 'm').toolConfig).toBeUndefined();
    const history = request({
      tools,
      toolChoice: { type: 'none' },
      messages: [
        { role: 'assistant', content: [{ type: 'tool-call', id: 'a', name: 'f', arguments: '{}' }] },
        {
          role: 'tool',
          content: [{ type: 'tool-result', toolCallId: 'a', content: [{ type: 'text', text: 'ok' }] }],
        },
      ],
    });
    expect(toConverseBody(history, 'm').toolConfig?.toolChoice).toBeUndefined();
    expect(toConverseBody(history, 'm').toolConfig?.tools).toHaveLength(1);
  });

  it('turns a plain JSON response format into a system instruction', () => {
    const body = toConverseBody(request({ responseFormat: { type: 'json' } }), 'm');
    expect(body.system?.[0]).toEqual({ text: expect.stringMatching(/valid JSON object/) });
    expect(body.outputConfig).toBeUndefined();
  });
});

describe('toEmbeddingsRequest', () => {
  const embed = (model: string, input: string[], dimensions?: number) =>
    toEmbeddingsRequest({ model, input, ...(dimensions === undefined ? {} : { dimensions }) }, settings, '');

  it('asks Titan v2 for normalized floats with the requested dimensions', () => {
    const built = embed('amazon.titan-embed-text-v2:0', ['hello'], 512);
    expect(built.url).toBe(
      'https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.titan-embed-text-v2%3A0/invoke',
    );
    expect(JSON.parse(built.body ?? '')).toEqual({
      inputText: 'hello',
      dimensions: 512,
      normalize: true,
      embeddingTypes: ['float'],
    });
  });

  it('sends Titan v1 its input text only', () => {
    expect(JSON.parse(embed('amazon.titan-embed-text-v1', ['hi']).body ?? '')).toEqual({ inputText: 'hi' });
    expect(captured(() => embed('amazon.titan-embed-text-v1', ['hi'], 256)).message).toMatch(/dimensions/);
  });

  it('refuses several inputs for Titan, which embeds one text per call', () => {
    const error = captured(() => embed('amazon.titan-embed-text-v2:0', ['a', 'b']));
    expect(error.code).toBe('invalid_request');
    expect(error.param).toBe('input');
  });

  it('sends Cohere all texts as documents, asking for floats', () => {
    expect(JSON.parse(embed('cohere.embed-english-v3', ['a', 'b']).body ?? '')).toEqual({
      texts: ['a', 'b'],
      input_type: 'search_document',
      embedding_types: ['float'],
    });
    expect(JSON.parse(embed('cohere.embed-v4:0', ['a'], 256).body ?? '').output_dimension).toBe(256);
  });

  it('names the supported families for any other model', () => {
    expect(captured(() => embed('amazon.nova-pro-v1:0', ['a'])).message).toMatch(
      /titan-embed.*cohere\.embed/,
    );
  });
});

function captured(action: () => unknown): GatewayError {
  try {
    action();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}
