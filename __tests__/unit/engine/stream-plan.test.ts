/** The pure streaming plan: table-driven, no server, no clock. */
import { describe, expect, it } from '@jest/globals';
import { planStream } from '../../../src/engine/stream-plan.js';
import { requestSeed } from '../../../src/random/request-seed.js';
import { listOf, toArray } from '../../../src/stream/event-list.js';
import type { WireEvent } from '../../../src/stream/framing.js';
import type { StreamSchedule } from '../../../src/engine/stream-plan.js';

const frames: WireEvent[] = Array.from({ length: 10 }, (_, i) => ({ data: String(i) }));
const list = (events: WireEvent[] = frames) => listOf(events);
const streaming = { latencyMs: 20, chunkSize: 5 };
/** The plan's offsets, one per event written. */
const offsetsOf = (p: StreamSchedule) => Array.from({ length: p.events.length }, (_, i) => p.at.get(i));

describe('planStream', () => {
  it('spaces frames by the base latency, with no delay after the last frame', () => {
    const p = planStream(list(), streaming, undefined, requestSeed(1));
    expect(offsetsOf(p)).toEqual([0, 20, 40, 60, 80, 100, 120, 140, 160, 180]);
  });

  it('jitter keeps every gap within [base - r, base + r], clamped at 0, and is seeded', () => {
    const failure = { latencyJitterMs: 10, probability: 1 };
    const a = planStream(list(), streaming, failure, requestSeed(42));
    const at = offsetsOf(a);
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    expect(gaps).toHaveLength(9);
    expect(gaps.every((g) => g >= 10 && g <= 30)).toBe(true);
    expect(new Set(gaps).size).toBeGreaterThan(1);
    expect(offsetsOf(planStream(list(), streaming, failure, requestSeed(42)))).toEqual(at);
    expect(offsetsOf(planStream(list(), streaming, failure, requestSeed(43)))).not.toEqual(at);
    const wide = planStream(list(), { latencyMs: 5, chunkSize: 5 }, { latencyJitterMs: 50, probability: 1 }, requestSeed(7));
    const wideAt = offsetsOf(wide);
    const wideGaps = wideAt.slice(1).map((t, i) => t - wideAt[i]);
    expect(wideGaps).toHaveLength(9);
    expect(wideGaps.every((g) => g >= 0)).toBe(true);
    // With r = 50 around 5 ms, some draws must have been clamped at 0.
    expect(wideGaps).toContain(0);
  });

  it('jitter needs a non-zero base latency', () => {
    const p = planStream(list(), { latencyMs: 0, chunkSize: 5 }, { latencyJitterMs: 10, probability: 1 }, requestSeed(1));
    expect(new Set(offsetsOf(p))).toEqual(new Set([0]));
  });

  it('duplication puts each copy at the same instant as its original', () => {
    const p = planStream(list(frames.slice(0, 3)), streaming, { duplicateFrames: true, probability: 1 }, requestSeed(1));
    expect(toArray(p.events)).toEqual([frames[0], frames[0], frames[1], frames[1], frames[2], frames[2]]);
    expect(offsetsOf(p)).toEqual([0, 0, 20, 20, 40, 40]);
  });

  it('probability gates the chaos block but not truncation or disconnect', () => {
    const failure = { duplicateFrames: true, probability: 0, truncateAfterFrames: 4, disconnectAfterMs: 50 };
    const p = planStream(list(), streaming, failure, requestSeed(1));
    expect(p.chaosActive).toBe(false);
    expect(toArray(p.events)).toEqual(frames.slice(0, 4));
    expect(p.truncated).toBe(true);
    expect(p.disconnectAtMs).toBe(50);
  });

  it('truncation counts events after duplication and keeps their offsets', () => {
    const p = planStream(list(frames.slice(0, 3)), streaming, { duplicateFrames: true, probability: 1, truncateAfterFrames: 3 }, requestSeed(1));
    expect(toArray(p.events)).toEqual([frames[0], frames[0], frames[1]]);
    expect(offsetsOf(p)).toEqual([0, 0, 20]);
    expect(p.truncated).toBe(true);
    // A cut at or beyond the length is no truncation.
    expect(planStream(list(frames.slice(0, 3)), streaming, { truncateAfterFrames: 3, probability: 1 }, requestSeed(1)).truncated).toBe(false);
  });

  it('probability activates about that share of seeds', () => {
    let active = 0;
    for (let seed = 0; seed < 1000; seed++) if (planStream(list(), streaming, { duplicateFrames: true, probability: 0.3 }, requestSeed(seed)).chaosActive) active++;
    expect(active).toBeGreaterThan(220);
    expect(active).toBeLessThan(380);
  });
});

describe('planStream with stream_error', () => {
  const error: WireEvent[] = [{ event: 'error', data: 'E1' }, { data: 'E2' }];
  const se = (afterFrames: number) => ({ probability: 1, streamError: { afterFrames, status: 529, message: 'Overloaded' } });

  it('sends the first N frames, then the error events when frame N would have been due, and no closing', () => {
    const p = planStream(list(), streaming, se(3), requestSeed(1), error);
    expect(toArray(p.events).map((e) => e.data)).toEqual(['0', '1', '2', 'E1', 'E2']);
    expect(offsetsOf(p)).toEqual([0, 20, 40, 60, 60]);
    expect(p.streamError).toBe(true);
    expect(p.truncated).toBe(false);
  });

  it('after_frames 0 sends only the error; beyond the end, every frame and then the error', () => {
    expect(toArray(planStream(list(), streaming, se(0), requestSeed(1), error).events).map((e) => e.data)).toEqual(['E1', 'E2']);
    const late = planStream(list(), streaming, se(99), requestSeed(1), error);
    expect(late.events.length).toBe(12);
    expect(offsetsOf(late).slice(-3)).toEqual([180, 180, 180]);
  });

  it('counts frames after duplication, like truncation', () => {
    const p = planStream(list(), streaming, { ...se(3), duplicateFrames: true }, requestSeed(1), error);
    expect(toArray(p.events).map((e) => e.data)).toEqual(['0', '0', '1', 'E1', 'E2']);
  });

  it('without the codec events (nothing to send) it leaves the stream alone', () => {
    const p = planStream(list(), streaming, se(3), requestSeed(1));
    expect(p.events.length).toBe(10);
    expect(p.streamError).toBe(false);
  });
});
