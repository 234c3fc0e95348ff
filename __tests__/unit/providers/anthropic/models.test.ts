import { describe, expect, it } from '@jest/globals';
import { anthropicModelList, wantsAnthropicModels } from '../../../../src/providers/anthropic/models.js';

describe('Anthropic model list', () => {
  it('lists ids with RFC 3339 created_at and the page fields', () => {
    expect(JSON.parse(anthropicModelList(['claude-a', 'claude-b'], 1_700_000_000))).toEqual({
      data: [
        { type: 'model', id: 'claude-a', display_name: 'claude-a', created_at: '2023-11-14T22:13:20Z' },
        { type: 'model', id: 'claude-b', display_name: 'claude-b', created_at: '2023-11-14T22:13:20Z' },
      ],
      has_more: false,
      first_id: 'claude-a',
      last_id: 'claude-b',
    });
    expect(JSON.parse(anthropicModelList([], 0))).toEqual({ data: [], has_more: false, first_id: null, last_id: null });
  });

  it('is chosen by the anthropic-version header', () => {
    expect(wantsAnthropicModels({ 'anthropic-version': '2023-06-01' })).toBe(true);
    expect(wantsAnthropicModels({ authorization: 'Bearer x' })).toBe(false);
  });
});
