/**
 * The contract between the engine and the writer: what to send, when, and with which faults.
 * The engine's pure steps build plans; only the writer carries them out. A closed union: the
 * writer handles every kind in an exhaustive switch.
 */
import type { Framing, WireEvent } from './framing.js';

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
  events: WireEvent[];
  /** Offset (ms after the head is written) of each event; non-decreasing. */
  at: number[];
  delayMs: number;
  /** Destroy the socket at this offset unless all events went out first. */
  disconnectAtMs?: number;
  /** False for a truncated stream: it ends without its framing's closing (`]`). */
  complete: boolean;
}

export type Plan = BodyPlan | StreamPlan;
