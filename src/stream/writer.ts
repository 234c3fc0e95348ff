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

export type { BodyPlan, DropPlan, Plan, StreamPlan } from './plan.js';


/** How a response ended. */
export type WriteEnd =
  /** Everything in the plan was written. */
  | 'completed'
  /** The plan's own fault: `disconnect_after_ms` or a load-chaos connection fault destroyed the socket. */
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
  /** `clock.now()` when the response head went out (time to first byte); undefined when nothing was sent. */
  firstByteAt?: number;
}

export type OnWritten = (report: WriteReport) => void;

/** Tracks responses in flight so `endAll()` can end them and clear their timers. */
export class ResponseWriter {
  /**
   * @internal Responses being written, as a list threaded through them (`Outgoing` links and
   * unlinks itself): a Set would hash every response object on the way in and out, which
   * showed in the profile of a burst of new streams.
   */
  private oldest: Outgoing | undefined;
  private newest: Outgoing | undefined;
  private count = 0;
  /** Streams paused for a slow reader since start (for /health). */
  backpressurePauses = 0;

  constructor(readonly clock: Clock) {}

  /** Responses still being written (waiting or streaming). */
  get inFlight(): number {
    return this.count;
  }

  /** @internal */
  link(o: Outgoing): void {
    o.older = this.newest;
    if (this.newest) this.newest.newer = o;
    else this.oldest = o;
    this.newest = o;
    this.count++;
  }

  /** @internal */
  unlink(o: Outgoing): void {
    if (o.newer) o.newer.older = o.older;
    else this.newest = o.older;
    if (o.older) o.older.newer = o.newer;
    else this.oldest = o.newer;
    o.older = o.newer = undefined;
    this.count--;
  }

  /** Carry out `plan` on `res`. Returns at once; timers and the socket are handled from here on. */
  execute(res: ServerResponse, plan: Plan, onWritten?: OnWritten): void {
    switch (plan.kind) {
      case 'body':
        // The hot path (an immediate JSON answer) needs no timers, listeners or tracking.
        if (plan.delayMs === 0) {
          writeBody(res, plan);
          if (onWritten) onWritten({ end: 'completed', status: plan.status, eventsWritten: 1, backpressurePauses: 0, firstByteAt: this.clock.now() });
          return;
        }
        new Outgoing(this, res, plan, onWritten).start();
        return;
      case 'stream':
      case 'drop':
        new Outgoing(this, res, plan, onWritten).start();
        return;
      default: {
        const never: never = plan;
        throw new Error(`unknown plan ${JSON.stringify(never)}`);
      }
    }
  }

  /** End every response in flight (server shutdown). */
  endAll(): void {
    // Oldest first; finish() unlinks the response it ends.
    while (this.oldest) this.oldest.finish('shutdown');
  }
}

/**
 * One response being written. A class rather than a nest of closures: at a thousand open
 * streams, every object a stream keeps alive is copied by each young-generation GC, and
 * those pauses are what a client sees as late frames. This keeps one object and two
 * callbacks per stream.
 */
class Outgoing {
  /** Neighbours in the writer's list of responses in flight. */
  older: Outgoing | undefined;
  newer: Outgoing | undefined;
  private timer: TimerHandle | undefined;
  private disconnectTimer: TimerHandle | undefined;
  private done = false;
  /** Events written so far (and the index of the next one). */
  private next = 0;
  private pauses = 0;
  private waitingForDrain = false;
  private startedAt = 0;
  /** When the head went out (undefined until then). */
  private firstByteAt: number | undefined;
  /** Registered on 'close'. */
  private readonly onClose = () => this.finish(this.res.writableFinished ? 'completed' : 'client_closed');
  /** Timer and 'drain' callback. */
  private readonly pump = () => this.writeDue();

  constructor(
    private readonly writer: ResponseWriter,
    private readonly res: ServerResponse,
    private readonly plan: Plan,
    private readonly onWritten: OnWritten | undefined,
  ) {}

  start(): void {
    this.writer.link(this);
    this.res.on('close', this.onClose);
    const { plan } = this;
    if (plan.kind === 'drop' && plan.head) {
      // A stall: the head goes out, then nothing until the reset.
      const { head } = plan;
      this.disconnectTimer = this.writer.clock.setTimeout(() => {
        if (this.done) return;
        this.res.writeHead(plan.status, head.headers);
        this.res.flushHeaders();
        this.firstByteAt = this.writer.clock.now();
      }, head.atMs);
    }
    if (plan.delayMs > 0) this.timer = this.writer.clock.setTimeout(() => this.begin(), plan.delayMs);
    else this.begin();
  }

  finish(end: WriteEnd): void {
    if (this.done) return;
    this.done = true;
    const { res, plan, writer } = this;
    writer.clock.clearTimeout(this.timer);
    writer.clock.clearTimeout(this.disconnectTimer);
    writer.unlink(this);
    res.off('close', this.onClose);
    if (this.waitingForDrain) res.off('drain', this.pump);
    if (end === 'shutdown' && !res.writableEnded && !res.destroyed) {
      // A stream in progress ends cleanly; a response still waiting out its latency has
      // sent nothing, and an empty 200 would be a lie: drop the connection instead.
      if (res.headersSent) res.end();
      else res.destroy();
    }
    const eventsWritten = plan.kind === 'body' ? (end === 'completed' ? 1 : 0) : this.next;
    this.onWritten?.({ end, status: plan.status, eventsWritten, backpressurePauses: this.pauses, firstByteAt: this.firstByteAt });
  }

  private begin(): void {
    if (this.done) return;
    const { res, plan } = this;
    if (plan.kind === 'body') {
      writeBody(res, plan);
      this.firstByteAt = this.writer.clock.now();
      this.finish('completed');
      return;
    }
    if (plan.kind === 'drop') {
      // A real transport fault: the client sees its connection reset, not an answer.
      res.socket?.destroy();
      res.destroy();
      this.finish('disconnected');
      return;
    }
    res.writeHead(plan.status, streamHeaders(plan));
    this.firstByteAt = this.writer.clock.now();
    // Headers go out with the first event (offset 0) in one write; flush them on their own
    // only when the first event waits (or a disconnect comes first).
    if (!(plan.events.length > 0 && this.due(0, 0))) res.flushHeaders();
    if (plan.events.length === 0) {
      // `truncate_after_frames: 0`: the head, then an end with nothing (or `[]`) in it.
      res.end(plan.complete ? closeFraming(plan.framing, 0) : '');
      this.finish('completed');
      return;
    }
    const { clock } = this.writer;
    this.startedAt = clock.now();
    if (plan.disconnectAtMs !== undefined) {
      this.disconnectTimer = clock.setTimeout(() => {
        // A real transport fault: the client sees an aborted transfer, not a clean end.
        res.socket?.destroy();
        res.destroy();
        this.finish('disconnected');
      }, plan.disconnectAtMs);
    }
    this.writeDue();
  }

  /**
   * Whether event i goes out at `elapsed`: its time has come, and it is not at or after the
   * plan's disconnect (at equal times the disconnect wins, so `disconnect_after_ms: 0` aborts
   * before the first frame, as in the original llmposter).
   */
  private due(i: number, elapsed: number): boolean {
    const { at, disconnectAtMs } = this.plan as StreamPlan;
    const t = at.get(i);
    return t <= elapsed && (disconnectAtMs === undefined || t < disconnectAtMs);
  }

  /**
   * Every event that is due goes out now (back-to-back events, or catch-up after a late timer
   * or a drain), joined into one write: a stream without latency (the default) is one write,
   * not one per frame. Each res.write costs node:http a chunk header and a pass through its
   * stream machinery; joining took 50-frame streams sent at once from 3,300 to 5,100 a second
   * on one core. Writes stop while the socket does not take them: a client that reads slower
   * than we write makes us wait for 'drain' instead of buffering without bound, and one batch
   * is at most `BATCH_CHARS` long, so that bound holds for a long answer too.
   */
  private writeDue(): void {
    this.timer = undefined;
    this.waitingForDrain = false;
    if (this.done) return;
    const { res, writer } = this;
    const plan = this.plan as StreamPlan;
    const { events, at, framing } = plan;
    const elapsed = writer.clock.now() - this.startedAt;
    const last = events.length - 1;
    let next = this.next;
    let ok = true;
    let batch = '';
    while (next < last && this.due(next, elapsed)) {
      batch += frameEvent(framing, events.get(next), next);
      next++;
      if (batch.length >= BATCH_CHARS) {
        ok = res.write(batch);
        batch = '';
        if (!ok) break;
      }
    }
    this.next = next;
    if (ok && next === last && this.due(last, elapsed)) {
      // The last event rides on end() (with the framing's closing) to save a write.
      const tail = batch + frameEvent(framing, events.get(last), last);
      this.next = events.length;
      res.end(plan.complete ? tail + closeFraming(framing, events.length) : tail);
      this.finish('completed');
      return;
    }
    if (batch !== '') ok = res.write(batch);
    if (!ok) {
      // Listen for 'drain' only now: most streams never need it.
      this.waitingForDrain = true;
      res.once('drain', this.pump);
      this.pauses++;
      writer.backpressurePauses++;
      return;
    }
    // The rest would go out at or after the disconnect: its timer ends the stream instead.
    if (plan.disconnectAtMs !== undefined && at.get(next) >= plan.disconnectAtMs) return;
    // Whole milliseconds: Node keeps one timer list per distinct duration, and fractional
    // durations would give nearly every timer a list of its own.
    this.timer = writer.clock.setTimeout(this.pump, Math.max(0, Math.ceil(at.get(next) - elapsed)));
  }
}

/**
 * The longest batch of due events written at once (UTF-16 units), node's default high-water
 * mark for a socket: past it the writer checks whether the socket still takes more.
 */
const BATCH_CHARS = 16 * 1024;

/** The plan is single-use and owns its headers: fill in the stream's defaults rather than copy. */
function streamHeaders(plan: StreamPlan): Record<string, string> {
  const h = plan.headers;
  // A recording is sent with its own headers only: no content type or cache header of ours.
  if (plan.framing === 'raw') return h;
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
