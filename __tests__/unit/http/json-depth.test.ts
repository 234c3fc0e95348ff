import { describe, expect, it } from '@jest/globals';
import { MAX_JSON_DEPTH, jsonTextTooDeep, jsonValueTooDeep } from '../../../src/http/json-depth.js';

describe('jsonTextTooDeep', () => {
  it.each([
    ['1', 0, false],
    ['{}', 1, false],
    ['{}', 0, true],
    ['{"a":[[1]]}', 3, false],
    ['{"a":[[1]]}', 2, true],
    ['[[],[],[[]]]', 3, false],
    ['[[],[],[[]]]', 2, true],
    ['{"s":"[[[[{{{{"}', 1, false],
    ['{"s":"\\"[[[[","t":[1]}', 2, false],
    ['{"s":"\\\\","t":[[1]]}', 2, true],
  ])('%s with max %d -> %s', (text, max, deep) => {
    expect(jsonTextTooDeep(text, max)).toBe(deep);
    expect(jsonTextTooDeep(Buffer.from(text), max)).toBe(deep);
  });

  it('reads UTF-8 bytes without mistaking multi-byte characters for brackets', () => {
    const text = `{"s":"${'ſ€𝄞['.repeat(100)}","a":[1]}`;
    expect(jsonTextTooDeep(Buffer.from(text), 2)).toBe(false);
  });

  it(`defaults to ${MAX_JSON_DEPTH} levels, and copes with 100,000 levels`, () => {
    expect(jsonTextTooDeep('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonTextTooDeep('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonTextTooDeep('['.repeat(100_000))).toBe(true);
  });
});

describe('jsonValueTooDeep', () => {
  it('agrees with the text check on parsed values', () => {
    for (const text of ['1', '{}', '{"a":[[1]]}', '[[],[],[[]]]', '{"a":{"b":{}},"c":[]}']) {
      for (const max of [0, 1, 2, 3, 4]) expect(jsonValueTooDeep(JSON.parse(text), max)).toBe(jsonTextTooDeep(text, max));
    }
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    let v: unknown = 1;
    for (let i = 0; i < 100_000; i++) v = [v];
    expect(jsonValueTooDeep(v)).toBe(true);
  });
});
