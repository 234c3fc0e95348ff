/** Event lists built on demand from runs, and the fault views over them. */
import { describe, expect, it } from '@jest/globals';
import { textChunks } from '../../../src/canonical/stream-parts.js';
import { doubled, eventList, limited, listOf, toArray } from '../../../src/stream/event-list.js';
import { eventData } from '../../../src/stream/framing.js';

const upper = (d: string) => JSON.stringify(d.toUpperCase());
const runs = () =>
  eventList([
    { data: 'head' },
    { chunks: textChunks('abcde', 2), encode: upper },
    { data: 'mid', event: 'm' },
    { chunks: textChunks('xy', 1), encode: upper, event: 'delta' },
    { chunks: textChunks('', 3), encode: upper },
    { data: 'end' },
  ]);

describe('eventList', () => {
  it('counts every delta of every run and makes each event on demand', () => {
    const list = runs();
    expect(list.length).toBe(1 + 3 + 1 + 2 + 0 + 1);
    expect(toArray(list).map((e) => [e.event ?? null, eventData(e)])).toEqual([
      [null, 'head'],
      [null, '"AB"'],
      [null, '"CD"'],
      [null, '"E"'],
      ['m', 'mid'],
      ['delta', '"X"'],
      ['delta', '"Y"'],
      [null, 'end'],
    ]);
  });

  it('keeps a delta raw until it is encoded (the encoder is shared by the run)', () => {
    const e = runs().get(1);
    expect(e.data).toBe('ab');
    expect(e.encode).toBe(upper);
  });

  it('answers out-of-order access too (going back rescans from the start)', () => {
    const list = runs();
    expect(eventData(list.get(6))).toBe('"Y"');
    expect(eventData(list.get(2))).toBe('"CD"');
    expect(eventData(list.get(0))).toBe('head');
    expect(eventData(list.get(7))).toBe('end');
  });

  it('throws past the end instead of returning nothing', () => {
    expect(() => runs().get(8)).toThrow(RangeError);
    expect(() => listOf([{ data: 'a' }]).get(1)).toThrow(RangeError);
    expect(() => listOf([{ data: 'a' }]).get(-1)).toThrow(RangeError);
  });
});

describe('fault views', () => {
  const abc = listOf([{ data: 'a' }, { data: 'b' }, { data: 'c' }]);

  it('doubled sends each event twice, back to back', () => {
    expect(toArray(doubled(abc)).map((e) => e.data)).toEqual(['a', 'a', 'b', 'b', 'c', 'c']);
  });

  it('limited keeps the first n (all of them when n is larger)', () => {
    expect(toArray(limited(abc, 2)).map((e) => e.data)).toEqual(['a', 'b']);
    expect(toArray(limited(abc, 0))).toEqual([]);
    expect(limited(abc, 10).length).toBe(3);
    expect(() => limited(abc, 2).get(2)).toThrow(RangeError);
  });

  it('views compose: truncation after duplication cuts mid-pair', () => {
    expect(toArray(limited(doubled(abc), 3)).map((e) => e.data)).toEqual(['a', 'a', 'b']);
  });
});
