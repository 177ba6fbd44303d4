import { describe, it, expect } from 'vitest';
import { toOpenAIModelList } from './models-response.js';

describe('toOpenAIModelList', () => {
  it('renders OpenAI list objects in the given order', () => {
    expect(
      toOpenAIModelList([
        { id: 'fast', ownedBy: 'switchyard', created: 1_700_000_000 },
        { id: 'gpt-x', ownedBy: 'openai', created: 1_600_000_000 },
      ]),
    ).toEqual({
      object: 'list',
      data: [
        { id: 'fast', object: 'model', created: 1_700_000_000, owned_by: 'switchyard' },
        { id: 'gpt-x', object: 'model', created: 1_600_000_000, owned_by: 'openai' },
      ],
    });
  });

  it('renders an empty list', () => {
    expect(toOpenAIModelList([])).toEqual({ object: 'list', data: [] });
  });
});
