import { describe, expect, it } from '@jest/globals';
import { StringCache, memoByString } from '../../../src/util/string-cache.js';

describe('StringCache', () => {
  it('keeps keys up to maxKeyChars and never a longer one', () => {
    const c = new StringCache<number>(10, 4);
    c.set('abcd', 1);
    c.set('abcde', 2);
    expect([c.get('abcd'), c.get('abcde'), c.size]).toEqual([1, undefined, 1]);
  });

  it('starts afresh when full, so it never holds more than maxEntries', () => {
    const c = new StringCache<number>(3, 100);
    for (let i = 0; i < 10; i++) {
      c.set(`k${i}`, i);
      expect(c.size).toBeLessThanOrEqual(3);
    }
    expect(c.get('k9')).toBe(9);
    expect(c.get('k0')).toBeUndefined();
  });
});

describe('memoByString', () => {
  it('computes once per cached key, every time for an uncached one', () => {
    const seen: string[] = [];
    const f = memoByString((s) => (seen.push(s), s.length), 10, 3);
    expect([f('ab'), f('ab'), f('abcd'), f('abcd')]).toEqual([2, 2, 4, 4]);
    expect(seen).toEqual(['ab', 'abcd', 'abcd']);
  });
});
