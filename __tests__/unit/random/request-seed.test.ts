/** One seed per request, one independent sub-seed per purpose. */
import { describe, expect, it } from '@jest/globals';
import { requestSeed, rootSeedFor, type SeedPurpose } from '../../../src/random/request-seed.js';

const PURPOSES: SeedPurpose[] = ['traffic', 'latency', 'pacing', 'chaos', 'jitter', 'duplicate', 'generate', 'generator', 'ids'];

// Fixed values: a change here means recorded runs no longer replay.
const SUBS_OF_7: Record<SeedPurpose, number> = {
  traffic: 2466497012,
  latency: 778607322,
  pacing: 3999764103,
  chaos: 271857553,
  jitter: 3720403516,
  duplicate: 1499450490,
  generate: 572899206,
  generator: 2788415339,
  ids: 4069136904,
};

describe('requestSeed', () => {
  it('keeps its root', () => {
    expect(requestSeed(7).root).toBe(7);
    expect(requestSeed(0).root).toBe(0);
  });

  it('gives each purpose a fixed sub-seed', () => {
    const s = requestSeed(7);
    expect(Object.fromEntries(PURPOSES.map((p) => [p, s.sub(p)]))).toEqual(SUBS_OF_7);
  });

  it('gives every purpose a different sub-seed, none equal to the root', () => {
    const s = requestSeed(7);
    const subs = PURPOSES.map((p) => s.sub(p));
    expect(subs).toHaveLength(9);
    expect(new Set(subs).size).toBe(9);
    expect(subs).not.toContain(7);
  });

  it('a purpose\'s sub-seed does not depend on which other purposes were drawn, or in what order', () => {
    const fresh = requestSeed(7);
    expect(fresh.sub('ids')).toBe(SUBS_OF_7.ids);
    const busy = requestSeed(7);
    for (const p of [...PURPOSES].reverse()) busy.sub(p);
    busy.sub('chaos');
    busy.sub('chaos');
    expect(busy.sub('ids')).toBe(SUBS_OF_7.ids);
    expect(busy.sub('jitter')).toBe(SUBS_OF_7.jitter);
  });

  it('the same root always gives the same sub-seeds; another root different ones', () => {
    const again = requestSeed(7);
    expect(PURPOSES.map((p) => again.sub(p))).toEqual(PURPOSES.map((p) => SUBS_OF_7[p]));
    const other = requestSeed(8);
    const differing = PURPOSES.filter((p) => other.sub(p) !== SUBS_OF_7[p]);
    expect(differing).toEqual(PURPOSES);
  });
});

describe('rootSeedFor', () => {
  it('is fixed by (server seed, request number)', () => {
    expect(rootSeedFor(2112, 0)).toBe(3903903823);
    expect(rootSeedFor(2112, 1)).toBe(1335658639);
    expect(rootSeedFor(1, 0)).toBe(138349442);
  });

  it('gives every request number its own root', () => {
    const roots = Array.from({ length: 500 }, (_, n) => rootSeedFor(2112, n));
    expect(new Set(roots).size).toBe(500);
  });

  it('the request number and the server seed are not interchangeable', () => {
    expect(rootSeedFor(1, 2)).not.toBe(rootSeedFor(2, 1));
    expect(rootSeedFor(0, 0)).not.toBe(rootSeedFor(0, 1));
  });
});
