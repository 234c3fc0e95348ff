/**
 * The job store: a Map for lookups, and with `--jobs-db` an append-only log on disk (format
 * in `store-file.ts`).
 *
 * Durable submissions (group commit): a submission's line is appended and synced before the
 * client hears 201 (`durable()`). Submissions that arrive while a write is in flight wait
 * for the next one, so a burst shares a few writes instead of paying one each, and a lone
 * submission waits for one small append. State changes (running, finished) are not
 * acknowledged to anyone, so they ride along with the next write, or one follows
 * `flushIntervalMs` later.
 *
 * The log is rewritten (one line per job) at startup and whenever the lines appended since the
 * last rewrite outgrow it, so the file stays under about twice the store plus 1 MiB.
 *
 * Bounded: by count (`maxJobs`) and by the bytes of the stored requests (`maxBytes`). To make
 * room the job that finished longest ago is evicted; when every stored job is still queued or
 * running nothing can go and the submission is refused (429), so a flood of `hang` jobs
 * cannot grow memory without limit.
 */
import { systemClock, type Clock, type TimerHandle } from '../time/clock.js';
import type { JobLog } from './job-log.js';
import { JobStoreError, addLine, dropLine, headerLine, parseStoreText, setLine } from './store-file.js';
import { FINAL_STATES, type JobRecord } from './types.js';

export { JobStoreError } from './store-file.js';

/** Appended lines may grow to the size of the last rewrite (and at least this) before the next one. */
const MIN_REWRITE_BYTES = 1 << 20;
/** After a failed write, the next attempt no one asked for waits at least this long. */
const RETRY_MS = 1000;

export interface JobStoreOptions {
  /** Where the store is persisted; absent keeps it in memory only. */
  log?: JobLog;
  maxJobs: number;
  /** Cap on the summed JSON size of the stored requests (`op`, `args`, ...). */
  maxBytes: number;
  /** How long state changes wait for a write when no submission brings one sooner. */
  flushIntervalMs: number;
  /** A write failed (the next one retries, rewriting the whole file). */
  onWriteError?: (err: Error) => void;
  /** Schedules the deferred writes; default the system clock. */
  clock?: Clock;
}

/** Why a submission does not fit. */
export type RoomCheck = 'ok' | 'full' | 'too_large';

interface Waiter {
  upTo: number;
  resolve(): void;
  reject(err: Error): void;
}

export class JobStore {
  readonly #opts: JobStoreOptions;
  readonly #log: JobLog | null;
  readonly #clock: Clock;
  readonly #jobs = new Map<string, JobRecord>();
  /** The JSON size of each stored job's request. */
  readonly #sizes = new Map<string, number>();
  /** Ids of finished jobs, oldest finish first: the eviction order. */
  readonly #finished = new Set<string>();
  #bytes = 0;
  #seq = 0;

  // Persistence. `#changes` counts changes made, `#saved` those on disk; a waiter for change
  // n is released once `#saved >= n`.
  #pending: string[] = [];
  #pendingBytes = 0;
  #rewriteNeeded = false;
  #changes = 0;
  #saved = 0;
  #waiters: Waiter[] = [];
  #writing: Promise<void> | null = null;
  #soon: NodeJS.Immediate | null = null;
  #timer: TimerHandle | null = null;
  #fileBytes = 0;
  #appendedBytes = 0;
  /** Write operations performed (appends and rewrites). */
  writes = 0;

  private constructor(opts: JobStoreOptions) {
    this.#opts = opts;
    this.#log = opts.log ?? null;
    this.#clock = opts.clock ?? systemClock;
  }

  /**
   * Open a store, loading whatever the log holds. The first `flush()` rewrites the file in the
   * current format (the simulator does it at startup).
   * @example const store = await JobStore.open({ log: new FileJobLog('jobs.jsonl'), maxJobs: 10000, maxBytes: 64 << 20, flushIntervalMs: 250 })
   */
  static async open(opts: JobStoreOptions): Promise<JobStore> {
    const store = new JobStore(opts);
    const log = store.#log;
    if (!log) return store;
    let text: string | null;
    try {
      text = await log.read();
    } catch (err) {
      throw new JobStoreError(`job store ${log.label}: cannot read it (${(err as Error).message}); fix or delete the file`);
    }
    const contents = parseStoreText(text ?? '', log.label);
    for (const job of contents.jobs) store.#add(job, Buffer.byteLength(JSON.stringify(job.request)));
    const finished = contents.jobs.filter((j) => FINAL_STATES.has(j.state)).sort((a, b) => a.updated_at - b.updated_at || a.seq - b.seq);
    for (const j of finished) store.#finished.add(j.id);
    store.#seq = contents.seq;
    if (contents.tornTail) opts.onWriteError?.(new JobStoreError(`job store ${log.label}: dropped a last line cut off by a crash (a submission that was never acknowledged)`));
    store.#needRewrite();
    return store;
  }

  get size(): number {
    return this.#jobs.size;
  }

  /** Summed JSON size of the stored requests. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The last sequence number handed out. */
  get seq(): number {
    return this.#seq;
  }

  /** Hand out the next sequence number (persisted with the job that takes it). */
  nextSeq(): number {
    this.#seq += 1;
    return this.#seq;
  }

  get(id: string): JobRecord | undefined {
    return this.#jobs.get(id);
  }

  has(id: string): boolean {
    return this.#jobs.has(id);
  }

  /** Every job, oldest submission first. */
  values(): IterableIterator<JobRecord> {
    return this.#jobs.values();
  }

  /**
   * Evict finished jobs until one more job of `bytes` fits under both caps. `full` when only
   * queued/running jobs are left to evict; `too_large` when the job alone exceeds `maxBytes`.
   */
  makeRoom(bytes: number): RoomCheck {
    if (bytes > this.#opts.maxBytes) return 'too_large';
    while (this.#jobs.size >= this.#opts.maxJobs || this.#bytes + bytes > this.#opts.maxBytes) {
      if (!this.#evictOldest()) return 'full';
    }
    return 'ok';
  }

  /** Trim to the caps (after a restart with lower ones). */
  trim(): void {
    while (this.#jobs.size > this.#opts.maxJobs || this.#bytes > this.#opts.maxBytes) {
      if (!this.#evictOldest()) return;
    }
  }

  /**
   * Add a job. `requestJson` is its request already serialised and `bytes` that text's UTF-8
   * size (the runner measured both to check the caps).
   */
  insert(job: JobRecord, requestJson: string = JSON.stringify(job.request), bytes = Buffer.byteLength(requestJson)): void {
    this.#add(job, bytes);
    if (FINAL_STATES.has(job.state)) this.#finished.add(job.id);
    this.#record(() => addLine(job, requestJson));
  }

  /** Record that `job` (already mutated in place) changed state. */
  update(job: JobRecord): void {
    if (!this.#jobs.has(job.id)) return;
    if (FINAL_STATES.has(job.state)) this.#finished.add(job.id);
    this.#record(() => setLine(job));
  }

  /** Take a job out (a submission that could not be saved is withdrawn). */
  remove(id: string): void {
    if (this.#delete(id)) this.#record(() => dropLine(id));
  }

  /** Forget every job and restart the sequence. */
  clear(): void {
    this.#jobs.clear();
    this.#sizes.clear();
    this.#finished.clear();
    this.#bytes = 0;
    this.#seq = 0;
    this.#needRewrite();
  }

  /**
   * Resolves once every change made so far is on disk, starting a write now if none is under
   * way; rejects (with `JobStoreError`) when that write fails. Immediate without a log.
   * @example store.insert(job); await store.durable(); res.status(201)...
   */
  durable(): Promise<void> {
    if (!this.#log || this.#saved >= this.#changes) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.#waiters.push({ upTo: this.#changes, resolve, reject });
      this.#writeSoon();
    });
  }

  /** Write everything now; rejects when the write fails. */
  flush(): Promise<void> {
    return this.durable();
  }

  /** Write what is left and release the file. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      if (this.#timer) this.#clock.clearTimeout(this.#timer);
      this.#timer = null;
      await this.#log?.close();
    }
  }

  #add(job: JobRecord, bytes: number): void {
    this.#jobs.set(job.id, job);
    this.#sizes.set(job.id, bytes);
    this.#bytes += bytes;
  }

  #delete(id: string): boolean {
    if (!this.#jobs.delete(id)) return false;
    this.#bytes -= this.#sizes.get(id) ?? 0;
    this.#sizes.delete(id);
    this.#finished.delete(id);
    return true;
  }

  #evictOldest(): boolean {
    const oldest = this.#finished.values().next();
    if (oldest.done) return false;
    this.remove(oldest.value);
    return true;
  }

  /** Queue one line for the log (nothing without one). */
  #record(line: () => string): void {
    if (!this.#log) return;
    this.#changes += 1;
    if (!this.#rewriteNeeded) {
      try {
        const text = line();
        this.#pending.push(text);
        this.#pendingBytes += text.length;
      } catch (err) {
        // Never let one record stop the others from being saved: rewrite without it.
        this.#opts.onWriteError?.(new JobStoreError(`job store ${this.#log.label}: a change could not be serialised (${(err as Error).message})`));
        this.#needRewrite();
      }
    }
    this.#writeLater();
  }

  /** The next write replaces the file with a snapshot, which covers every queued line. */
  #needRewrite(): void {
    if (!this.#log) return;
    this.#changes += 1;
    this.#rewriteNeeded = true;
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#writeLater();
  }

  /** Header plus one `add` per job. A job that cannot be serialised is left out, with a message. */
  #snapshot(): string {
    const parts = [headerLine(this.#seq)];
    for (const job of this.#jobs.values()) {
      try {
        parts.push(addLine(job));
      } catch (err) {
        this.#opts.onWriteError?.(new JobStoreError(`job store ${this.#log!.label}: job ${job.id} cannot be saved (${(err as Error).message}); left out of the file`));
      }
    }
    return parts.join('');
  }

  /** A deferred write for changes no one waits on. A pending timer must not keep the process alive. */
  #writeLater(): void {
    if (this.#timer || this.#writing) return;
    this.#timer = this.#clock.setTimeout(
      () => {
        this.#timer = null;
        this.#startWriting();
      },
      this.#opts.flushIntervalMs,
      { unref: true },
    );
  }

  /** A write as soon as the current I/O phase is over: submissions parsed together share it. */
  #writeSoon(): void {
    if (this.#writing || this.#soon) return;
    this.#soon = setImmediate(() => {
      this.#soon = null;
      this.#startWriting();
    });
  }

  #startWriting(): void {
    if (this.#writing || this.#saved >= this.#changes) return;
    if (this.#timer) {
      this.#clock.clearTimeout(this.#timer);
      this.#timer = null;
    }
    this.#writing = this.#writeAll();
  }

  /**
   * Write until every waiter is released; changes no one waits for are left to `#writeLater`.
   * `#writing` is cleared before any waiter is released, so a submission made by a released
   * caller starts the next write itself instead of finding this one still "in flight".
   */
  async #writeAll(): Promise<void> {
    const log = this.#log!;
    for (;;) {
      const upTo = this.#changes;
      const rewrite = this.#rewriteNeeded || this.#appendedBytes + this.#pendingBytes > Math.max(this.#fileBytes, MIN_REWRITE_BYTES);
      const text = rewrite ? this.#snapshot() : this.#pending.join('');
      this.#pending = [];
      this.#pendingBytes = 0;
      this.#rewriteNeeded = false;
      this.writes += 1;
      try {
        if (rewrite) {
          await log.rewrite(text);
          this.#fileBytes = text.length;
          this.#appendedBytes = 0;
        } else {
          await log.append(text);
          this.#appendedBytes += text.length;
        }
      } catch (err) {
        this.#writing = null;
        // An append may have left part of a line behind: the next write replaces the file.
        this.#needRewrite();
        const error = new JobStoreError(`job store ${log.label}: write failed (${(err as Error).message})`);
        this.#opts.onWriteError?.(error);
        for (const w of this.#waiters.splice(0)) w.reject(error);
        // Don't spin on a full disk: the next submission tries again, or this timer does.
        this.#timer ??= this.#clock.setTimeout(
          () => {
            this.#timer = null;
            this.#startWriting();
          },
          Math.max(this.#opts.flushIntervalMs, RETRY_MS),
          { unref: true },
        );
        return;
      }
      this.#saved = upTo;
      const ready = this.#waiters.filter((w) => w.upTo <= upTo);
      this.#waiters = this.#waiters.filter((w) => w.upTo > upTo);
      const more = this.#saved < this.#changes && this.#waiters.length > 0;
      if (!more) {
        this.#writing = null;
        if (this.#saved < this.#changes) this.#writeLater();
      }
      for (const w of ready) w.resolve();
      if (!more) return;
    }
  }
}
