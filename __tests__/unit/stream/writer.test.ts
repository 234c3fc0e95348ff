/**
 * `ResponseWriter` on a fake response and the fake clock: when each byte goes out (absolute
 * deadlines, no drift), framing, faults, client and server going away, backpressure, reports.
 */
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, it, expect } from '@jest/globals';
import { ResponseWriter, type BodyPlan, type StreamPlan, type WriteReport } from '../../../src/stream/writer.js';
import { CONTENT_TYPE, STREAM_HEADERS, type WireEvent } from '../../../src/stream/framing.js';
import { createFakeClock, type FakeClock } from '../../../src/time/fake-clock.js';
import type { Clock } from '../../../src/time/clock.js';
import { listOf } from '../../../src/stream/event-list.js';
import { offsets } from '../../../src/stream/plan.js';

type Call =
  | { op: 'writeHead'; at: number; status: number; headers: Record<string, string> }
  | { op: 'write' | 'end'; at: number; chunk: string }
  | { op: 'flushHeaders' | 'destroy'; at: number };

/**
 * Just enough of `ServerResponse` for the writer, recording every call with the clock's time.
 * `destroy()` does not emit 'close' synchronously: Node emits it on a later tick, and the writer's
 * own bookkeeping must not depend on it.
 */
class FakeResponse extends EventEmitter {
  readonly calls: Call[] = [];
  headersSent = false;
  writableEnded = false;
  writableFinished = false;
  destroyed = false;
  readonly socket = { destroyed: false, destroy: () => void (this.socket.destroyed = true) };
  /** While true, `write()` returns false, as Node does when its buffer is over the high-water mark. */
  full = false;

  constructor(private readonly clock: Clock) {
    super();
  }

  writeHead(status: number, headers: Record<string, string>): this {
    this.calls.push({ op: 'writeHead', at: this.clock.now(), status, headers: { ...headers } });
    this.headersSent = true;
    return this;
  }
  flushHeaders(): void {
    this.calls.push({ op: 'flushHeaders', at: this.clock.now() });
  }
  write(chunk: string): boolean {
    if (this.writableEnded || this.destroyed) throw new Error('write after end/destroy');
    this.calls.push({ op: 'write', at: this.clock.now(), chunk });
    return !this.full;
  }
  end(chunk?: string): this {
    if (this.writableEnded || this.destroyed) throw new Error('end after end/destroy');
    this.calls.push({ op: 'end', at: this.clock.now(), chunk: chunk ?? '' });
    this.writableEnded = true;
    this.writableFinished = true;
    return this;
  }
  destroy(): this {
    this.calls.push({ op: 'destroy', at: this.clock.now() });
    this.destroyed = true;
    return this;
  }

  /** The client read everything: buffer below the mark again. */
  drain(): void {
    this.full = false;
    this.emit('drain');
  }
  /** The client hung up. */
  clientGone(): void {
    this.destroyed = true;
    this.emit('close');
  }

  /** write() and end() calls. */
  writes(): Array<Extract<Call, { op: 'write' | 'end' }>> {
    return this.calls.filter((c): c is Extract<Call, { op: 'write' | 'end' }> => c.op === 'write' || c.op === 'end');
  }
  body(): string {
    return this.writes().map((c) => c.chunk).join('');
  }
  head(): Extract<Call, { op: 'writeHead' }> | undefined {
    return this.calls.find((c): c is Extract<Call, { op: 'writeHead' }> => c.op === 'writeHead');
  }
  has(op: Call['op']): boolean {
    return this.calls.some((c) => c.op === op);
  }
}

const ev = (data: string, event?: string): WireEvent => (event === undefined ? { data } : { event, data });

/** A stream plan from plain arrays of events and offsets. */
const streamPlan = ({ events, at, ...over }: Partial<Omit<StreamPlan, 'events' | 'at'>> & { events: WireEvent[]; at: number[] }): StreamPlan => ({
  kind: 'stream',
  status: 200,
  headers: {},
  framing: 'ndjson',
  delayMs: 0,
  complete: true,
  ...over,
  events: listOf(events),
  at: offsets(at),
});

/** `n` ndjson events `e0`..`e{n-1}` at the given offsets. */
const numbered = (at: number[]): { events: WireEvent[]; at: number[] } => ({ events: at.map((_, i) => ev(`e${i}`)), at });

interface Rig {
  clock: FakeClock;
  writer: ResponseWriter;
  res: FakeResponse;
  reports: WriteReport[];
  run(plan: BodyPlan | StreamPlan): void;
}

function rig(clock: Clock & Partial<FakeClock> = createFakeClock()): Rig {
  const writer = new ResponseWriter(clock);
  const res = new FakeResponse(clock);
  const reports: WriteReport[] = [];
  return {
    clock: clock as FakeClock,
    writer,
    res,
    reports,
    run: (plan) => writer.execute(res as unknown as ServerResponse, plan, (r) => reports.push(r)),
  };
}

/**
 * A clock whose timers run late: when the fake clock fires one it is only queued, and runs at
 * whatever time `runLate()` is called. Models an event loop busy past several deadlines.
 */
function lateClock(base: FakeClock): { clock: Clock; runLate(): void } {
  const ready: Array<() => void> = [];
  return {
    clock: {
      now: base.now,
      unixSeconds: base.unixSeconds,
      setTimeout: (fn, ms) => base.setTimeout(() => ready.push(fn), ms),
      clearTimeout: base.clearTimeout,
    },
    runLate() {
      while (ready.length) ready.shift()!();
    },
  };
}

describe('body plans', () => {
  it('an immediate body goes out at once with content-length, no timers and no tracking', () => {
    const { clock, writer, res, reports, run } = rig();
    run({ kind: 'body', status: 201, headers: { 'content-type': 'application/json', 'x-a': '1' }, body: '{"ok":"é"}', delayMs: 0 });
    expect(res.calls).toEqual([
      { op: 'writeHead', at: 0, status: 201, headers: { 'content-length': '11', 'content-type': 'application/json', 'x-a': '1' } },
      { op: 'end', at: 0, chunk: '{"ok":"é"}' },
    ]);
    expect(clock.pendingTimers()).toBe(0);
    expect(writer.inFlight).toBe(0);
    expect(res.listenerCount('close')).toBe(0);
    expect(reports).toEqual([{ end: 'completed', status: 201, eventsWritten: 1, backpressurePauses: 0, firstByteAt: 0 }]);
  });

  it('a delayed body sends nothing before delayMs and everything at it', () => {
    const { clock, writer, res, reports, run } = rig();
    run({ kind: 'body', status: 200, headers: {}, body: 'late', delayMs: 250 });
    expect(writer.inFlight).toBe(1);
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(249);
    expect(res.calls).toEqual([]);
    expect(reports).toEqual([]);
    clock.advance(1);
    expect(res.calls).toEqual([
      { op: 'writeHead', at: 250, status: 200, headers: { 'content-length': '4' } },
      { op: 'end', at: 250, chunk: 'late' },
    ]);
    expect(writer.inFlight).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
    expect(res.listenerCount('close')).toBe(0);
    expect(reports).toEqual([{ end: 'completed', status: 200, eventsWritten: 1, backpressurePauses: 0, firstByteAt: 250 }]);
  });

  it('a client gone during the delay gets nothing, and the timer is cleared', () => {
    const { clock, writer, res, reports, run } = rig();
    run({ kind: 'body', status: 200, headers: {}, body: 'late', delayMs: 250 });
    clock.advance(100);
    res.clientGone();
    expect(clock.pendingTimers()).toBe(0);
    expect(writer.inFlight).toBe(0);
    clock.advance(1000);
    expect(res.calls).toEqual([]);
    expect(reports).toEqual([{ end: 'client_closed', status: 200, eventsWritten: 0, backpressurePauses: 0 }]);
  });
});

describe('stream plans: timing', () => {
  it('writes each event at its offset after the head; events due together go out together; the last rides on end()', () => {
    const { clock, writer, res, reports, run } = rig(createFakeClock({ startMs: 1000 }));
    run(streamPlan({ ...numbered([0, 0, 10, 30, 30, 50]), delayMs: 100 }));
    clock.advance(99);
    expect(res.calls).toEqual([]);
    clock.advance(1);
    expect(res.head()!.at).toBe(1100);
    // Two events due at offset 0 go out together, in one write.
    expect(res.writes()).toEqual([{ op: 'write', at: 1100, chunk: 'e0\ne1\n' }]);
    clock.advance(9);
    expect(res.writes()).toHaveLength(1);
    clock.advance(1);
    expect(res.writes()[1]).toEqual({ op: 'write', at: 1110, chunk: 'e2\n' });
    clock.advance(19);
    expect(res.writes()).toHaveLength(2);
    clock.advance(1);
    expect(res.writes().slice(2)).toEqual([{ op: 'write', at: 1130, chunk: 'e3\ne4\n' }]);
    expect(reports).toEqual([]);
    clock.advance(20);
    expect(res.writes()[3]).toEqual({ op: 'end', at: 1150, chunk: 'e5\n' });
    expect(res.writes()).toHaveLength(4);
    expect(res.body()).toBe('e0\ne1\ne2\ne3\ne4\ne5\n');
    expect(clock.pendingTimers()).toBe(0);
    expect(writer.inFlight).toBe(0);
    expect(reports).toEqual([{ end: 'completed', status: 200, eventsWritten: 6, backpressurePauses: 0, firstByteAt: 1100 }]);
  });

  it('one big advance still writes each event at its own deadline', () => {
    const { clock, res, run } = rig();
    run(streamPlan(numbered([0, 7, 19, 40])));
    clock.advance(10_000);
    expect(res.writes().map((w) => [w.op, w.at, w.chunk])).toEqual([
      ['write', 0, 'e0\n'],
      ['write', 7, 'e1\n'],
      ['write', 19, 'e2\n'],
      ['end', 40, 'e3\n'],
    ]);
  });

  it('a stream whose events are all due at once goes out in one end()', () => {
    const { clock, writer, res, reports, run } = rig();
    run(streamPlan(numbered([0, 0, 0])));
    expect(res.writes()).toEqual([{ op: 'end', at: 0, chunk: 'e0\ne1\ne2\n' }]);
    expect(clock.pendingTimers()).toBe(0);
    expect(writer.inFlight).toBe(0);
    expect(reports).toEqual([{ end: 'completed', status: 200, eventsWritten: 3, backpressurePauses: 0, firstByteAt: 0 }]);
  });

  it('late timers catch up in one batch and later deadlines keep the original schedule (no drift)', () => {
    const base = createFakeClock();
    const late = lateClock(base);
    const { res, reports, run } = rig(late.clock as Clock & Partial<FakeClock>);
    run(streamPlan(numbered([0, 10, 20, 30, 40, 50])));
    expect(res.writes().map((w) => w.chunk)).toEqual(['e0\n']);
    // The loop is busy until t=35: the timer for offset 10 only runs then.
    base.advance(35);
    expect(res.writes()).toHaveLength(1);
    late.runLate();
    expect(res.writes().slice(1)).toEqual([{ op: 'write', at: 35, chunk: 'e1\ne2\ne3\n' }]);
    // The next event is due at 40 (its absolute deadline), not 35 + 10.
    base.advance(4);
    late.runLate();
    expect(res.writes()).toHaveLength(2);
    base.advance(1);
    late.runLate();
    expect(res.writes()[2]).toEqual({ op: 'write', at: 40, chunk: 'e4\n' });
    base.advance(10);
    late.runLate();
    expect(res.writes()[3]).toEqual({ op: 'end', at: 50, chunk: 'e5\n' });
    expect(reports).toEqual([{ end: 'completed', status: 200, eventsWritten: 6, backpressurePauses: 0, firstByteAt: 0 }]);
  });

  it('fractional offsets are waited out, never written early', () => {
    const { clock, res, run } = rig();
    run(streamPlan(numbered([0, 10.5, 21])));
    clock.advance(10);
    expect(res.writes()).toHaveLength(1);
    clock.advance(1);
    expect(res.writes().map((w) => w.at)).toEqual([0, 11]);
    clock.advance(10);
    expect(res.writes().map((w) => w.at)).toEqual([0, 11, 21]);
  });
});

describe('stream plans: head', () => {
  it('carries the framing content type, the stream headers and the plan headers', () => {
    const { res, run } = rig();
    run(streamPlan({ ...numbered([0]), framing: 'sse', status: 203, headers: { 'x-request-id': 'req-1', 'cache-control': 'no-store' } }));
    expect(res.head()).toEqual({
      op: 'writeHead',
      at: 0,
      status: 203,
      headers: { 'content-type': CONTENT_TYPE.sse, ...STREAM_HEADERS, 'x-request-id': 'req-1', 'cache-control': 'no-store' },
    });
    expect(res.head()!.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    // node:http decides keep-alive from the request; a hand-set header would override a client's `close`.
    expect(res.head()!.headers.connection).toBeUndefined();
  });

  it.each([
    ['json-array', 'application/json; charset=utf-8'],
    ['ndjson', 'application/x-ndjson; charset=utf-8'],
  ] as const)('%s streams are %s', (framing, type) => {
    const { res, run } = rig();
    run(streamPlan({ ...numbered([0]), framing }));
    expect(res.head()!.headers['content-type']).toBe(type);
  });

  it('does not flush the head on its own when the first event is due at once', () => {
    const { res, run } = rig();
    run(streamPlan(numbered([0, 10])));
    expect(res.calls.map((c) => c.op)).toEqual(['writeHead', 'write']);
    expect(res.has('flushHeaders')).toBe(false);
  });

  it('flushes the head at once when the first event waits', () => {
    const { clock, res, run } = rig();
    run(streamPlan(numbered([20, 30])));
    expect(res.calls).toEqual([
      { op: 'writeHead', at: 0, status: 200, headers: expect.any(Object) },
      { op: 'flushHeaders', at: 0 },
    ]);
    clock.advance(20);
    expect(res.writes().map((w) => [w.at, w.chunk])).toEqual([[20, 'e0\n']]);
  });
});

describe('stream plans: framing', () => {
  const ab = [ev('{"a":1}'), ev('{"b":2}')];

  it('a complete json-array stream is a parseable array', () => {
    const { clock, res, run } = rig();
    run(streamPlan({ events: ab, at: [0, 5], framing: 'json-array' }));
    clock.advance(5);
    expect(res.body()).toBe('[{"a":1},\r\n{"b":2}]');
    expect(JSON.parse(res.body())).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('a truncated json-array stream (complete: false) ends without its closing bracket', () => {
    const { clock, res, reports, run } = rig();
    run(streamPlan({ events: ab, at: [0, 5], framing: 'json-array', complete: false }));
    clock.advance(5);
    expect(res.body()).toBe('[{"a":1},\r\n{"b":2}');
    expect(() => JSON.parse(res.body())).toThrow();
    expect(reports).toEqual([{ end: 'completed', status: 200, eventsWritten: 2, backpressurePauses: 0, firstByteAt: 0 }]);
  });

  it('an empty complete json-array stream is []', () => {
    const { res, run } = rig();
    run(streamPlan({ events: [], at: [], framing: 'json-array' }));
    expect(res.body()).toBe('[]');
  });

  it('ndjson writes one document per line', () => {
    const { clock, res, run } = rig();
    run(streamPlan({ events: ab, at: [0, 5], framing: 'ndjson' }));
    clock.advance(5);
    expect(res.body()).toBe('{"a":1}\n{"b":2}\n');
    expect(res.body().trimEnd().split('\n').map((l) => JSON.parse(l))).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('sse writes event/data frames, serialising deferred data when it is due', () => {
    const { clock, res, run } = rig();
    let serialised = 0;
    const lazy: WireEvent = {
      event: 'delta',
      data: '1',
      encode: (x) => {
        serialised++;
        return `{"x":${x}}`;
      },
    };
    run(streamPlan({ events: [ev('{"a":1}', 'start'), lazy], at: [0, 5], framing: 'sse' }));
    expect(serialised).toBe(0);
    clock.advance(5);
    expect(serialised).toBe(1);
    expect(res.body()).toBe('event: start\ndata: {"a":1}\n\nevent: delta\ndata: {"x":1}\n\n');
  });
});

describe('disconnectAtMs', () => {
  it('destroys the socket at that time, reports disconnected and writes nothing more', () => {
    const { clock, writer, res, reports, run } = rig();
    run(streamPlan({ ...numbered([0, 10, 20, 30]), disconnectAtMs: 15 }));
    clock.advance(14);
    expect(res.socket.destroyed).toBe(false);
    clock.advance(1);
    expect(res.socket.destroyed).toBe(true);
    expect(res.calls.at(-1)).toEqual({ op: 'destroy', at: 15 });
    expect(res.writes().map((w) => w.chunk)).toEqual(['e0\n', 'e1\n']);
    expect(reports).toEqual([{ end: 'disconnected', status: 200, eventsWritten: 2, backpressurePauses: 0, firstByteAt: 0 }]);
    expect(clock.pendingTimers()).toBe(0);
    expect(writer.inFlight).toBe(0);
    const before = res.calls.length;
    clock.advance(1000);
    res.emit('close');
    expect(res.calls).toHaveLength(before);
    expect(reports).toHaveLength(1);
  });

  it('counts from the head, after the initial delay', () => {
    const { clock, res, run } = rig();
    run(streamPlan({ ...numbered([0, 100]), delayMs: 50, disconnectAtMs: 30 }));
    clock.advance(79);
    expect(res.socket.destroyed).toBe(false);
    clock.advance(1);
    expect(res.socket.destroyed).toBe(true);
  });

  it('does nothing when every event went out first', () => {
    const { clock, res, reports, run } = rig();
    run(streamPlan({ ...numbered([0, 10]), disconnectAtMs: 100 }));
    clock.advance(10);
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(1000);
    expect(res.socket.destroyed).toBe(false);
    expect(res.has('destroy')).toBe(false);
    expect(res.body()).toBe('e0\ne1\n');
    expect(reports).toEqual([{ end: 'completed', status: 200, eventsWritten: 2, backpressurePauses: 0, firstByteAt: 0 }]);
  });
});

describe('the client going away mid-stream', () => {
  it('clears every timer, reports client_closed and writes nothing more', () => {
    const { clock, writer, res, reports, run } = rig();
    run(streamPlan({ ...numbered([0, 10, 20, 30]), disconnectAtMs: 25 }));
    clock.advance(12);
    expect(clock.pendingTimers()).toBe(2);
    res.clientGone();
    expect(clock.pendingTimers()).toBe(0);
    expect(writer.inFlight).toBe(0);
    expect(reports).toEqual([{ end: 'client_closed', status: 200, eventsWritten: 2, backpressurePauses: 0, firstByteAt: 0 }]);
    const before = res.calls.length;
    clock.advance(1000);
    res.drain();
    expect(res.calls).toHaveLength(before);
    expect(res.socket.destroyed).toBe(false);
    expect(reports).toHaveLength(1);
    expect(res.listenerCount('close')).toBe(0);
    expect(res.listenerCount('drain')).toBe(0);
  });
});

describe('endAll (server shutdown)', () => {
  it('ends a streaming response cleanly and drops one still waiting out its delay', () => {
    const clock = createFakeClock();
    const writer = new ResponseWriter(clock);
    const streaming = new FakeResponse(clock);
    const waiting = new FakeResponse(clock);
    const reports: Array<[string, WriteReport]> = [];
    writer.execute(streaming as unknown as ServerResponse, streamPlan(numbered([0, 10, 20])), (r) => reports.push(['streaming', r]));
    writer.execute(waiting as unknown as ServerResponse, { kind: 'body', status: 200, headers: {}, body: 'x', delayMs: 500 }, (r) => reports.push(['waiting', r]));
    clock.advance(10);
    expect(writer.inFlight).toBe(2);

    writer.endAll();
    expect(writer.inFlight).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
    // The stream ends with what it has sent; no closing frame is invented.
    expect(streaming.calls.at(-1)).toEqual({ op: 'end', at: 10, chunk: '' });
    expect(streaming.has('destroy')).toBe(false);
    expect(streaming.body()).toBe('e0\ne1\n');
    // Nothing was sent yet: an empty 200 would be a lie, so the connection is dropped.
    expect(waiting.calls).toEqual([{ op: 'destroy', at: 10 }]);
    expect(waiting.has('writeHead')).toBe(false);
    expect(reports).toEqual([
      ['streaming', { end: 'shutdown', status: 200, eventsWritten: 2, backpressurePauses: 0, firstByteAt: 0 }],
      ['waiting', { end: 'shutdown', status: 200, eventsWritten: 0, backpressurePauses: 0 }],
    ]);
    clock.advance(1000);
    expect(streaming.writes()).toHaveLength(3);
    expect(reports).toHaveLength(2);
  });

  it('leaves finished responses alone and is a no-op when nothing is in flight', () => {
    const { clock, writer, res, reports, run } = rig();
    run(streamPlan(numbered([0, 10])));
    clock.advance(10);
    const before = res.calls.length;
    writer.endAll();
    expect(res.calls).toHaveLength(before);
    expect(reports).toHaveLength(1);
    expect(writer.inFlight).toBe(0);
  });
});

describe('backpressure', () => {
  it('stops writing while the client buffer is full, however many events fall due, and resumes on drain', () => {
    const { clock, writer, res, reports, run } = rig();
    run(streamPlan(numbered([0, 10, 20, 30, 40, 50])));
    expect(res.writes()).toHaveLength(1);
    res.full = true;
    clock.advance(10);
    // e1 was written and came back false: the stream pauses.
    expect(res.writes().map((w) => w.chunk)).toEqual(['e0\n', 'e1\n']);
    expect(writer.backpressurePauses).toBe(1);
    expect(clock.pendingTimers()).toBe(0);
    expect(writer.inFlight).toBe(1);

    const writesWhenPaused = res.writes().length;
    clock.advance(25); // t = 35: e2 and e3 are due, but nothing may be written
    expect(res.writes().length - writesWhenPaused).toBe(0);
    expect(reports).toEqual([]);

    res.drain();
    // Everything due by now goes out in one write, then the schedule goes on.
    expect(res.writes().slice(2)).toEqual([{ op: 'write', at: 35, chunk: 'e2\ne3\n' }]);
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(5);
    expect(res.writes()[3]).toEqual({ op: 'write', at: 40, chunk: 'e4\n' });
    clock.advance(10);
    expect(res.writes()[4]).toEqual({ op: 'end', at: 50, chunk: 'e5\n' });
    expect(res.body()).toBe('e0\ne1\ne2\ne3\ne4\ne5\n');
    expect(reports).toEqual([{ end: 'completed', status: 200, eventsWritten: 6, backpressurePauses: 1, firstByteAt: 0 }]);
    expect(writer.inFlight).toBe(0);
  });

  it('a drain long after every event fell due finishes the stream in one catch-up', () => {
    const { clock, res, reports, run } = rig();
    res.full = true;
    run(streamPlan(numbered([0, 10, 20])));
    expect(res.writes()).toHaveLength(1);
    clock.advance(10_000);
    expect(res.writes()).toHaveLength(1);
    res.drain();
    expect(res.writes().map((w) => [w.op, w.at, w.chunk])).toEqual([
      ['write', 0, 'e0\n'],
      ['end', 10_000, 'e1\ne2\n'],
    ]);
    expect(reports).toEqual([{ end: 'completed', status: 200, eventsWritten: 3, backpressurePauses: 1, firstByteAt: 0 }]);
  });

  it('a long answer due at once goes out in bounded writes, and a full buffer still pauses it', () => {
    const { res, reports, run } = rig();
    // Six 10,000-character events, all due at once: the joined writes stop at the 16 KiB mark.
    const big = (i: number) => ev(String(i).repeat(10_000));
    res.full = true;
    run(streamPlan({ events: Array.from({ length: 6 }, (_, i) => big(i)), at: [0, 0, 0, 0, 0, 0] }));
    // The head went out with the first batch (two events), which filled the buffer.
    expect(res.writes().map((w) => w.chunk.length)).toEqual([20_002]);
    expect(reports).toEqual([]);
    res.drain();
    // Two more, then the last two ride on end(): no write was ever longer than two events.
    expect(res.writes().map((w) => [w.op, w.chunk.length])).toEqual([
      ['write', 20_002],
      ['write', 20_002],
      ['end', 20_002],
    ]);
    expect(res.body()).toBe(Array.from({ length: 6 }, (_, i) => `${String(i).repeat(10_000)}\n`).join(''));
    expect(reports).toEqual([{ end: 'completed', status: 200, eventsWritten: 6, backpressurePauses: 1, firstByteAt: 0 }]);
  });

  it('counts every pause, per response in the report and in total on the writer', () => {
    const clock = createFakeClock();
    const writer = new ResponseWriter(clock);
    const reports: WriteReport[] = [];
    const a = new FakeResponse(clock);
    const b = new FakeResponse(clock);
    a.full = true;
    b.full = true;
    writer.execute(a as unknown as ServerResponse, streamPlan(numbered([0, 10, 20])), (r) => reports.push(r));
    writer.execute(b as unknown as ServerResponse, streamPlan(numbered([0, 10])), (r) => reports.push(r));
    expect(writer.backpressurePauses).toBe(2);
    clock.advance(10);
    a.full = true;
    a.emit('drain'); // drained, but the next write fills it again
    expect(a.writes()).toHaveLength(2);
    expect(writer.backpressurePauses).toBe(3);
    clock.advance(10);
    expect(a.writes()).toHaveLength(2);
    a.drain();
    b.drain();
    expect(reports).toEqual([
      { end: 'completed', status: 200, eventsWritten: 3, backpressurePauses: 2, firstByteAt: 0 },
      { end: 'completed', status: 200, eventsWritten: 2, backpressurePauses: 1, firstByteAt: 0 },
    ]);
    expect(writer.backpressurePauses).toBe(3);
  });

  it('a drain while not paused writes nothing early', () => {
    const { clock, res, run } = rig();
    run(streamPlan(numbered([0, 10])));
    res.emit('drain');
    expect(res.writes()).toHaveLength(1);
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(10);
    expect(res.writes()).toHaveLength(2);
  });

  it('a client leaving while paused is reported with its pauses', () => {
    const { clock, writer, res, reports, run } = rig();
    res.full = true;
    run(streamPlan(numbered([0, 10])));
    clock.advance(50);
    res.clientGone();
    expect(reports).toEqual([{ end: 'client_closed', status: 200, eventsWritten: 1, backpressurePauses: 1, firstByteAt: 0 }]);
    expect(writer.inFlight).toBe(0);
  });

  it('shutdown while paused ends the stream and reports its pauses', () => {
    const { writer, res, reports, run } = rig();
    res.full = true;
    run(streamPlan(numbered([0, 10])));
    writer.endAll();
    expect(res.calls.at(-1)).toMatchObject({ op: 'end', chunk: '' });
    expect(reports).toEqual([{ end: 'shutdown', status: 200, eventsWritten: 1, backpressurePauses: 1, firstByteAt: 0 }]);
  });
});
