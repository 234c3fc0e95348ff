/** Generated embedding vectors: fixed by (server seed, model, text), unit length, any size. */
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_EMBEDDING_DIMENSIONS, generatedEmbedding, normalised } from '../../../src/generate/embedding.js';

const norm = (v: readonly number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe('generatedEmbedding', () => {
  it('is 1536 numbers by default (text-embedding-3-small and ada-002), of length 1', () => {
    expect(DEFAULT_EMBEDDING_DIMENSIONS).toBe(1536);
    const v = generatedEmbedding(2112, 'text-embedding-3-small', 'hello', DEFAULT_EMBEDDING_DIMENSIONS);
    expect(v).toHaveLength(1536);
    expect(Array.isArray(v)).toBe(true);
    expect(norm(v)).toBeCloseTo(1, 12);
  });

  it.each([[1], [2], [3], [256], [3072]])('has exactly %i dimensions, still of length 1', (n) => {
    const v = generatedEmbedding(2112, 'm', 'text', n);
    expect(v).toHaveLength(n);
    expect(norm(v)).toBeCloseTo(1, 12);
  });

  it('values lie in [-1, 1] and are spread (not all the same sign or size)', () => {
    const v = generatedEmbedding(2112, 'm', 'spread', 1536);
    expect(v.every((x) => x >= -1 && x <= 1 && Number.isFinite(x))).toBe(true);
    expect(v.filter((x) => x > 0).length).toBeGreaterThan(600);
    expect(v.filter((x) => x < 0).length).toBeGreaterThan(600);
    expect(new Set(v).size).toBe(1536);
  });

  it('the same (seed, model, text) gives the same vector; these values are fixed across versions', () => {
    const v = generatedEmbedding(2112, 'm', 'abc', 3);
    expect(generatedEmbedding(2112, 'm', 'abc', 3)).toEqual(v);
    // Recorded once: a change here changes every generated vector users' tests may have stored.
    expect(v.map((x) => Number(x.toFixed(12)))).toEqual(RECORDED_ABC);
  });

  it('the seed, the model and the text each change the vector', () => {
    const base = generatedEmbedding(2112, 'm', 'abc', 8);
    expect(generatedEmbedding(2113, 'm', 'abc', 8)).not.toEqual(base);
    expect(generatedEmbedding(2112, 'n', 'abc', 8)).not.toEqual(base);
    expect(generatedEmbedding(2112, 'm', 'abd', 8)).not.toEqual(base);
    expect(generatedEmbedding(2112, 'm', 'abc ', 8)).not.toEqual(base);
  });

  it('a shorter vector is not a prefix of a longer one scaled (each size is normalised on its own)', () => {
    const short = generatedEmbedding(2112, 'm', 'abc', 4);
    const long = generatedEmbedding(2112, 'm', 'abc', 8);
    expect(long.slice(0, 4)).not.toEqual(short);
  });
});

describe('normalised', () => {
  it('scales to length 1 and keeps the direction', () => {
    const v = normalised([3, 4]);
    expect(v).toHaveLength(2);
    expect(v[0]).toBeCloseTo(0.6, 15);
    expect(v[1]).toBeCloseTo(0.8, 15);
    expect(normalised(new Float64Array([0, -2]))).toEqual([0, -1]);
  });

  it('a zero vector stays zero (no NaN)', () => {
    expect(normalised([0, 0, 0])).toEqual([0, 0, 0]);
    expect(normalised([])).toEqual([]);
  });
});

/** generatedEmbedding(2112, 'm', 'abc', 3) as this version makes it, to 12 places. */
const RECORDED_ABC = [0.399788323843, -0.613356647718, 0.681148235569];
