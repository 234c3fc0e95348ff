/** The pure streaming plan: table-driven, no server, no clock. */
import { describe, expect, it } from '@jest/globals';
import { planStream } from '../../../src/engine/stream-plan.js';
import { requestSeed } from '../../../src/random/request-seed.js';
import type { WireEvent } from '../../../src/stream/framing.js';

const frames: WireEvent[] = Array.from({ length: 10 }, (_, i) => ({ data: String(i) }));
const streaming = { latencyMs: 20, chunkSize: 5 };

describe('planStream', () => {
  it('spaces frames by the base latency, with no delay after the last frame', () => {
    const p = planStream(frames, streaming, undefined, requestSeed(1));
    expect(p.at).toEqual([0, 20, 40, 60, 80, 100, 120, 140, 160, 180]);
  });

  it('jitter keeps every gap within [base - r, base + r], clamped at 0, and is seeded', () => {
    const failure = { latencyJitterMs: 10, probability: 1 };
    const a = planStream(frames, streaming, failure, requestSeed(42));
    const gaps = a.at.slice(1).map((t, i) => t - a.at[i]);
    expect(gaps).toHaveLength(9);
    expect(gaps.every((g) => g >= 10 && g <= 30)).toBe(true);
    expect(new Set(gaps).size).toBeGreaterThan(1);
    expect(planStream(frames, streaming, failure, requestSeed(42)).at).toEqual(a.at);
    expect(planStream(frames, streaming, failure, requestSeed(43)).at).not.toEqual(a.at);
    const wide = planStream(frames, { latencyMs: 5, chunkSize: 5 }, { latencyJitterMs: 50, probability: 1 }, requestSeed(7));
    const wideGaps = wide.at.slice(1).map((t, i) => t - wide.at[i]);
    expect(wideGaps).toHaveLength(9);
    expect(wideGaps.every((g) => g >= 0)).toBe(true);
    // With r = 50 around 5 ms, some draws must have been clamped at 0.
    expect(wideGaps).toContain(0);
  });

  it('jitter needs a non-zero base latency', () => {
    const p = planStream(frames, { latencyMs: 0, chunkSize: 5 }, { latencyJitterMs: 10, probability: 1 }, requestSeed(1));
    expect(new Set(p.at)).toEqual(new Set([0]));
  });

  it('duplication puts each copy at the same instant as its original', () => {
    const p = planStream(frames.slice(0, 3), streaming, { duplicateFrames: true, probability: 1 }, requestSeed(1));
    expect(p.events).toEqual([frames[0], frames[0], frames[1], frames[1], frames[2], frames[2]]);
    expect(p.at).toEqual([0, 0, 20, 20, 40, 40]);
  });

  it('probability gates the chaos block but not truncation or disconnect', () => {
    const failure = { duplicateFrames: true, probability: 0, truncateAfterFrames: 4, disconnectAfterMs: 50 };
    const p = planStream(frames, streaming, failure, requestSeed(1));
    expect(p.chaosActive).toBe(false);
    expect(p.events).toEqual(frames.slice(0, 4));
    expect(p.disconnectAtMs).toBe(50);
  });

  it('probability activates about that share of seeds', () => {
    let active = 0;
    for (let seed = 0; seed < 1000; seed++) if (planStream(frames, streaming, { duplicateFrames: true, probability: 0.3 }, requestSeed(seed)).chaosActive) active++;
    expect(active).toBeGreaterThan(220);
    expect(active).toBeLessThan(380);
  });
});
