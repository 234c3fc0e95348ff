/**
 * The streaming fault plan (REFERENCE §2), pure: given the encoded frames, the fixture's
 * streaming and failure settings and a seed, decide when each frame goes out, which frames are
 * doubled or dropped, and when the socket dies. The writer only executes this.
 */
import type { FailureSpec, StreamingSpec } from '../fixture-set/types.js';
import type { Frame } from '../stream/sse.js';
import { createRng } from '../random/rng.js';

export interface StreamSchedule {
  frames: Frame[];
  /** Milliseconds after the stream starts at which each frame is written (non-decreasing). */
  at: number[];
  /** Destroy the socket this many ms after the stream starts, unless every frame went out first. */
  disconnectAtMs?: number;
  /** Whether the chaos block (jitter, duplication) rolled active for this request. */
  chaosActive: boolean;
}

/** True when the failure block has chaos fields, i.e. the request consumes a chaos seed. */
export function hasChaos(failure: FailureSpec | undefined): boolean {
  return !!failure && ((failure.latencyJitterMs ?? 0) > 0 || failure.duplicateFrames === true);
}

/**
 * @example planStream(frames, { latencyMs: 20, chunkSize: 8 }, { latencyJitterMs: 10, probability: 1 }, 42)
 */
export function planStream(frames: Frame[], streaming: StreamingSpec, failure: FailureSpec | undefined, seed: number): StreamSchedule {
  // Only chaos needs randomness: plain streams skip building a generator.
  const rng = hasChaos(failure) ? createRng(seed) : null;
  // One roll per request gates jitter and duplication together; classical faults ignore it.
  const chaosActive = rng !== null && rng.float() < (failure?.probability ?? 1);
  const jitter = chaosActive && streaming.latencyMs > 0 ? failure?.latencyJitterMs ?? 0 : 0;
  const duplicate = chaosActive && failure?.duplicateFrames === true;

  let outFrames: Frame[] = [];
  let at: number[] = [];
  let t = 0;
  for (let i = 0; i < frames.length; i++) {
    if (i > 0) t += jitter > 0 ? Math.max(0, streaming.latencyMs + rng!.int(-jitter, jitter)) : streaming.latencyMs;
    outFrames.push(frames[i]);
    at.push(t);
    if (duplicate) {
      // The copy goes out back to back with the original.
      outFrames.push(frames[i]);
      at.push(t);
    }
  }
  // Truncation counts frames after duplication (documented seed behaviour).
  const cut = failure?.truncateAfterFrames;
  if (cut !== undefined && cut < outFrames.length) {
    outFrames = outFrames.slice(0, cut);
    at = at.slice(0, cut);
  }
  return { frames: outFrames, at, disconnectAtMs: failure?.disconnectAfterMs, chaosActive };
}
