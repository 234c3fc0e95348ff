/** Finish-reason words a fixture writes, in OpenAI's or Anthropic's vocabulary. */
import { describe, expect, it } from '@jest/globals';
import { fixtureFinish } from '../../../src/fixture-set/finish-words.js';

describe('fixtureFinish', () => {
  it('is undefined when the fixture wrote neither word (the reason is then derived from the answer)', () => {
    expect(fixtureFinish(undefined, undefined)).toBeUndefined();
  });

  it.each<[string, string]>([
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'tool_calls'],
    ['function_call', 'tool_calls'],
    ['content_filter', 'content_filter'],
  ])('finish_reason %s -> %s', (word, reason) => {
    expect(fixtureFinish(word, undefined)).toEqual({ reason, written: { openai: word } });
  });

  it.each<[string, string]>([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop_sequence'],
    ['max_tokens', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
  ])('stop_reason %s -> %s', (word, reason) => {
    expect(fixtureFinish(undefined, word)).toEqual({ reason, written: { anthropic: word } });
  });

  it('keeps a word with no neutral meaning as "other", in either vocabulary', () => {
    expect(fixtureFinish('eos', undefined)).toEqual({ reason: 'other', written: { openai: 'eos' } });
    expect(fixtureFinish(undefined, 'pause_turn')).toEqual({ reason: 'other', written: { anthropic: 'pause_turn' } });
  });

  it('does not mix the vocabularies: each word counts only in its own', () => {
    expect(fixtureFinish('end_turn', undefined)).toEqual({ reason: 'other', written: { openai: 'end_turn' } });
    expect(fixtureFinish(undefined, 'tool_calls')).toEqual({ reason: 'other', written: { anthropic: 'tool_calls' } });
    expect(fixtureFinish('refusal', undefined)).toEqual({ reason: 'other', written: { openai: 'refusal' } });
  });

  it('is case-sensitive', () => {
    expect(fixtureFinish('STOP', undefined)?.reason).toBe('other');
    expect(fixtureFinish(undefined, 'End_Turn')?.reason).toBe('other');
  });

  it('with both words, keeps both as written and takes the neutral reason from OpenAI\'s', () => {
    expect(fixtureFinish('length', 'tool_use')).toEqual({ reason: 'length', written: { openai: 'length', anthropic: 'tool_use' } });
    expect(fixtureFinish('made_up', 'end_turn')).toEqual({ reason: 'other', written: { openai: 'made_up', anthropic: 'end_turn' } });
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', ''])('an inherited property name (%j) is just an unknown word', (word) => {
    expect(fixtureFinish(word, undefined)).toEqual({ reason: 'other', written: { openai: word } });
    expect(fixtureFinish(undefined, word)).toEqual({ reason: 'other', written: { anthropic: word } });
  });
});
