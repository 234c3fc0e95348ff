/**
 * The request journal: the last N LLM requests (default 1,000) in a fixed ring, newest last,
 * so tests can assert on what their client sent and on how llmposter answered. Adding an entry
 * is one array slot and, only when someone is waiting, one pass over the waiters; everything
 * else (parsing bodies, masking credentials, filtering) happens when the journal is read.
 */
import type { Clock, TimerHandle } from '../time/clock.js';
import { entryView, storedEntry, type JournalEntry, type JournalFacts, type StoredEntry } from './entry.js';

export const DEFAULT_JOURNAL_SIZE = 1000;


/** Which entries a query wants. Every field is optional; all given ones must hold. */
export interface JournalFilter {
  /** At most this many entries (the newest). */
  limit?: number;
  /**
   * Only entries recorded after this one: a request id (`req_…`, the entry's `x-request-id`;
   * entries recorded after it) or an ISO 8601 time (entries whose request arrived after it).
   */
  since?: string;
  /** Only entries answered by this fixture (`file#index`). */
  fixture?: string;
  /** Only entries with this HTTP status. */
  status?: number;
  /** Only entries for this model (as the request named it). */
  model?: string;
  /** Only entries whose request carried this `x-llmposter-test-id`. */
  testId?: string;
}

export interface WaitOptions {
  /** Reject after this many ms (on the server's clock). Default 5000. */
  timeoutMs?: number;
}

/** A query the journal cannot answer (a `since` id it does not hold ...): a 400 over HTTP. */
export class JournalQueryError extends Error {}

interface Waiter {
  n: number;
  filter: JournalFilter;
  resolve(entries: JournalEntry[]): void;
  reject(err: Error): void;
  timer: TimerHandle | undefined;
}

export class RequestJournal {
  private readonly ring: (StoredEntry | undefined)[];
  /** Index of the next slot to write. */
  private head = 0;
  private held = 0;
  private seq = 0;
  /** Entries pushed out by newer ones since the last clear. */
  private evictedCount = 0;
  private waiters: Waiter[] = [];

  /**
   * @param redact `--redact` patterns: masked in every entry as it is read (nothing is done on
   *   the request path), as they are in recordings.
   */
  constructor(
    readonly capacity: number,
    private readonly clock: Clock,
    private readonly redact: readonly RegExp[] = [],
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`journal capacity must be a whole number >= 1, got ${capacity}`);
    this.ring = new Array(capacity);
  }

  /** Entries held now. */
  get size(): number {
    return this.held;
  }

  /** Entries dropped to make room since the last clear. */
  get evicted(): number {
    return this.evictedCount;
  }

  /** Record a finished request; the oldest entry goes when the ring is full. */
  add(facts: JournalFacts): void {
    // Copied into the slot's own object, reused from lap to lap: the slots end up in the old
    // generation, so the young-generation GC does not copy a thousand entries on every pass
    // (the facts object itself dies young, which costs nothing).
    this.ring[this.head] = storedEntry(facts, this.seq++, this.ring[this.head]);
    this.head = (this.head + 1) % this.capacity;
    if (this.held < this.capacity) this.held++;
    else this.evictedCount++;
    if (this.waiters.length > 0) this.wake();
  }

  /** Forget every entry (`DELETE /admin/requests`, `POST /admin/reset`). Waiters keep waiting for new ones. */
  clear(): number {
    const n = this.held;
    this.ring.fill(undefined);
    this.head = 0;
    this.held = 0;
    this.evictedCount = 0;
    return n;
  }

  /** Entries that pass `filter`, newest first. Throws JournalQueryError for a `since` it cannot place. */
  list(filter: JournalFilter = {}): JournalEntry[] {
    const out: JournalEntry[] = [];
    const after = this.sinceTest(filter.since);
    const limit = filter.limit ?? Infinity;
    if (!(limit === Infinity || (Number.isInteger(limit) && limit >= 1))) throw new JournalQueryError(`limit must be a whole number >= 1, got ${limit}`);
    for (let i = 1; i <= this.held && out.length < limit; i++) {
      const e = this.ring[(this.head - i + this.capacity) % this.capacity]!;
      if (!after(e)) continue;
      if (matches(e, filter)) out.push(entryView(e, this.redact));
    }
    return out;
  }

  /** One entry by its request id; undefined when it is not (or no longer) held. */
  get(id: string): JournalEntry | undefined {
    const e = this.find(id);
    return e && entryView(e, this.redact);
  }

  /** The newest entry that passes `filter`, or undefined. */
  last(filter: JournalFilter = {}): JournalEntry | undefined {
    return this.list({ ...filter, limit: 1 })[0];
  }

  /**
   * Resolves with `list(filter)` once at least `n` entries pass it (at once when they already
   * do); rejects when `timeoutMs` passes first, or at once when the ring cannot hold `n`.
   */
  waitFor(n: number, filter: JournalFilter = {}, opts: WaitOptions = {}): Promise<JournalEntry[]> {
    if (!Number.isInteger(n) || n < 1) return Promise.reject(new RangeError(`waitForRequests needs a whole number of requests >= 1, got ${n}`));
    if (n > this.capacity) return Promise.reject(new RangeError(`waitForRequests(${n}): the journal keeps only the last ${this.capacity} requests (--journal-size)`));
    const timeoutMs = opts.timeoutMs ?? 5000;
    try {
      checkTimeout(timeoutMs);
      filter = { ...filter, limit: undefined };
      const now = this.list(filter);
      if (now.length >= n) return Promise.resolve(now);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise((resolve, reject) => {
      const w: Waiter = { n, filter, resolve, reject, timer: undefined };
      w.timer = this.clock.setTimeout(
        () => {
          this.waiters = this.waiters.filter((x) => x !== w);
          const got = this.count(filter);
          reject(new Error(`waitForRequests: ${got} of ${n} request${n === 1 ? '' : 's'}${describe(filter)} arrived within ${timeoutMs} ms`));
        },
        timeoutMs,
        { unref: true },
      );
      this.waiters.push(w);
    });
  }

  /** Reject every waiter (server shutdown). */
  close(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) {
      this.clock.clearTimeout(w.timer);
      w.reject(new Error('waitForRequests: the server closed'));
    }
  }

  private count(filter: JournalFilter): number {
    try {
      return this.list({ ...filter, limit: undefined }).length;
    } catch {
      return 0;
    }
  }

  private wake(): void {
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      let got: JournalEntry[];
      try {
        got = this.list(w.filter);
      } catch (err) {
        this.clock.clearTimeout(w.timer);
        w.reject(err as Error);
        continue;
      }
      if (got.length >= w.n) {
        this.clock.clearTimeout(w.timer);
        w.resolve(got);
      } else still.push(w);
    }
    this.waiters = still;
  }

  private find(id: string): StoredEntry | undefined {
    for (let i = 1; i <= this.held; i++) {
      const e = this.ring[(this.head - i + this.capacity) % this.capacity]!;
      if (e.id === id) return e;
    }
    return undefined;
  }

  /** A test for "recorded after `since`" (arrival times are not in completion order, so every entry is tested). */
  private sinceTest(since: string | undefined): (e: StoredEntry) => boolean {
    if (since === undefined) return () => true;
    const time = sinceTime(since);
    if (time !== undefined) return (e) => e.arrivedAtMs > time;
    const anchor = this.find(since);
    if (!anchor) throw new JournalQueryError(`since=${JSON.stringify(since)} is neither an ISO 8601 time nor the id of a request the journal holds (it may have been evicted or cleared)`);
    return (e) => e.seq > anchor.seq;
  }
}

/** `since` as epoch ms when it is an ISO 8601 date or time, else undefined (an id). */
export function sinceTime(since: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}/.test(since)) return undefined;
  const t = Date.parse(since);
  return Number.isNaN(t) ? undefined : t;
}

function matches(e: StoredEntry, f: JournalFilter): boolean {
  return (
    (f.fixture === undefined || e.fixture === f.fixture) &&
    (f.status === undefined || e.status === f.status) &&
    (f.model === undefined || e.model === f.model) &&
    (f.testId === undefined || e.testId === f.testId)
  );
}

function describe(f: JournalFilter): string {
  const parts: string[] = [];
  if (f.testId !== undefined) parts.push(`test_id=${f.testId}`);
  if (f.model !== undefined) parts.push(`model=${f.model}`);
  if (f.fixture !== undefined) parts.push(`fixture=${f.fixture}`);
  if (f.status !== undefined) parts.push(`status=${f.status}`);
  if (f.since !== undefined) parts.push(`since=${f.since}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** Longest timer Node keeps: a longer one (or Infinity) would fire after 1 ms instead. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** `waitForRequests`' `timeoutMs`: a number of ms from 0 to about 24.8 days. Throws RangeError. */
export function checkTimeout(timeoutMs: number): void {
  if (!(typeof timeoutMs === 'number' && timeoutMs >= 0 && timeoutMs <= MAX_TIMEOUT_MS)) {
    throw new RangeError(`waitForRequests: timeoutMs must be a number of ms from 0 to ${MAX_TIMEOUT_MS}, got ${timeoutMs}`);
  }
}
