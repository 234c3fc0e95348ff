/** The only source of randomness: everything here must replay byte for byte. */
import { describe, expect, it } from '@jest/globals';
import { createRng, DEFAULT_SEED, deriveSeed, hashString, parseSeed, seededHex } from '../../../src/random/rng.js';

const draws = <T>(n: number, f: () => T): T[] => Array.from({ length: n }, f);

describe('hashString (FNV-1a, 32 bit)', () => {
  it.each<[string, number]>([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('%j -> %d', (text, expected) => {
    expect(hashString(text)).toBe(expected);
  });
});

describe('deriveSeed', () => {
  it('is a fixed unsigned 32-bit value for fixed inputs (the replay contract)', () => {
    expect(deriveSeed(2112, 'request', 7)).toBe(3008520570);
    expect(deriveSeed(2112, 'request', 0)).toBe(3903903823);
  });

  it('changes with the seed, the label, every counter and the counters\' order', () => {
    const base = deriveSeed(1, 'x', 1, 2);
    const variants = [deriveSeed(2, 'x', 1, 2), deriveSeed(1, 'y', 1, 2), deriveSeed(1, 'x', 1, 3), deriveSeed(1, 'x', 2, 1), deriveSeed(1, 'x', 1), deriveSeed(1, 'x')];
    expect(variants).toHaveLength(6);
    expect(new Set([base, ...variants]).size).toBe(7);
  });

  it('spreads consecutive counters: 1000 of them give 1000 distinct uint32 values', () => {
    const seeds = Array.from({ length: 1000 }, (_, n) => deriveSeed(DEFAULT_SEED, 'request', n));
    expect(new Set(seeds).size).toBe(1000);
    expect(seeds.filter((s) => !Number.isInteger(s) || s < 0 || s > 0xffffffff)).toEqual([]);
  });
});

describe('seededHex', () => {
  it('is fixed by (seed, label, counter)', () => {
    expect(seededHex(2112, 'request-id', 0, 24)).toBe('17872c7a9e8d45c1ed5a21cb');
    expect(seededHex(2112, 'request-id', 1, 24)).toBe('badc0dfe5eda3739af2eaa72');
  });

  it.each([0, 1, 2, 7, 8, 9, 24, 33, 100])('has exactly %d lowercase hex characters', (n) => {
    const hex = seededHex(5, 'label', 3, n);
    expect(hex).toHaveLength(n);
    expect(hex).toMatch(/^[0-9a-f]*$/);
  });

  it('a shorter id is a prefix of a longer one with the same key', () => {
    const long = seededHex(9, 'ids', 4, 40);
    expect(seededHex(9, 'ids', 4, 10)).toBe(long.slice(0, 10));
    expect(seededHex(9, 'ids', 4, 24)).toBe(long.slice(0, 24));
  });

  it('differs by seed, label and counter', () => {
    const ids = [seededHex(1, 'a', 0, 24), seededHex(2, 'a', 0, 24), seededHex(1, 'b', 0, 24), seededHex(1, 'a', 1, 24)];
    expect(new Set(ids).size).toBe(4);
  });

  it('does not repeat 8-character blocks within one long id', () => {
    const hex = seededHex(3, 'x', 0, 64);
    const blocks = hex.match(/.{8}/g) ?? [];
    expect(blocks).toHaveLength(8);
    expect(new Set(blocks).size).toBe(8);
  });
});

describe('createRng', () => {
  it('replays the same sequence from the same seed (fixed values)', () => {
    const r = createRng(42);
    expect([r.int(0, 100), r.int(0, 100), r.float(), r.hex(10)]).toEqual([29, 19, 0.520475542171563, 'f99772a89e']);
  });

  it('two generators from one seed agree draw for draw; another seed differs', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const seqA = draws(50, () => a.int(0, 1_000_000));
    const seqB = draws(50, () => b.int(0, 1_000_000));
    const seqC = draws(50, () => c.int(0, 1_000_000));
    expect(seqA).toHaveLength(50);
    expect(seqB).toEqual(seqA);
    expect(seqC).not.toEqual(seqA);
  });

  it('neighbouring seeds do not start alike', () => {
    const firsts = Array.from({ length: 20 }, (_, s) => createRng(s).int(0, 0xffffffff));
    expect(new Set(firsts).size).toBe(20);
  });

  it('int(min, max) is inclusive at both ends and never leaves the range', () => {
    const r = createRng(1);
    const values = draws(3000, () => r.int(1, 6));
    expect([...new Set(values)].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const neg = draws(500, () => r.int(-3, -1));
    expect([...new Set(neg)].sort()).toEqual([-1, -2, -3]);
    expect(draws(5, () => r.int(5, 5))).toEqual([5, 5, 5, 5, 5]);
  });

  it('float() is in [0, 1) and spread over it', () => {
    const r = createRng(2);
    const values = draws(2000, () => r.float());
    expect(values.filter((v) => !(v >= 0 && v < 1))).toEqual([]);
    expect(values.filter((v) => v < 0.1).length).toBeGreaterThan(100);
    expect(values.filter((v) => v >= 0.9).length).toBeGreaterThan(100);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });

  it.each([0, 1, 3, 4, 5, 24, 37])('hex(%d) has that many lowercase hex characters', (n) => {
    const hex = createRng(3).hex(n);
    expect(hex).toHaveLength(n);
    expect(hex).toMatch(/^[0-9a-f]*$/);
  });

  it('hex uses every hex digit', () => {
    expect([...new Set(createRng(4).hex(400))].sort().join('')).toBe('0123456789abcdef');
  });

  it('pick returns every element over many draws and nothing else', () => {
    const r = createRng(5);
    const items = ['a', 'b', 'c'] as const;
    expect([...new Set(draws(300, () => r.pick(items)))].sort()).toEqual(['a', 'b', 'c']);
    expect(r.pick(['only'])).toBe('only');
  });

  it('pick from an empty list throws', () => {
    expect(() => createRng(6).pick([])).toThrow('pick from an empty list');
  });
});

describe('parseSeed', () => {
  it.each<[string | number, number]>([
    ['0', 0],
    ['2112', 2112],
    [' 17 ', 17],
    ['4294967295', 4294967295],
    [99, 99],
  ])('accepts %j', (raw, expected) => {
    expect(parseSeed(raw)).toBe(expected);
  });

  it.each<[string | number, string]>([
    ['4294967296', "seed must be an integer from 0 to 4294967295, got '4294967296'"],
    ['-1', "seed must be an integer from 0 to 4294967295, got '-1'"],
    ['abc', "seed must be an integer from 0 to 4294967295, got 'abc'"],
    ['1.5', "seed must be an integer from 0 to 4294967295, got '1.5'"],
    ['', "seed must be an integer from 0 to 4294967295, got ''"],
    [2.5, "seed must be an integer from 0 to 4294967295, got '2.5'"],
  ])('rejects %j with a RangeError', (raw, message) => {
    expect(() => parseSeed(raw)).toThrow(new RangeError(message));
  });

  it('names the source in the message', () => {
    expect(() => parseSeed('x', 'x-llmposter-seed')).toThrow("x-llmposter-seed must be an integer from 0 to 4294967295, got 'x'");
  });

  it('DEFAULT_SEED is 2112', () => {
    expect(DEFAULT_SEED).toBe(2112);
  });
});
