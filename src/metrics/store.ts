/**
 * Load chaos' metrics: every finished LLM request in SQLite, in ChaosLLM's schema (same tables,
 * same columns, so the guide's `sqlite3` queries run unchanged), plus running aggregates in
 * memory for `/admin/stats`.
 *
 * Never on the request path: `record()` only updates a few counters and pushes onto a bounded
 * queue (full = the row is dropped and counted); a timer on the injected clock writes the queue
 * every 100 ms in ONE transaction with prepared statements. The per-second `timeseries` rows are
 * upserted from buckets kept in memory (their latency samples included), never re-read.
 *
 * The database describes one run: opening it and `reset()` (`POST /admin/reset`) clear the
 * three tables and start a new `run_id`.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import type { Clock, TimerHandle } from '../time/clock.js';
import type { RequestRecord } from './record.js';

/** The metrics database could not be opened or set up (a bad `--metrics-db` path, a file that is not SQLite). */
export class MetricsDbError extends Error {}

/** ChaosLLM's `outcome` vocabulary. */
export type MetricsOutcome = 'success' | 'error_injected' | 'error_malformed';

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS requests (
    request_id TEXT PRIMARY KEY,
    timestamp_utc TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    deployment TEXT,
    model TEXT,
    outcome TEXT NOT NULL,
    status_code INTEGER,
    error_type TEXT,
    latency_ms REAL,
    injected_delay_ms REAL,
    message_count INTEGER,
    prompt_tokens_approx INTEGER,
    response_tokens INTEGER,
    response_mode TEXT
);
CREATE TABLE IF NOT EXISTS timeseries (
    bucket_utc TEXT PRIMARY KEY,
    requests_total INTEGER,
    requests_success INTEGER,
    requests_rate_limited INTEGER,
    requests_capacity_error INTEGER,
    requests_server_error INTEGER,
    requests_malformed INTEGER,
    avg_latency_ms REAL,
    p99_latency_ms REAL
);
CREATE TABLE IF NOT EXISTS run_info (
    run_id TEXT PRIMARY KEY,
    started_utc TEXT NOT NULL,
    config_json TEXT NOT NULL,
    preset_name TEXT
);`;

const HTTP_FAULTS = new Set(['rate_limit', 'capacity_529', 'service_unavailable', 'bad_gateway', 'gateway_timeout', 'internal_error', 'forbidden', 'not_found']);
const CONNECTION_FAULTS = new Set(['connection_failed', 'connection_stall', 'timeout', 'connection_reset', 'slow_response']);
const MALFORMED_FAULTS = new Set(['invalid_json', 'truncated', 'empty_body', 'missing_fields', 'wrong_content_type']);

export interface Classified {
  outcome: MetricsOutcome;
  /** Our finer label (`rate_limit`, `connection_reset`, `invalid_json`, `no_match` ...); null for a success. */
  errorType: string | null;
  /** Counted as a server error in `timeseries` (5xx other than 529, and every connection fault). */
  connectionFault: boolean;
}

/**
 * A record in ChaosLLM's vocabulary. Load chaos' HTTP and connection faults are `error_injected`,
 * its malformed bodies `error_malformed`; `error_type` keeps the fault. Everything else goes by
 * how it ended: a fixture's corrupt body is `error_malformed`; a 2xx that completed is `success`
 * (an interrupted stream, a fixture's disconnect or a client that went away is not); every other
 * answer (no match, a fixture's error, a bad request) is `error_injected` with `error_type`
 * `no_match`, `fixture_error`, `request_error`, `stream_truncated`, `stream_error`,
 * `disconnected` or `client_closed`.
 * @example classify({ outcome: 'chaos:rate_limit', status: 429, ... }) // { outcome: 'error_injected', errorType: 'rate_limit', ... }
 */
export function classify(r: Pick<RequestRecord, 'outcome' | 'status' | 'end' | 'fixtureId'>): Classified {
  if (r.outcome.startsWith('chaos:')) {
    const fault = r.outcome.slice(6);
    if (MALFORMED_FAULTS.has(fault)) return { outcome: 'error_malformed', errorType: fault, connectionFault: false };
    // slow_response delivers the answer, only late: a success when it completed.
    if (fault === 'slow_response' && r.end === 'completed' && r.status >= 200 && r.status < 300) return { outcome: 'success', errorType: null, connectionFault: false };
    return { outcome: 'error_injected', errorType: fault, connectionFault: CONNECTION_FAULTS.has(fault) || !HTTP_FAULTS.has(fault) };
  }
  if (r.outcome === 'corrupt_body') return { outcome: 'error_malformed', errorType: 'corrupt_body', connectionFault: false };
  const ok = r.status >= 200 && r.status < 300;
  if (ok && r.end === 'completed' && r.outcome !== 'stream_truncated' && r.outcome !== 'stream_error') return { outcome: 'success', errorType: null, connectionFault: false };
  let errorType: string;
  if (r.outcome === 'no_match') errorType = 'no_match';
  else if (r.outcome === 'stream_truncated' || r.outcome === 'stream_error') errorType = r.outcome;
  else if (r.outcome.startsWith('error:')) errorType = r.fixtureId !== null ? 'fixture_error' : 'request_error';
  else if (r.end === 'disconnected' || r.end === 'client_closed' || r.end === 'shutdown') errorType = r.end;
  else errorType = 'http_error';
  return { outcome: 'error_injected', errorType, connectionFault: r.status === 0 };
}

interface Queued {
  r: RequestRecord;
  c: Classified;
}

/** One second of `timeseries`, kept in memory while it may still receive rows. */
interface Bucket {
  total: number;
  success: number;
  rateLimited: number;
  capacity: number;
  serverError: number;
  malformed: number;
  latencySum: number;
  latencies: number[];
}

const newBucket = (): Bucket => ({ total: 0, success: 0, rateLimited: 0, capacity: 0, serverError: 0, malformed: 0, latencySum: 0, latencies: [] });

/** Nearest-rank percentile of sorted values (0 for none). */
function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

export interface MetricsStoreOptions {
  /** A SQLite file (WAL journal) or `:memory:` (the default). */
  path?: string;
  clock: Clock;
  /** The chaos config, recorded in `run_info.config_json` (JSON-serialisable). */
  config: unknown;
  /** The preset the config started from, when known (`run_info.preset_name`). */
  presetName?: string | null;
  /** How often the queue is written. Default 100 ms. */
  flushIntervalMs?: number;
  /** Rows waiting to be written beyond this many are dropped (and counted). Default 100,000. */
  maxQueue?: number;
  /** Latencies kept for the percentiles of `/admin/stats` (the most recent). Default 10,000. */
  latencySample?: number;
  /** Buckets this many seconds older than the newest are closed (late rows merge into their row). Default 60. */
  openBucketSec?: number;
  /** Wall-clock milliseconds for `started_utc`. Default Date.now. */
  wallNow?: () => number;
}

export interface MetricsStats {
  enabled: true;
  run_id: string;
  started_utc: string;
  total_requests: number;
  requests_by_outcome: Record<string, number>;
  requests_by_error_type: Record<string, number>;
  error_rate: number;
  success_rate: number;
  requests_by_status_code: Record<string, number>;
  latency_stats: { avg: number; p50: number; p95: number; p99: number; max: number };
  requests_per_second: number;
  queued_records: number;
  dropped_records: number;
  database: string;
}

export class MetricsStore {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly clock: Clock;
  private readonly flushIntervalMs: number;
  private readonly maxQueue: number;
  private readonly openBucketSec: number;
  private readonly wallNow: () => number;
  private readonly insertRequest: Database.Statement;
  private readonly upsertBucket: Database.Statement;
  private readonly mergeBucket: Database.Statement;
  private readonly writeBatch: (batch: Queued[]) => void;

  private queue: Queued[] = [];
  private timer: TimerHandle | undefined;
  private closed = false;
  /** Batches written (tests: rows go in batches, not one by one). */
  transactions = 0;

  // The run and its running aggregates (for /admin/stats, never computed with SQL).
  private runId = '';
  private startedUtc = '';
  private startedMono = 0;
  private total = 0;
  private dropped = 0;
  private byOutcome: Record<string, number> = {};
  private byErrorType: Record<string, number> = {};
  private byStatus: Record<string, number> = {};
  private latencySum = 0;
  private latencyMax = 0;
  private readonly sample: Float64Array;
  private sampleLen = 0;
  private sampleNext = 0;
  /** Open timeseries buckets by their second (epoch seconds). */
  private buckets = new Map<number, Bucket>();
  private newestBucket = -Infinity;
  private config: unknown;
  private presetName: string | null;

  constructor(opts: MetricsStoreOptions) {
    this.path = opts.path ?? ':memory:';
    this.clock = opts.clock;
    this.flushIntervalMs = opts.flushIntervalMs ?? 100;
    this.maxQueue = opts.maxQueue ?? 100_000;
    this.openBucketSec = opts.openBucketSec ?? 60;
    this.wallNow = opts.wallNow ?? Date.now;
    this.sample = new Float64Array(Math.max(1, opts.latencySample ?? 10_000));
    this.config = opts.config;
    this.presetName = opts.presetName ?? null;

    try {
      // Required here, not imported: most runs never open a metrics database, and loading
      // better-sqlite3 slows every CLI start (`llmposter --help` included).
      const SQLite = createRequire(import.meta.url)('better-sqlite3') as typeof Database;
      this.db = new SQLite(this.path);
      if (this.path !== ':memory:' && this.path !== '') {
        this.db.pragma('journal_mode = WAL');
        this.db.pragma('synchronous = NORMAL');
      }
      this.db.exec(SCHEMA);
    } catch (err) {
      throw new MetricsDbError(`cannot use ${this.path} as the metrics database (--metrics-db): ${(err as Error).message}`);
    }
    this.insertRequest = this.db.prepare(
      `INSERT OR REPLACE INTO requests (request_id, timestamp_utc, endpoint, deployment, model, outcome, status_code, error_type, latency_ms, injected_delay_ms, message_count, prompt_tokens_approx, response_tokens, response_mode)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const cols = 'bucket_utc, requests_total, requests_success, requests_rate_limited, requests_capacity_error, requests_server_error, requests_malformed, avg_latency_ms, p99_latency_ms';
    // An open bucket holds the whole second: its row is replaced.
    this.upsertBucket = this.db.prepare(`INSERT OR REPLACE INTO timeseries (${cols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    // A late row for a closed second: add the counts, weigh the averages, keep the larger p99.
    this.mergeBucket = this.db.prepare(
      `INSERT INTO timeseries (${cols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(bucket_utc) DO UPDATE SET
         avg_latency_ms = (avg_latency_ms * requests_total + excluded.avg_latency_ms * excluded.requests_total) / (requests_total + excluded.requests_total),
         p99_latency_ms = MAX(p99_latency_ms, excluded.p99_latency_ms),
         requests_total = requests_total + excluded.requests_total,
         requests_success = requests_success + excluded.requests_success,
         requests_rate_limited = requests_rate_limited + excluded.requests_rate_limited,
         requests_capacity_error = requests_capacity_error + excluded.requests_capacity_error,
         requests_server_error = requests_server_error + excluded.requests_server_error,
         requests_malformed = requests_malformed + excluded.requests_malformed`,
    );
    this.writeBatch = this.db.transaction((batch: Queued[]) => this.write(batch));
    this.startRun();
  }

  /** Hand over a finished request: counters and a queue push, nothing else. */
  record = (r: RequestRecord): void => {
    if (this.closed) return;
    const c = classify(r);
    this.total++;
    this.byOutcome[c.outcome] = (this.byOutcome[c.outcome] ?? 0) + 1;
    if (c.errorType !== null) this.byErrorType[c.errorType] = (this.byErrorType[c.errorType] ?? 0) + 1;
    const status = r.status === 0 ? 'none' : String(r.status);
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
    this.latencySum += r.latencyMs;
    if (r.latencyMs > this.latencyMax) this.latencyMax = r.latencyMs;
    this.sample[this.sampleNext] = r.latencyMs;
    this.sampleNext = (this.sampleNext + 1) % this.sample.length;
    if (this.sampleLen < this.sample.length) this.sampleLen++;
    if (this.queue.length >= this.maxQueue) {
      this.dropped++;
      return;
    }
    this.queue.push({ r, c });
    if (this.timer === undefined) this.timer = this.clock.setTimeout(this.onTimer, this.flushIntervalMs, { unref: true });
  };

  private onTimer = (): void => {
    this.timer = undefined;
    this.flush();
  };

  /** Write what is queued now, in one transaction. */
  flush(): void {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.closed || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.writeBatch(batch);
    this.transactions++;
  }

  private write(batch: Queued[]): void {
    const touched = new Map<number, Bucket>();
    const late = new Map<number, Bucket>();
    for (const { r, c } of batch) {
      this.insertRequest.run(
        r.requestId,
        new Date(r.arrivedAtMs).toISOString(),
        r.endpoint,
        r.deployment,
        r.model,
        c.outcome,
        r.status === 0 ? null : r.status,
        c.errorType,
        round3(r.latencyMs),
        round3(r.injectedDelayMs),
        r.messageCount,
        r.promptTokens,
        r.responseTokens,
        r.responseMode,
      );
      const second = Math.floor(r.arrivedAtMs / 1000);
      let b: Bucket | undefined;
      if (second < this.newestBucket - this.openBucketSec) {
        // Its second is closed (no longer in memory): this batch's rows merge into the row.
        b = late.get(second);
        if (!b) late.set(second, (b = newBucket()));
      } else {
        b = this.buckets.get(second);
        if (!b) this.buckets.set(second, (b = newBucket()));
        touched.set(second, b);
      }
      b.total++;
      if (c.outcome === 'success') b.success++;
      else if (c.outcome === 'error_malformed') b.malformed++;
      if (r.status === 429) b.rateLimited++;
      else if (r.status === 529) b.capacity++;
      else if (r.status >= 500 || (c.outcome === 'error_injected' && c.connectionFault)) b.serverError++;
      b.latencySum += r.latencyMs;
      b.latencies.push(r.latencyMs);
      if (second > this.newestBucket) this.newestBucket = second;
    }
    for (const [second, b] of touched) this.upsertBucket.run(...bucketRow(second, b));
    for (const [second, b] of late) this.mergeBucket.run(...bucketRow(second, b));
    // Close the seconds now too old to get rows (their rows stay; late rows merge).
    const horizon = this.newestBucket - this.openBucketSec;
    for (const second of this.buckets.keys()) if (second < horizon) this.buckets.delete(second);
  }

  /** `/admin/stats`: from the running aggregates, no SQL. */
  stats(): MetricsStats {
    const sorted = this.sample.slice(0, this.sampleLen).sort();
    const success = this.byOutcome.success ?? 0;
    const elapsedSec = (this.clock.now() - this.startedMono) / 1000;
    return {
      enabled: true,
      run_id: this.runId,
      started_utc: this.startedUtc,
      total_requests: this.total,
      requests_by_outcome: { ...this.byOutcome },
      requests_by_error_type: { ...this.byErrorType },
      error_rate: this.total === 0 ? 0 : round3(((this.total - success) / this.total) * 100),
      success_rate: this.total === 0 ? 0 : round3(success / this.total),
      requests_by_status_code: { ...this.byStatus },
      latency_stats: {
        avg: this.total === 0 ? 0 : round3(this.latencySum / this.total),
        p50: round3(percentile(sorted, 50)),
        p95: round3(percentile(sorted, 95)),
        p99: round3(percentile(sorted, 99)),
        max: round3(this.latencyMax),
      },
      requests_per_second: elapsedSec > 0 ? round3(this.total / elapsedSec) : 0,
      queued_records: this.queue.length,
      dropped_records: this.dropped,
      database: this.path,
    };
  }

  /** The current run (`run_info` row's values). */
  run(): { run_id: string; started_utc: string; preset_name: string | null } {
    return { run_id: this.runId, started_utc: this.startedUtc, preset_name: this.presetName };
  }

  /** The chaos config changed (`POST /admin/config`): `run_info.config_json` follows. */
  setConfig(config: unknown): void {
    this.config = config;
    if (!this.closed) this.db.prepare('UPDATE run_info SET config_json = ? WHERE run_id = ?').run(JSON.stringify(config), this.runId);
  }

  /** `POST /admin/reset`: a new run, empty tables, fresh aggregates; queued rows are dropped with the old run. */
  reset(): void {
    if (this.closed) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    this.startRun();
  }

  private startRun(): void {
    this.runId = randomUUID();
    this.startedUtc = new Date(this.wallNow()).toISOString();
    this.startedMono = this.clock.now();
    this.total = 0;
    this.dropped = 0;
    this.byOutcome = {};
    this.byErrorType = {};
    this.byStatus = {};
    this.latencySum = 0;
    this.latencyMax = 0;
    this.sampleLen = 0;
    this.sampleNext = 0;
    this.buckets = new Map();
    this.newestBucket = -Infinity;
    this.db.transaction(() => {
      this.db.exec('DELETE FROM requests; DELETE FROM timeseries; DELETE FROM run_info;');
      this.db.prepare('INSERT INTO run_info (run_id, started_utc, config_json, preset_name) VALUES (?, ?, ?, ?)').run(this.runId, this.startedUtc, JSON.stringify(this.config), this.presetName);
    })();
  }

  /**
   * Everything recorded, for `/admin/export`: flushes the queue, then yields pages of rows
   * (each page read with `stmt.iterate()` and finished before it is handed over, so no query
   * stays open while the caller waits for the socket to drain).
   */
  *exportPages(pageSize = 1000): Generator<Record<string, unknown>[]> {
    this.flush();
    if (this.closed) return;
    const run = this.db.prepare('SELECT * FROM run_info').all() as Record<string, unknown>[];
    yield run.map((row) => ({ type: 'run', ...row }));
    const requests = this.db.prepare('SELECT rowid AS _rowid, * FROM requests WHERE rowid > ? ORDER BY rowid LIMIT ?');
    for (let after = 0; ; ) {
      if (this.closed) return;
      const page: Record<string, unknown>[] = [];
      for (const row of requests.iterate(after, pageSize) as IterableIterator<Record<string, unknown>>) {
        after = row._rowid as number;
        delete row._rowid;
        page.push({ type: 'request', ...row });
      }
      if (page.length === 0) break;
      yield page;
      if (page.length < pageSize) break;
    }
    if (this.closed) return;
    const buckets = this.db.prepare('SELECT * FROM timeseries WHERE bucket_utc > ? ORDER BY bucket_utc LIMIT ?');
    for (let after = ''; ; ) {
      if (this.closed) return;
      const page: Record<string, unknown>[] = [];
      for (const row of buckets.iterate(after, pageSize) as IterableIterator<Record<string, unknown>>) {
        after = row.bucket_utc as string;
        page.push({ type: 'bucket', ...row });
      }
      if (page.length === 0) break;
      yield page;
      if (page.length < pageSize) break;
    }
    yield [{ type: 'config', config: this.config }];
  }

  /** Write what is queued and close the database. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.db.close();
  }
}

function bucketRow(second: number, b: Bucket): [string, number, number, number, number, number, number, number, number] {
  const sorted = Float64Array.from(b.latencies).sort();
  return [
    new Date(second * 1000).toISOString().slice(0, 19) + 'Z',
    b.total,
    b.success,
    b.rateLimited,
    b.capacity,
    b.serverError,
    b.malformed,
    round3(b.total === 0 ? 0 : b.latencySum / b.total),
    round3(percentile(sorted, 99)),
  ];
}
