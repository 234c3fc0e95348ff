/**
 * The contract between the engine and the writer: what to send, when, and with which faults.
 * The engine's pure steps build plans; only the writer carries them out. A closed union: the
 * writer handles every kind in an exhaustive switch.
 */
import type { EventList } from './event-list.js';
import type { Framing } from './framing.js';

export interface BodyPlan {
  kind: 'body';
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Wait this long before sending anything. */
  delayMs: number;
}

export interface StreamPlan {
  kind: 'stream';
  status: number;
  /** Everything but the content type, which follows from `framing`. */
  headers: Record<string, string>;
  framing: Framing;
  /** What is written, in order (faults already applied: see event-list.ts). */
  events: EventList;
  /** When each event goes out. */
  at: Schedule;
  delayMs: number;
  /** Destroy the socket at this offset unless all events went out first. */
  disconnectAtMs?: number;
  /** False for a truncated stream: it ends without its framing's closing (`]`). */
  complete: boolean;
}

/**
 * A transport fault: no proper answer, the connection is reset (load chaos' connection faults:
 * a reset at once or after a lead, a stall, a timeout that ends in a reset).
 */
export interface DropPlan {
  kind: 'drop';
  /** Reported as the response's status: the head's, or 0 when nothing was sent. */
  status: number;
  /** Reset the connection this many ms after the plan starts. */
  delayMs: number;
  /** A stall: send this head at `atMs` (the response seems to start), then nothing more. */
  head?: { atMs: number; headers: Record<string, string> };
}

export type Plan = BodyPlan | StreamPlan | DropPlan;

/** Offset (ms after the head is written) of each event; non-decreasing. */
export interface Schedule {
  get(i: number): number;
}

/**
 * Event i at `i * ms`: a fixture's plain `latency`, with nothing stored per event.
 * @example every(20).get(3) // 60
 */
export function every(ms: number): Schedule {
  return new Every(ms);
}

/** A class, not a closure: one small object per open stream. */
class Every implements Schedule {
  constructor(private readonly ms: number) {}
  get(i: number): number {
    return i * this.ms;
  }
}

/** Explicit offsets (jittered latency; tests). */
export function offsets(list: ArrayLike<number>): Schedule {
  return { get: (i) => list[i] };
}

/** Event i at `s.get(floor(i / 2))`: each event and its duplicate share a time. */
export function pairwise(s: Schedule): Schedule {
  return { get: (i) => s.get(i >> 1) };
}

/** `s` for the first `n` events, then `t` for every later one (a mid-stream error's events). */
export function thenAt(s: Schedule, n: number, t: number): Schedule {
  return { get: (i) => (i < n ? s.get(i) : t) };
}
