/** OpenAI's usage object. */
import { describe, expect, it } from '@jest/globals';
import { openAiUsage } from '../../../../src/providers/openai/usage.js';

describe('openAiUsage', () => {
  it('names the counts as OpenAI does and totals them', () => {
    expect(openAiUsage({ inputTokens: 9, outputTokens: 3 })).toEqual({ prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 });
    expect(openAiUsage({ inputTokens: 0, outputTokens: 0 })).toEqual({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
  });

  it('keeps the field order of the API (prompt, completion, total)', () => {
    expect(JSON.stringify(openAiUsage({ inputTokens: 1, outputTokens: 2 }))).toBe('{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}');
  });
});
