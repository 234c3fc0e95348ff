/**
 * The only code that touches response sockets and timers. It carries out plans: waits the
 * initial delay, writes the head, then writes each event at its absolute deadline
 * (start + offset, so timer lateness never accumulates), framed the way the plan says. It drops
 * every timer when the client goes away or the server closes, pauses a stream whose client
 * reads slower than it is written to (until `drain`, so memory stays bounded), and reports how
 * each response ended to an optional callback (metrics and the request journal hang off it).
 */
import type { ServerResponse } from 'node:http';
import type { Clock, TimerHandle } from '../time/clock.js';
import { CONTENT_TYPE, STREAM_HEADERS, closeFraming, frameEvent } from './framing.js';
import type { BodyPlan, Plan, StreamPlan } from './plan.js';

export type { BodyPlan, Plan, StreamPlan } from './plan.js';


/** How a response ended. */
export type WriteEnd =
  /** Everything in the plan was written. */
  | 'completed'
  /** The plan's own fault: `disconnect_after_ms` destroyed the socket. */
  | 'disconnected'
  /** The client went away first. */
  | 'client_closed'
  /** The server closed (`close()`): streams were ended, waiting responses dropped. */
  | 'shutdown';

export interface WriteReport {
  end: WriteEnd;
  status: number;
  /** Events written (a body counts as one). */
  eventsWritten: number;
  /** Times the stream waited for the client to drain its buffer. */
  backpressurePauses: number;
}

export type OnWritten = (report: WriteReport) => void;

/** Tracks responses in flight so `endAll()` can end them and clear their timers. */
export class ResponseWriter {
  private readonly active = new Set<() => void>();
  /** Streams paused for a slow reader since start (for /health). */
  backpressurePauses = 0;

  constructor(private readonly clock: Clock) {}

  /** Responses still being written (waiting or streaming). */
  get inFlight(): number {
    return this.active.size;
  }

  /** Carry out `plan` on `res`. Returns at once; timers and the socket are handled from here on. */
  execute(res: ServerResponse, plan: Plan, onWritten?: OnWritten): void {
    switch (plan.kind) {
      case 'body':
        // The hot path (an immediate JSON answer) needs no timers, listeners or tracking.
        if (plan.delayMs === 0) {
          writeBody(res, plan);
          onWritten?.({ end: 'completed', status: plan.status, eventsWritten: 1, backpressurePauses: 0 });
          return;
        }
        return this.track(res, plan, onWritten);
      case 'stream':
        return this.track(res, plan, onWritten);
      default: {
        const never: never = plan;
        throw new Error(`unknown plan ${JSON.stringify(never)}`);
      }
    }
  }

  /** End every response in flight (server shutdown). */
  endAll(): void {
    for (const stop of [...this.active]) stop();
  }

  private track(res: ServerResponse, plan: Plan, onWritten: OnWritten | undefined): void {
    const { clock } = this;
    let timer: TimerHandle | undefined;
    let disconnectTimer: TimerHandle | undefined;
    let done = false;
    let written = 0;
    let pauses = 0;
    let waitingForDrain = false;

    const finish = (end: WriteEnd) => {
      if (done) return;
      done = true;
      clock.clearTimeout(timer);
      clock.clearTimeout(disconnectTimer);
      this.active.delete(stop);
      res.off('close', onClose);
      if (waitingForDrain) res.off('drain', onDrain);
      if (end === 'shutdown' && !res.writableEnded && !res.destroyed) {
        // A stream in progress ends cleanly; a response still waiting out its latency has
        // sent nothing, and an empty 200 would be a lie: drop the connection instead.
        if (res.headersSent) res.end();
        else res.destroy();
      }
      onWritten?.({ end, status: plan.status, eventsWritten: written, backpressurePauses: pauses });
    };
    const stop = () => finish('shutdown');
    const onClose = () => finish(res.writableFinished ? 'completed' : 'client_closed');
    let onDrain = () => {};
    this.active.add(stop);
    res.on('close', onClose);

    const begin = () => {
      if (done) return;
      if (plan.kind === 'body') {
        writeBody(res, plan);
        written = 1;
        finish('completed');
        return;
      }
      res.writeHead(plan.status, streamHeaders(plan));
      // Headers go out with the first event (offset 0) in one write; flush them on their own
      // only when the first event waits.
      if (!(plan.events.length > 0 && plan.at.get(0) <= 0)) res.flushHeaders();
      const { events, at, framing } = plan;
      if (events.length === 0) {
        // `truncate_after_frames: 0`: the head, then an end with nothing (or `[]`) in it.
        res.end(plan.complete ? closeFraming(framing, 0) : '');
        finish('completed');
        return;
      }
      const start = clock.now();
      const last = events.length - 1;
      let next = 0;

      const pump = () => {
        timer = undefined;
        if (done || waitingForDrain) return;
        const elapsed = clock.now() - start;
        // Every event that is due goes out now (back-to-back events, or catch-up after a late
        // timer or a drain), but only while the socket takes it: a client that reads slower
        // than we write makes us wait for 'drain' instead of buffering without bound. No
        // explicit cork: node:http already holds a tick's writes to a socket for one writev.
        let ok = true;
        while (ok && next < last && at.get(next) <= elapsed) {
          ok = res.write(frameEvent(framing, events.get(next), next));
          next++;
        }
        written = next;
        if (ok && next === last && at.get(last) <= elapsed) {
          // The last event rides on end() (with the framing's closing) to save a write.
          const tail = frameEvent(framing, events.get(last), last);
          written = events.length;
          res.end(plan.complete ? tail + closeFraming(framing, written) : tail);
          finish('completed');
          return;
        }
        if (!ok) {
          // Listen for 'drain' only now: most streams never need it, and a burst of new
          // streams should not pay for a listener each.
          waitingForDrain = true;
          res.once('drain', onDrain);
          pauses++;
          this.backpressurePauses++;
          return;
        }
        // Whole milliseconds: Node keeps one timer list per distinct duration, and fractional
        // durations would give nearly every timer a list of its own.
        timer = clock.setTimeout(pump, Math.max(0, Math.ceil(at.get(next) - elapsed)));
      };
      onDrain = () => {
        waitingForDrain = false;
        pump();
      };
      if (plan.disconnectAtMs !== undefined) {
        disconnectTimer = clock.setTimeout(() => {
          // A real transport fault: the client sees an aborted transfer, not a clean end.
          res.socket?.destroy();
          res.destroy();
          finish('disconnected');
        }, plan.disconnectAtMs);
      }
      pump();
    };
    if (plan.delayMs > 0) timer = clock.setTimeout(begin, plan.delayMs);
    else begin();
  }
}

/** The plan is single-use and owns its headers: fill in the stream's defaults rather than copy. */
function streamHeaders(plan: StreamPlan): Record<string, string> {
  const h = plan.headers;
  h['content-type'] ??= CONTENT_TYPE[plan.framing];
  for (const k in STREAM_HEADERS) h[k] ??= STREAM_HEADERS[k];
  return h;
}

function writeBody(res: ServerResponse, plan: BodyPlan): void {
  // The plan is single-use and owns its headers: add the length rather than copy the object.
  plan.headers['content-length'] = String(Buffer.byteLength(plan.body));
  res.writeHead(plan.status, plan.headers);
  res.end(plan.body);
}
