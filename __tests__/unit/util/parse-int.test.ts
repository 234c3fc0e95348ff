import { describe, expect, it } from '@jest/globals';
import { parseIntIn } from '../../../src/util/parse-int.js';

const port = { name: '--port', min: 0, max: 65535 };

describe('parseIntIn', () => {
  it.each<[string | number, number]>([
    ['42', 42],
    ['0', 0],
    ['65535', 65535],
    ['  8080  ', 8080],
    ['\t7\n', 7],
    ['007', 7],
    [42, 42],
    [0, 0],
  ])('accepts %j as %d', (raw, expected) => {
    expect(parseIntIn(raw, port)).toBe(expected);
  });

  it.each<[string | number, string]>([
    ['4x', "--port must be an integer from 0 to 65535, got '4x'"],
    ['', "--port must be an integer from 0 to 65535, got ''"],
    ['   ', "--port must be an integer from 0 to 65535, got '   '"],
    ['-1', "--port must be an integer from 0 to 65535, got '-1'"],
    ['+1', "--port must be an integer from 0 to 65535, got '+1'"],
    ['1.0', "--port must be an integer from 0 to 65535, got '1.0'"],
    ['1e3', "--port must be an integer from 0 to 65535, got '1e3'"],
    ['0x10', "--port must be an integer from 0 to 65535, got '0x10'"],
    ['1_000', "--port must be an integer from 0 to 65535, got '1_000'"],
    ['1 2', "--port must be an integer from 0 to 65535, got '1 2'"],
    ['65536', "--port must be an integer from 0 to 65535, got '65536'"],
    ['٣', "--port must be an integer from 0 to 65535, got '٣'"], // Arabic-Indic digit: not ASCII
    [1.5, "--port must be an integer from 0 to 65535, got '1.5'"],
    [-3, "--port must be an integer from 0 to 65535, got '-3'"],
    [Number.NaN, "--port must be an integer from 0 to 65535, got 'NaN'"],
    [Number.POSITIVE_INFINITY, "--port must be an integer from 0 to 65535, got 'Infinity'"],
    [1e21, "--port must be an integer from 0 to 65535, got '1e+21'"],
  ])('rejects %j', (raw, message) => {
    expect(() => parseIntIn(raw, port)).toThrow(new RangeError(message));
  });

  it('throws a RangeError', () => {
    let caught: unknown;
    try {
      parseIntIn('x', port);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RangeError);
  });

  it('enforces the minimum, inclusive', () => {
    const opts = { name: 'N', min: 1, max: 10 };
    expect(parseIntIn('1', opts)).toBe(1);
    expect(parseIntIn('10', opts)).toBe(10);
    expect(() => parseIntIn('0', opts)).toThrow("N must be an integer from 1 to 10, got '0'");
    expect(() => parseIntIn('11', opts)).toThrow("N must be an integer from 1 to 10, got '11'");
  });

  it('without a max, says ">= min" and allows up to the largest safe integer', () => {
    const opts = { name: 'COUNT', min: 2 };
    expect(parseIntIn('9007199254740991', opts)).toBe(9007199254740991);
    expect(() => parseIntIn('9007199254740993', opts)).toThrow("COUNT must be an integer >= 2, got '9007199254740993'");
    expect(() => parseIntIn('1', opts)).toThrow("COUNT must be an integer >= 2, got '1'");
  });
});
