/** Neutral finish reasons in OpenAI's words, and the words a fixture wrote itself. */
import { describe, expect, it } from '@jest/globals';
import type { FinishReason } from '../../../../src/canonical/answer.js';
import { openAiFinishReason } from '../../../../src/providers/openai/finish-reason.js';

// A Record over the union: adding a neutral reason without a row here fails the typecheck.
const EXPECTED: Record<FinishReason, string> = {
  stop: 'stop',
  stop_sequence: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  content_filter: 'content_filter',
  refusal: 'stop',
  other: 'stop',
};

describe('openAiFinishReason', () => {
  it.each(Object.entries(EXPECTED) as Array<[FinishReason, string]>)('%s -> %s', (reason, word) => {
    expect(openAiFinishReason({ reason })).toBe(word);
  });

  it('covers all seven neutral reasons', () => {
    expect(Object.keys(EXPECTED)).toHaveLength(7);
  });

  it("a fixture's own finish_reason is sent verbatim, whatever the neutral reason", () => {
    expect(openAiFinishReason({ reason: 'stop', written: { openai: 'eos_token' } })).toBe('eos_token');
    expect(openAiFinishReason({ reason: 'tool_calls', written: { openai: 'function_call' } })).toBe('function_call');
    expect(openAiFinishReason({ reason: 'other', written: { openai: 'custom', anthropic: 'pause_turn' } })).toBe('custom');
  });

  it('a stop_reason with no neutral meaning is sent as written', () => {
    expect(openAiFinishReason({ reason: 'other', written: { anthropic: 'pause_turn' } })).toBe('pause_turn');
  });

  it('a stop_reason that has a neutral meaning is translated, not copied', () => {
    expect(openAiFinishReason({ reason: 'stop_sequence', written: { anthropic: 'stop_sequence' } })).toBe('stop');
    expect(openAiFinishReason({ reason: 'length', written: { anthropic: 'max_tokens' } })).toBe('length');
    expect(openAiFinishReason({ reason: 'tool_calls', written: { anthropic: 'tool_use' } })).toBe('tool_calls');
    expect(openAiFinishReason({ reason: 'refusal', written: { anthropic: 'refusal' } })).toBe('stop');
  });
});
