import { describe, expect, it } from 'vitest';
import { mapTexts, type TextSource } from './text-fields.js';

const upper = (seen: Array<[string, TextSource]>) => (text: string, source: TextSource) => {
  seen.push([text, source]);
  return text.toUpperCase();
};

describe('mapTexts', () => {
  it('maps every OpenAI text with who wrote it, and leaves images and the input alone', () => {
    const body = {
      model: 'm',
      messages: [
        { role: 'system', content: 'be brief' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'hi' },
            { type: 'image_url', image_url: { url: 'x' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"to":"a"}' } }],
        },
        { role: 'tool', tool_call_id: 'c', content: 'result' },
      ],
    };
    const frozen = JSON.stringify(body);
    const seen: Array<[string, TextSource]> = [];
    const mapped = mapTexts('openai', body, upper(seen));
    expect(seen).toEqual([
      ['be brief', 'system'],
      ['hi', 'user'],
      ['{"to":"a"}', 'assistant'],
      ['result', 'tool'],
    ]);
    expect(JSON.stringify(body)).toBe(frozen);
    expect((mapped.messages as any)[1].content).toEqual([
      { type: 'text', text: 'HI' },
      { type: 'image_url', image_url: { url: 'x' } },
    ]);
    expect((mapped.messages as any)[2].tool_calls[0].function.arguments).toBe('{"TO":"A"}');
  });

  it('maps the Anthropic system prompt and tool results', () => {
    const body = {
      system: [{ type: 'text', text: 'sys' }],
      messages: [
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'doc' }] }],
        },
        { role: 'user', content: 'question' },
      ],
    };
    const seen: Array<[string, TextSource]> = [];
    mapTexts('anthropic', body, upper(seen));
    expect(seen).toEqual([
      ['sys', 'system'],
      ['doc', 'tool'],
      ['question', 'user'],
    ]);
  });

  it('reads attached plain-text documents and search results as untrusted, and leaves PDFs alone', () => {
    const pdf = {
      type: 'document',
      source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' },
    };
    const body = {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'attached notes' } },
            pdf,
            {
              type: 'search_result',
              source: 'https://example.com',
              title: 't',
              content: [{ type: 'text', text: 'found' }],
            },
            { type: 'text', text: 'summarise these' },
          ],
        },
      ],
    };
    const seen: Array<[string, TextSource]> = [];
    const mapped = mapTexts('anthropic', body, upper(seen)) as any;
    expect(seen).toEqual([
      ['attached notes', 'tool'],
      ['found', 'tool'],
      ['summarise these', 'user'],
    ]);
    expect(mapped.messages[0].content[0].source).toEqual({
      type: 'text',
      media_type: 'text/plain',
      data: 'ATTACHED NOTES',
    });
    expect(mapped.messages[0].content[1]).toBe(pdf);
    expect(body.messages[0]!.content[0]).toEqual({
      type: 'document',
      source: { type: 'text', media_type: 'text/plain', data: 'attached notes' },
    });
  });

  it('copies only along what changed, and returns the body itself when nothing did', () => {
    const body = {
      model: 'm',
      messages: [
        { role: 'system', content: 'keep' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'change me' },
            { type: 'text', text: 'keep' },
          ],
        },
      ],
    };
    expect(mapTexts('openai', body, (text) => text)).toBe(body);
    const mapped = mapTexts('openai', body, (text) => text.replace('change me', 'changed')) as any;
    expect(mapped).not.toBe(body);
    expect(mapped.messages[0]).toBe(body.messages[0]);
    expect(mapped.messages[1].content[1]).toBe(body.messages[1]!.content[1]);
    expect(mapped.messages[1].content[0].text).toBe('changed');
    expect(body.messages[1]!.content[0]).toEqual({ type: 'text', text: 'change me' });
  });

  it('stops at a bounded depth of nested content', () => {
    let content: unknown = [{ type: 'text', text: 'deep' }];
    for (let level = 0; level < 20; level++) content = [{ type: 'tool_result', content }];
    const seen: Array<[string, TextSource]> = [];
    mapTexts('anthropic', { messages: [{ role: 'user', content }] }, upper(seen));
    expect(seen).toEqual([]);
  });
});
