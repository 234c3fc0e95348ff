import { describe, expect, it } from '@jest/globals';
import { anthropicModelList, wantsAnthropicModels } from '../../../../src/providers/anthropic/models.js';
import type { ListedModel } from '../../../../src/models/catalogue.js';

const model = (id: string, window: number | null = null): ListedModel => ({ id, displayName: id, ownedBy: 'x', created: 1_700_000_000, contextWindow: window, maxOutputTokens: window && 1000 });
const page = (models: ListedModel[], query = '') => {
  const r = anthropicModelList(models, new URLSearchParams(query));
  if (!r.ok) throw new Error(r.error.body);
  return JSON.parse(r.body) as { data: Array<Record<string, unknown>>; has_more: boolean; first_id: string | null; last_id: string | null };
};
const ids = (p: ReturnType<typeof page>) => p.data.map((m) => m.id);

describe('Anthropic model list', () => {
  it('lists models with RFC 3339 created_at, their limits and the page fields', () => {
    expect(page([model('claude-a', 200_000), model('claude-b')])).toEqual({
      data: [
        { type: 'model', id: 'claude-a', display_name: 'claude-a', created_at: '2023-11-14T22:13:20Z', max_input_tokens: 200_000, max_tokens: 1000 },
        { type: 'model', id: 'claude-b', display_name: 'claude-b', created_at: '2023-11-14T22:13:20Z', max_input_tokens: null, max_tokens: null },
      ],
      has_more: false,
      first_id: 'claude-a',
      last_id: 'claude-b',
    });
    expect(page([])).toEqual({ data: [], has_more: false, first_id: null, last_id: null });
  });

  it('pages with limit, after_id and before_id', () => {
    const all = ['a', 'b', 'c', 'd', 'e'].map((id) => model(id));
    expect(page(all, 'limit=2')).toMatchObject({ has_more: true, first_id: 'a', last_id: 'b' });
    expect(ids(page(all, 'limit=2&after_id=b'))).toEqual(['c', 'd']);
    expect(page(all, 'limit=2&after_id=d')).toMatchObject({ has_more: false, first_id: 'e', last_id: 'e' });
    expect(ids(page(all, 'limit=2&before_id=d'))).toEqual(['b', 'c']);
    expect(page(all, 'limit=2&before_id=d').has_more).toBe(true);
    expect(page(all, 'limit=2&before_id=c').has_more).toBe(false);
    // Default page size is 20, as the API's.
    expect(page(Array.from({ length: 25 }, (_, i) => model(`m${i}`))).data).toHaveLength(20);
  });

  it('refuses a bad limit or an unknown cursor with a 400 in Anthropic\'s shape', () => {
    for (const q of ['limit=0', 'limit=1001', 'limit=x', 'after_id=nope', 'before_id=nope']) {
      const r = anthropicModelList([model('a')], new URLSearchParams(q));
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.status).toBe(400);
        expect(JSON.parse(r.error.body).error.type).toBe('invalid_request_error');
      }
    }
  });

  it('is chosen by the anthropic-version header', () => {
    expect(wantsAnthropicModels({ 'anthropic-version': '2023-06-01' })).toBe(true);
    expect(wantsAnthropicModels({ authorization: 'Bearer x' })).toBe(false);
  });
});
