import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors.js';
import { embeddingsRequest as geminiEmbeddings } from './gemini/request.js';
import { textInputs } from './text-inputs.js';

describe('textInputs', () => {
  it('gives texts back as they are', () => {
    expect(textInputs({ model: 'm', input: ['a', 'b'] })).toEqual(['a', 'b']);
  });

  it('refuses token arrays with a 400 naming input, as a text-only provider does', () => {
    expect(() => textInputs({ model: 'm', input: [[1, 2]] })).toThrow(GatewayError);
    expect(() =>
      geminiEmbeddings(
        { model: 'text-embedding-004', input: [[1, 2]] },
        { name: 'g', type: 'gemini', baseUrl: 'https://g.test/v1beta', headers: {}, apiKeys: [] } as never,
        'k',
      ),
    ).toThrow(/token arrays can only go to an OpenAI-dialect provider/);
  });
});
