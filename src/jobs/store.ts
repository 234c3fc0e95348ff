/**
 * The job store: a Map for lookups, lowdb for persistence. Jobs live in memory either way;
 * with `--jobs-db` the whole store is written to a JSON file (atomically, by lowdb's steno
 * writer), batched: a burst of submissions marks the store dirty and one write follows
 * `flushIntervalMs` later, instead of one rewrite per job.
 *
 * Bounded: at `maxJobs` the job that finished longest ago is evicted to make room; when every
 * stored job is still queued or running, nothing can be evicted and the submission is refused
 * (the simulator answers 429), so a flood of `hang` jobs cannot grow memory without limit.
 */
import { Low, Memory, type Adapter } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { systemClock, type Clock, type TimerHandle } from '../time/clock.js';
import { FINAL_STATES, JOB_STATES, type JobRecord } from './types.js';

/** What the file holds. `seq` survives restarts so new jobs never reuse a sequence number. */
export interface JobStoreData {
  version: 1;
  seq: number;
  jobs: JobRecord[];
}

/** The store file is unreadable or not a job store. */
export class JobStoreError extends Error {
  override name = 'JobStoreError';
}

export interface JobStoreOptions {
  /** lowdb adapter; `Memory` when absent (nothing is written anywhere). */
  adapter?: Adapter<JobStoreData>;
  /** Name for error messages (the file path). */
  label?: string;
  maxJobs: number;
  flushIntervalMs: number;
  /** A background (batched) write failed; the next flush retries. */
  onWriteError?: (err: Error) => void;
  /** Schedules the batched writes; default the system clock. */
  clock?: Clock;
}

function emptyData(): JobStoreData {
  return { version: 1, seq: 0, jobs: [] };
}

function checkRecord(value: unknown, i: number, label: string): JobRecord {
  const j = value as Partial<JobRecord> | null;
  const ok =
    j !== null &&
    typeof j === 'object' &&
    typeof j.id === 'string' &&
    typeof j.seq === 'number' &&
    (JOB_STATES as readonly unknown[]).includes(j.state) &&
    typeof j.request === 'object' &&
    j.request !== null &&
    typeof j.request.op === 'string';
  if (!ok) throw new JobStoreError(`job store ${label}: entry ${i} of "jobs" is not a job record (fix or delete the file)`);
  return j as JobRecord;
}

export class JobStore {
  readonly #db: Low<JobStoreData>;
  readonly #persistent: boolean;
  readonly #opts: JobStoreOptions;
  readonly #clock: Clock;
  readonly #jobs = new Map<string, JobRecord>();
  /** Ids of finished jobs, oldest finish first: the eviction order. */
  readonly #finished = new Set<string>();
  #seq = 0;
  #dirty = false;
  #timer: TimerHandle | null = null;
  #writing: Promise<void> | null = null;
  /** File writes performed (tests check that bursts are batched). */
  writes = 0;

  private constructor(db: Low<JobStoreData>, persistent: boolean, opts: JobStoreOptions) {
    this.#db = db;
    this.#persistent = persistent;
    this.#opts = opts;
    this.#clock = opts.clock ?? systemClock;
  }

  /**
   * Open a store, loading whatever the adapter holds.
   * @example const store = await JobStore.open({ adapter: new JSONFile('jobs.json'), maxJobs: 10000, flushIntervalMs: 250 })
   */
  static async open(opts: JobStoreOptions): Promise<JobStore> {
    const persistent = opts.adapter !== undefined;
    const label = opts.label ?? 'memory';
    const db = new Low<JobStoreData>(opts.adapter ?? new Memory<JobStoreData>(), emptyData());
    try {
      await db.read();
    } catch (err) {
      throw new JobStoreError(`job store ${label}: cannot read it (${(err as Error).message}); fix or delete the file`);
    }
    const data = db.data as unknown;
    if (!data || typeof data !== 'object' || !Array.isArray((data as JobStoreData).jobs)) {
      throw new JobStoreError(`job store ${label}: not a llmposter job store (expected {"version":1,"seq":N,"jobs":[...]}); fix or delete the file`);
    }
    const store = new JobStore(db, persistent, opts);
    const loaded = (data as JobStoreData).jobs.map((j, i) => checkRecord(j, i, label));
    let maxSeq = 0;
    for (const job of loaded) {
      store.#jobs.set(job.id, job);
      maxSeq = Math.max(maxSeq, job.seq);
    }
    const finished = loaded.filter((j) => FINAL_STATES.has(j.state)).sort((a, b) => a.updated_at - b.updated_at || a.seq - b.seq);
    for (const j of finished) store.#finished.add(j.id);
    const storedSeq = (data as JobStoreData).seq;
    store.#seq = Math.max(maxSeq, typeof storedSeq === 'number' && Number.isSafeInteger(storedSeq) ? storedSeq : 0);
    return store;
  }

  get size(): number {
    return this.#jobs.size;
  }

  /** The last sequence number handed out. */
  get seq(): number {
    return this.#seq;
  }

  /** Hand out the next sequence number. */
  nextSeq(): number {
    this.#seq += 1;
    this.#markDirty();
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
   * Evict finished jobs until one more fits under the cap. False when the store is full of
   * queued/running jobs and nothing may go.
   */
  makeRoom(): boolean {
    while (this.#jobs.size >= this.#opts.maxJobs) {
      const oldest = this.#finished.values().next();
      if (oldest.done) return false;
      this.#finished.delete(oldest.value);
      this.#jobs.delete(oldest.value);
      this.#markDirty();
    }
    return true;
  }

  /** Trim to the cap (after a restart with a lower `maxJobs`). */
  trim(): void {
    while (this.#jobs.size > this.#opts.maxJobs) {
      const oldest = this.#finished.values().next();
      if (oldest.done) return;
      this.#finished.delete(oldest.value);
      this.#jobs.delete(oldest.value);
      this.#markDirty();
    }
  }

  insert(job: JobRecord): void {
    this.#jobs.set(job.id, job);
    if (FINAL_STATES.has(job.state)) this.#finished.add(job.id);
    this.#markDirty();
  }

  /** Record that `job` (already mutated in place) changed. */
  update(job: JobRecord): void {
    if (FINAL_STATES.has(job.state) && this.#jobs.has(job.id)) this.#finished.add(job.id);
    this.#markDirty();
  }

  /** Forget every job and restart the sequence. */
  clear(): void {
    this.#jobs.clear();
    this.#finished.clear();
    this.#seq = 0;
    this.#markDirty();
  }

  /** Mark the store changed so the next flush writes (creates the file at startup). */
  touch(): void {
    this.#markDirty();
  }

  #markDirty(): void {
    if (!this.#persistent) return;
    this.#dirty = true;
    if (this.#timer) return;
    // A pending flush must not keep the process alive; close() flushes explicitly.
    this.#timer = this.#clock.setTimeout(
      () => {
        this.#timer = null;
        this.flush().catch((err: Error) => this.#opts.onWriteError?.(err));
      },
      this.#opts.flushIntervalMs,
      { unref: true },
    );
  }

  /** Write now if anything changed since the last write. Rejects when the write fails. */
  async flush(): Promise<void> {
    if (this.#timer) {
      this.#clock.clearTimeout(this.#timer);
      this.#timer = null;
    }
    while (this.#writing) await this.#writing.catch(() => undefined);
    if (!this.#dirty) return;
    this.#dirty = false;
    this.#db.data = { version: 1, seq: this.#seq, jobs: [...this.#jobs.values()] };
    // JSONFile serialises synchronously inside write(), so later mutations don't leak in.
    const writing = this.#db.write();
    this.#writing = writing;
    this.writes += 1;
    try {
      await writing;
    } catch (err) {
      this.#dirty = true;
      throw new JobStoreError(`job store ${this.#opts.label ?? 'memory'}: write failed (${(err as Error).message})`);
    } finally {
      if (this.#writing === writing) this.#writing = null;
    }
  }

  /** Flush pending writes and stop the batching timer. */
  async close(): Promise<void> {
    await this.flush();
  }
}

/**
 * lowdb's JSON file adapter with two changes: an empty file reads as an empty store (so
 * `touch jobs.json` works), and each job is written on its own line: compact enough for
 * 10k jobs, still readable with `grep` or `jq`.
 */
export class JobsFile extends DataFile<JobStoreData> {
  constructor(path: string) {
    super(path, {
      parse: (text: string) => (text.trim() === '' ? (null as unknown as JobStoreData) : (JSON.parse(text) as JobStoreData)),
      stringify: (d: JobStoreData) =>
        `{"version":${d.version},"seq":${d.seq},"jobs":[${d.jobs.map((j) => '\n' + JSON.stringify(j)).join(',')}${d.jobs.length ? '\n' : ''}]}\n`,
    });
  }
}

/**
 * The adapter for a store file, or undefined (memory) when there is no path.
 * @example jsonFileAdapter('./jobs.json')
 */
export function jsonFileAdapter(path: string | null): Adapter<JobStoreData> | undefined {
  return path ? new JobsFile(path) : undefined;
}
