import { describe, it, expect } from '@jest/globals';
import { compilePattern, PatternError, type RawPattern } from '../../../src/fixture-set/patterns.js';

describe('compilePattern', () => {
  it.each<[string, RawPattern, string, boolean]>([
    ['plain string is a substring', 'hello', 'well hello there', true],
    ['plain string is case-sensitive', 'hello', 'HELLO', false],
    ['regex is unanchored', { regex: 'r #\\d+' }, 'order #42!', true],
    ['regex anchors work', { regex: '^gpt-4$' }, 'gpt-4o', false],
    ['regex ignore_case', { regex: '^GPT', ignore_case: true }, 'gpt-4o', true],
    ['equals is exact', { equals: 'gpt-4o' }, 'gpt-4o', true],
    ['equals rejects extra text', { equals: 'gpt-4o' }, 'gpt-4o-mini', false],
    ['equals ignore_case', { equals: 'GPT-4o', ignore_case: true }, 'gpt-4O', true],
    ['contains', { contains: 'MiXeD' }, 'some MiXeD text', true],
    ['contains is case-sensitive by default', { contains: 'MiXeD' }, 'some mixed text', false],
    ['contains ignore_case', { contains: 'MiXeD', ignore_case: true }, 'some mixed text', true],
    ['regex special chars in a plain string are literal', 'a.b', 'axb', false],
  ])('%s', (_name, raw, value, expected) => {
    expect(compilePattern(raw).test(value)).toBe(expected);
  });

  it('a regex test keeps no state between calls', () => {
    const p = compilePattern({ regex: 'a' });
    expect([p.test('a'), p.test('a'), p.test('a')]).toEqual([true, true, true]);
  });

  it.each<[RawPattern, string | undefined, string]>([
    ['gpt-4o', 'gpt-4o', 'substring "gpt-4o"'],
    [{ equals: 'gpt-4o' }, 'gpt-4o', 'equals "gpt-4o"'],
    [{ equals: 'gpt-4o', ignore_case: true }, undefined, 'equals "gpt-4o" (ignore case)'],
    [{ regex: '^gpt' }, undefined, 'regex /^gpt/'],
    [{ contains: 'Hi', ignore_case: true }, undefined, 'contains "Hi" (ignore case)'],
  ])('literal and describe for %j', (raw, literal, describe) => {
    const p = compilePattern(raw);
    expect(p.literal).toBe(literal);
    expect(p.describe).toBe(describe);
  });

  it.each<[string, RawPattern, RegExp, string | undefined]>([
    ['empty string', '', /empty pattern/, undefined],
    ['empty regex', { regex: '' }, /empty regex/, 'regex'],
    ['empty mapping', {}, /needs one of regex, equals, contains/, undefined],
    ['two kinds', { regex: 'a', equals: 'b' }, /regex and equals; keep exactly one/, undefined],
    ['ignore_case alone', { ignore_case: true }, /needs one of/, undefined],
    ['bad regex', { regex: '(' }, /invalid regex "\(".*escape/, 'regex'],
  ])('rejects %s', (_name, raw, message, key) => {
    let caught: unknown;
    try {
      compilePattern(raw);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PatternError);
    expect((caught as PatternError).message).toMatch(message);
    expect((caught as PatternError).key).toBe(key);
  });
});
