/**
 * The only code that touches response sockets and timers. It executes plans: waits the
 * initial delay, writes the head, then writes each frame at its absolute deadline
 * (start + offset, so timer lateness never accumulates), and drops every timer when the
 * client goes away or the server closes.
 */
import type { ServerResponse } from 'node:http';
import type { Clock } from '../time/clock.js';
import { frameText, type Frame } from './sse.js';

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
  headers: Record<string, string>;
  frames: Frame[];
  /** Offset (ms after the head is written) of each frame; non-decreasing. */
  at: number[];
  delayMs: number;
  /** Destroy the socket at this offset unless all frames went out first. */
  disconnectAtMs?: number;
}

export type Plan = BodyPlan | StreamPlan;

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
};

/** Tracks responses in flight so `close()` can end them and clear their timers. */
export class ResponseWriter {
  private readonly active = new Set<() => void>();

  constructor(private readonly clock: Clock) {}

  /** Responses still being written (waiting or streaming). */
  get inFlight(): number {
    return this.active.size;
  }

  /** Execute a plan on `res`. Returns at once; timers and the socket are handled from here on. */
  execute(res: ServerResponse, plan: Plan): void {
    // The hot path (an immediate JSON answer) needs no timers, listeners or tracking.
    if (plan.kind === 'body' && plan.delayMs === 0) return writeBody(res, plan);
    this.track(res, plan);
  }

  private track(res: ServerResponse, plan: Plan): void {
    {
      let timer: NodeJS.Timeout | undefined;
      let disconnectTimer: NodeJS.Timeout | undefined;
      let done = false;
      const finish = (endResponse: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        clearTimeout(disconnectTimer);
        this.active.delete(stop);
        res.off('close', onClose);
        if (endResponse && !res.writableEnded && !res.destroyed) {
          // A stream in progress ends cleanly; a response still waiting out its latency has
          // sent nothing, and an empty 200 would be a lie: drop the connection instead.
          if (res.headersSent) res.end();
          else res.destroy();
        }
      };
      // Server shutdown: end what is open cleanly.
      const stop = () => finish(true);
      // Client went away: nothing left to write to.
      const onClose = () => finish(false);
      this.active.add(stop);
      res.on('close', onClose);

      const begin = () => {
        if (done) return;
        if (plan.kind === 'body') {
          writeBody(res, plan);
          finish(false);
          return;
        }
        res.writeHead(plan.status, { ...SSE_HEADERS, ...plan.headers });
        // Headers go out with the first frame (offset 0) in one write; flush them on their own
        // only when the first frame waits.
        if (!(plan.at[0] <= 0)) res.flushHeaders();
        const start = this.clock.now();
        let next = 0;
        const pump = () => {
          if (done) return;
          const elapsed = this.clock.now() - start;
          const { frames, at } = plan;
          // Every frame that is due goes out in one batch (back-to-back frames, or catch-up
          // after a late timer); the last one rides on end() to save a write.
          let due = next;
          while (due < frames.length && at[due] <= elapsed) due++;
          if (due === frames.length) {
            if (due - next > 1) res.cork();
            while (next < due - 1) res.write(frameText(frames[next++]));
            res.end(frameText(frames[next++]));
            finish(false);
            return;
          }
          if (due - next > 1) {
            res.cork();
            while (next < due) res.write(frameText(frames[next++]));
            res.uncork();
          } else if (due > next) res.write(frameText(frames[next++]));
          // Whole milliseconds: Node keeps one timer list per distinct duration, and fractional
          // durations would give nearly every timer a list of its own.
          timer = setTimeout(pump, Math.max(0, Math.ceil(at[next] - elapsed)));
        };
        if (plan.disconnectAtMs !== undefined) {
          disconnectTimer = setTimeout(() => {
            // A real transport fault: the client sees an aborted transfer, not a clean end.
            res.socket?.destroy();
            res.destroy();
            finish(false);
          }, plan.disconnectAtMs);
        }
        pump();
      };
      if (plan.delayMs > 0) timer = setTimeout(begin, plan.delayMs);
      else begin();
    }
  }

  /** End every response in flight (server shutdown). */
  endAll(): void {
    for (const stop of [...this.active]) stop();
  }
}

function writeBody(res: ServerResponse, plan: BodyPlan): void {
  res.writeHead(plan.status, { 'content-length': String(Buffer.byteLength(plan.body)), ...plan.headers });
  res.end(plan.body);
}
