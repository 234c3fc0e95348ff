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
import type { WireEvent } from '../stream/framing.js';

export interface StreamSchedule {
  events: WireEvent[];
  /** Milliseconds after the stream starts at which each event is written (non-decreasing). */
  at: number[];
  /** Destroy the socket this many ms after the stream starts, unless every event went out first. */
  disconnectAtMs?: number;
  /** Whether the chaos block (jitter, duplication) rolled active for this request. */
  chaosActive: boolean;
  /** Events were cut off (`truncate_after_frames`): the stream must end without its closing. */
  truncated: boolean;
}

/** True when the failure block has chaos fields, i.e. the plan needs random numbers. */
export function hasChaos(failure: FailureSpec | undefined): boolean {
  return !!failure && ((failure.latencyJitterMs ?? 0) > 0 || failure.duplicateFrames === true);
}

/**
 * @example planStream(events, { latencyMs: 20, chunkSize: 8 }, { latencyJitterMs: 10, probability: 1 }, requestSeed(42))
 */
export function planStream(events: WireEvent[], streaming: StreamingSpec, failure: FailureSpec | undefined, seed: RequestSeed): StreamSchedule {
  let chaosActive = false;
  let jitterRng: ReturnType<typeof createRng> | null = null;
  if (hasChaos(failure)) {
    const chaos = failure!.chaosSeed !== undefined ? requestSeed(failure!.chaosSeed) : seed;
    // One roll per request gates jitter and duplication together; classical faults ignore it.
    chaosActive = createRng(chaos.sub('chaos')).float() < failure!.probability;
    if (chaosActive && streaming.latencyMs > 0 && (failure!.latencyJitterMs ?? 0) > 0) jitterRng = createRng(chaos.sub('jitter'));
  }
  const jitter = jitterRng ? failure!.latencyJitterMs! : 0;
  const duplicate = chaosActive && failure?.duplicateFrames === true;

  // Without duplication the events go out as encoded (no copy: the plan holds them for the
  // whole stream, and a burst of streams should hold as little as it can).
  let out: WireEvent[] = duplicate ? [] : events;
  let at: number[] = [];
  let t = 0;
  for (let i = 0; i < events.length; i++) {
    if (i > 0) t += jitterRng ? Math.max(0, streaming.latencyMs + jitterRng.int(-jitter, jitter)) : streaming.latencyMs;
    at.push(t);
    if (duplicate) {
      // The copy goes out back to back with the original.
      out.push(events[i], events[i]);
      at.push(t);
    }
  }
  // Truncation counts events after duplication (llmposter's documented behaviour).
  const cut = failure?.truncateAfterFrames;
  const truncated = cut !== undefined && cut < out.length;
  if (truncated) {
    out = out.slice(0, cut);
    at = at.slice(0, cut);
  }
  return { events: out, at, disconnectAtMs: failure?.disconnectAfterMs, chaosActive, truncated };
}
