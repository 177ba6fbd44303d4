import { describe, it, expect } from 'vitest';
import { toAnthropicModelList } from './models-response.js';

const models = ['a', 'b', 'c', 'd', 'e'].map((id, index) => ({
  id,
  ownedBy: 'x',
  created: 1_700_000_000 + index * 86_400,
}));

type Page = {
  data: Array<{ id: string }>;
  has_more: boolean;
  first_id: string | null;
  last_id: string | null;
};

function ids(page: object): string[] {
  return (page as Page).data.map((model) => model.id);
}

describe('toAnthropicModelList', () => {
  it('renders Anthropic model objects with an ISO creation time', () => {
    const page = toAnthropicModelList(models.slice(0, 1));
    expect(page).toEqual({
      data: [{ type: 'model', id: 'a', display_name: 'a', created_at: '2023-11-14T22:13:20.000Z' }],
      has_more: false,
      first_id: 'a',
      last_id: 'a',
    });
  });

  it('pages forward with limit and after_id', () => {
    const first = toAnthropicModelList(models, { limit: 2 });
    expect(ids(first)).toEqual(['a', 'b']);
    expect(first).toMatchObject({ has_more: true, first_id: 'a', last_id: 'b' });
    const second = toAnthropicModelList(models, { limit: 2, afterId: 'b' });
    expect(ids(second)).toEqual(['c', 'd']);
    expect((second as Page).has_more).toBe(true);
    const last = toAnthropicModelList(models, { limit: 2, afterId: 'd' });
    expect(ids(last)).toEqual(['e']);
    expect((last as Page).has_more).toBe(false);
  });

  it('pages backward with before_id', () => {
    const page = toAnthropicModelList(models, { limit: 2, beforeId: 'e' });
    expect(ids(page)).toEqual(['c', 'd']);
    expect((page as Page).has_more).toBe(true);
    const start = toAnthropicModelList(models, { limit: 5, beforeId: 'c' });
    expect(ids(start)).toEqual(['a', 'b']);
    expect((start as Page).has_more).toBe(false);
  });

  it('has null first and last ids for an empty page', () => {
    expect(toAnthropicModelList(models, { afterId: 'e' })).toEqual({
      data: [],
      has_more: false,
      first_id: null,
      last_id: null,
    });
  });

  it('defaults to pages of 20', () => {
    const many = Array.from({ length: 25 }, (_, index) => ({ id: `m${index}`, ownedBy: 'x', created: 0 }));
    expect(ids(toAnthropicModelList(many))).toHaveLength(20);
  });

  it.each([
    [{ limit: 0 }, 'limit'],
    [{ limit: 1001 }, 'limit'],
    [{ limit: 2.5 }, 'limit'],
    [{ afterId: 'zzz' }, 'after_id'],
    [{ beforeId: 'zzz' }, 'before_id'],
    [{ afterId: 'a', beforeId: 'c' }, 'before_id'],
  ])('rejects %j', (options, param) => {
    expect(() => toAnthropicModelList(models, options)).toThrow(
      expect.objectContaining({ code: 'invalid_request', param }),
    );
  });
});
