/** `x-request-id`: deterministic per seed, unique, and in arrival order (the metrics primary key grows at its end). */
import { describe, expect, it } from '@jest/globals';
import { requestIds } from '../../../src/server/request-ids.js';

describe('requestIds', () => {
  it('req_ + 24 hex, the same sequence for the same seed, another for another seed', () => {
    const a = requestIds(7);
    const b = requestIds(7);
    const c = requestIds(8);
    const first = [a(), a(), a()];
    expect(first).toEqual([b(), b(), b()]);
    for (const id of first) expect(id).toMatch(/^req_[0-9a-f]{24}$/);
    expect(c()).not.toBe(first[0]);
  });

  it('sort in the order they were handed out, and never repeat', () => {
    const next = requestIds(2112);
    const ids = Array.from({ length: 5000 }, next);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
