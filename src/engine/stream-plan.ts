/**
 * The streaming fault plan, pure: given a stream's events, the fixture's streaming and failure
 * settings and the request's seed, decide when each event goes out, which events are doubled
 * or dropped, and when the socket dies. The writer only carries this out.
 *
 * Randomness: one roll of the `chaos` sub-seed gates jitter and duplication together; the
 * jitter values come from the `jitter` sub-seed. A fixture's `chaos_seed` replaces the request's
 * root for both, so its plan is the same for every request in any order.
 */
import type { FailureSpec, StreamingSpec } from '../fixture-set/types.js';
import { createRng } from '../random/rng.js';
import { requestSeed, type RequestSeed } from '../random/request-seed.js';
import { doubled, followedBy, limited, type EventList } from '../stream/event-list.js';
import type { WireEvent } from '../stream/framing.js';
import { every, offsets, pairwise, thenAt, type Schedule } from '../stream/plan.js';

export interface StreamSchedule {
  events: EventList;
  /** When each event is written, in ms after the stream starts (non-decreasing). */
  at: Schedule;
  /** Destroy the socket this many ms after the stream starts, unless every event went out first. */
  disconnectAtMs?: number;
  /** Whether the chaos block (jitter, duplication) rolled active for this request. */
  chaosActive: boolean;
  /** Events were cut off (`truncate_after_frames`): the stream must end without its closing. */
  truncated: boolean;
  /** The stream ends in the provider's mid-stream error (`stream_error`). */
  streamError: boolean;
}

/** True when the failure block has chaos fields, i.e. the plan needs random numbers. */
export function hasChaos(failure: FailureSpec | undefined): boolean {
  return !!failure && ((failure.latencyJitterMs ?? 0) > 0 || failure.duplicateFrames === true);
}

/**
 * Faults are views over the codec's list (no event is copied) and a plain latency is a rule,
 * not a list of offsets: a stream without chaos holds nothing per event.
 * @param paced a latency profile's schedule (see pacing/pacing.ts), in place of `streaming.latency`;
 *   faults apply to it as to a plain latency.
 * @example planStream(events, { latencyMs: 20, chunkSize: 8 }, { latencyJitterMs: 10, probability: 1 }, requestSeed(42))
 */
export function planStream(events: EventList, streaming: StreamingSpec, failure: FailureSpec | undefined, seed: RequestSeed, errorEvents?: readonly WireEvent[], paced?: Schedule): StreamSchedule {
  let chaosActive = false;
  let jitterRng: ReturnType<typeof createRng> | null = null;
  if (hasChaos(failure)) {
    const chaos = failure!.chaosSeed !== undefined ? requestSeed(failure!.chaosSeed) : seed;
    // One roll per request gates jitter and duplication together; classical faults ignore it.
    chaosActive = createRng(chaos.sub('chaos')).float() < failure!.probability;
    if (chaosActive && !paced && streaming.latencyMs > 0 && (failure!.latencyJitterMs ?? 0) > 0) jitterRng = createRng(chaos.sub('jitter'));
  }
  const duplicate = chaosActive && failure?.duplicateFrames === true;

  let at: Schedule;
  if (jitterRng) {
    // One draw per gap, in event order (the replay rule depends on this order).
    const jitter = failure!.latencyJitterMs!;
    const t = new Float64Array(events.length);
    for (let i = 1; i < events.length; i++) t[i] = t[i - 1] + Math.max(0, streaming.latencyMs + jitterRng.int(-jitter, jitter));
    at = offsets(t);
  } else {
    at = paced ?? every(streaming.latencyMs);
  }
  let out = events;
  if (duplicate) {
    // The copy goes out back to back with the original.
    out = doubled(events);
    at = pairwise(at);
  }
  // Truncation counts events after duplication (llmposter's documented behaviour).
  const cut = failure?.truncateAfterFrames;
  const truncated = cut !== undefined && cut < out.length;
  if (truncated) out = limited(out, cut);
  const streamError = failure?.streamError !== undefined && errorEvents !== undefined;
  if (streamError) {
    // The frames before the error (counted like truncation), then the error when the next
    // frame would have been due: the stream ends there, its closing frames never sent.
    const n = Math.min(failure!.streamError!.afterFrames, out.length);
    const errorAt = n < out.length ? at.get(n) : n > 0 ? at.get(n - 1) : 0;
    out = followedBy(limited(out, n), errorEvents!);
    at = thenAt(at, n, errorAt);
  }
  return { events: out, at, disconnectAtMs: failure?.disconnectAfterMs, chaosActive, truncated, streamError };
}
