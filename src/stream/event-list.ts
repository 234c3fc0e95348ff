/**
 * A stream's events as a list built on demand: `get(i)` makes the ith event when the writer gets
 * to it. Codecs describe a stream as *runs*: single events (a role chunk, `[DONE]`) and delta
 * runs (one event per delta of a text, all serialised by one shared encoder). A stream waiting
 * out its latency then holds its answer's text and a few small objects, not one object and one
 * string per event; the bytes on the wire are the same.
 *
 * Faults are views over a list: `doubled` (each event twice, back to back) and `limited`
 * (the first n), so the planner never copies events either.
 */
import type { WireEvent } from './framing.js';

export interface EventList {
  readonly length: number;
  get(i: number): WireEvent;
  /**
   * Which events carry generated text (1) and which are structure (0: a role chunk, a block
   * start, the finish, `[DONE]`), for token pacing. Absent: every event counts as content.
   */
  contentMask?(): Uint8Array;
}

/** One event per delta: delta k is `chunks.get(k)`, serialised by `encode` when written. */
export interface DeltaRun {
  chunks: { readonly count: number; get(k: number): string };
  encode: (delta: string) => string;
  /** SSE `event:` name of every event in the run. */
  event?: string;
}

export type EventRun = WireEvent | DeltaRun;

const isDeltaRun = (r: EventRun): r is DeltaRun => 'chunks' in r;

/**
 * The list a codec returns. Access is expected in order (that is how the writer reads it): a
 * cursor remembers the current run, so `get` is O(1) per step; going back rescans from the start.
 * @example eventList([{ data: 'head' }, { chunks, encode }, { data: '[DONE]' }])
 */
export function eventList(runs: readonly EventRun[]): EventList {
  return new RunList(runs);
}

/** A class, not a closure: an open stream keeps one object here, not a closure and its context. */
class RunList implements EventList {
  readonly length: number;
  /** Cursor: the run holding the last event asked for, and the index of its first event. */
  private run = 0;
  private runStart = 0;

  constructor(private readonly runs: readonly EventRun[]) {
    let length = 0;
    for (const r of runs) length += isDeltaRun(r) ? r.chunks.count : 1;
    this.length = length;
  }

  get(i: number): WireEvent {
    if (i < this.runStart) {
      this.run = 0;
      this.runStart = 0;
    }
    for (;;) {
      const r = this.runs[this.run];
      if (r === undefined) throw new RangeError(`event ${i} of ${this.length}`);
      const n = isDeltaRun(r) ? r.chunks.count : 1;
      if (i < this.runStart + n) {
        if (!isDeltaRun(r)) return r;
        const data = r.chunks.get(i - this.runStart);
        return r.event === undefined ? { data, encode: r.encode } : { event: r.event, data, encode: r.encode };
      }
      this.runStart += n;
      this.run++;
    }
  }

  /** Delta runs are content; single events are structure. */
  contentMask(): Uint8Array {
    const mask = new Uint8Array(this.length);
    let i = 0;
    for (const r of this.runs) {
      if (isDeltaRun(r)) {
        mask.fill(1, i, i + r.chunks.count);
        i += r.chunks.count;
      } else i++;
    }
    return mask;
  }
}

/**
 * A list over ready-made events (error frames, job events, tests).
 * @example listOf([{ data: 'overloaded' }]).get(0) // { data: 'overloaded' }
 */
export function listOf(events: readonly WireEvent[]): EventList {
  return {
    length: events.length,
    get(i) {
      if (!(i >= 0 && i < events.length)) throw new RangeError(`event ${i} of ${events.length}`);
      return events[i];
    },
  };
}

/** Each event twice, back to back (the `duplicate_frames` fault). */
export function doubled(list: EventList): EventList {
  return { length: list.length * 2, get: (i) => list.get(i >> 1) };
}

/** The first `n` events (the `truncate_after_frames` fault). */
export function limited(list: EventList, n: number): EventList {
  const length = Math.min(n, list.length);
  return {
    length,
    get(i) {
      if (!(i < length)) throw new RangeError(`event ${i} of ${length}`);
      return list.get(i);
    },
  };
}

/** `list`, then `tail` (a mid-stream error after the frames sent before it). */
export function followedBy(list: EventList, tail: readonly WireEvent[]): EventList {
  const n = list.length;
  const length = n + tail.length;
  return {
    length,
    get(i) {
      if (!(i >= 0 && i < length)) throw new RangeError(`event ${i} of ${length}`);
      return i < n ? list.get(i) : tail[i - n];
    },
  };
}

/** Every event at once, in order (tests, small lists). */
export function toArray(list: EventList): WireEvent[] {
  return Array.from({ length: list.length }, (_, i) => list.get(i));
}
