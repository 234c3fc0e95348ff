/**
 * The only source of randomness in llmposter. Every random choice (chaos plans, ids, jitter,
 * job modes, generated text) draws from an Rng built from a seed derived here, so the same
 * server seed and the same request order replay byte for byte. No Math.random anywhere.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { parseIntIn } from '../util/parse-int.js';

/** The server seed when none is given: runs are reproducible out of the box. */
export const DEFAULT_SEED = 2112;

export interface Rng {
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** Uniform float in [0, 1). */
  float(): number;
  /** `n` lowercase hex characters. */
  hex(n: number): string;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

/** A 32-bit avalanche mix (murmur3 finaliser); spreads nearby counters far apart. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * FNV-1a of a string: labels give each purpose ("chaos", "ids", "jobs") an unrelated stream,
 * and texts can key a seed (ELIZA replies by input).
 */
export function hashString(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Labels are a handful of constants ('ids', 'request', 'jitter' ...) used on every request:
 * hash each once. Bounded anyway, in case a caller ever passes data as a label.
 */
const labelHashes = new Map<string, number>();
function labelHash(label: string): number {
  let h = labelHashes.get(label);
  if (h === undefined) {
    h = hashString(label);
    if (labelHashes.size < 1024) labelHashes.set(label, h);
  }
  return h;
}

/**
 * Derive a 32-bit seed from a seed, a purpose label and any counters.
 * @example deriveSeed(2112, 'request', 7) // the 8th request's root seed
 */
export function deriveSeed(seed: number, label: string, ...parts: number[]): number {
  let h = fmix32((seed >>> 0) ^ labelHash(label));
  for (let i = 0; i < parts.length; i++) h = fmix32(h ^ fmix32((parts[i] >>> 0) + 0x9e3779b9));
  return h;
}

/**
 * `n` hex characters fixed by (seed, label, counter): ids without building a generator,
 * cheap enough for every request.
 * @example seededHex(2112, 'request-id', 0, 24) // same string on every run
 */
export function seededHex(seed: number, label: string, counter: number, n: number): string {
  let h = deriveSeed(seed, label, counter);
  let out = '';
  while (out.length < n) {
    // A byte table: Number#toString(16) on values past 2^31 takes V8's slow double path.
    out += HEX_BYTE[h >>> 24] + HEX_BYTE[(h >>> 16) & 255] + HEX_BYTE[(h >>> 8) & 255] + HEX_BYTE[h & 255];
    h = fmix32(h + 0x9e3779b9);
  }
  return out.length === n ? out : out.slice(0, n);
}

/**
 * `n` floats in [-1, 1) fixed by `seed`: counter-based (one hash per value, no generator
 * state), so a 1536-dimension embedding costs microseconds, not a generator run.
 * @example seededFloats(7, 3) // the same three numbers on every run
 */
export function seededFloats(seed: number, n: number): Float64Array {
  const out = new Float64Array(n);
  const base = fmix32((seed >>> 0) ^ 0x85ebca6b);
  for (let i = 0; i < n; i++) out[i] = fmix32(base ^ fmix32(i + 0x9e3779b9)) / 0x80000000 - 1;
  return out;
}

/** '00' .. 'ff'. */
const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A seeded generator.
 * @example const rng = createRng(deriveSeed(seed, 'ids', n)); rng.hex(24)
 */
export function createRng(seed: number): Rng {
  // xoroshiro's first outputs from nearby small seeds are close together: scramble the seed.
  const g = xoroshiro128plus(fmix32((seed >>> 0) ^ 0x9e3779b9) | 0);
  return {
    int: (min, max) => uniformInt(g, min, max),
    float: () => uniformFloat64(g),
    hex(n) {
      let out = '';
      while (out.length < n) out += uniformInt(g, 0, 0xffff).toString(16).padStart(4, '0');
      return out.slice(0, n);
    },
    pick(items) {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[uniformInt(g, 0, items.length - 1)];
    },
  };
}

/** Parse a user-supplied seed (CLI flag, env, header): a non-negative integer below 2^32. */
export function parseSeed(raw: string | number, what = 'seed'): number {
  return parseIntIn(raw, { name: what, min: 0, max: 0xffffffff });
}
