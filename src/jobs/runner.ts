/**
 * The job state machine: submission, the queued -> running -> final transitions on real
 * (clearable) timers, cancellation, the enforced deadline, and change notifications for the
 * events stream. What a job does is decided in `modes.ts`; this file only carries it out.
 */
import { createRng, deriveSeed } from '../random/rng.js';
import type { Logger } from '../log/logger.js';
import type { Clock, TimerHandle } from '../time/clock.js';
import type { JobsConfig } from './config.js';
import { answerJob, chooseMode, planJob, type FixtureReply, type JobAnswer } from './modes.js';
import type { JobStore } from './store.js';
import { FINAL_STATES, JOB_STATES, type JobError, type JobRecord, type JobRequest, type JobResult, type JobState } from './types.js';

/** setTimeout fires at once past 2^31-1 ms; anything that long is "never" for a test run. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Why a job still queued or running when the server stopped is failed at the next start. */
export const INTERRUPTED: JobError = { code: 'INTERRUPTED', message: 'the server stopped before the job finished' };

export interface JobListener {
  /** The job changed state (called with the job after the change). */
  change(job: JobRecord): void;
  /** The job is gone (reset) or the simulator is closing; no more changes will come. */
  gone(): void;
}

export type SubmitResult =
  | { ok: true; job: JobRecord }
  /** `too_large`: the request alone is over the store's byte cap (`bytes` is its size). */
  | { ok: false; reason: 'full' | 'closed' | 'too_large'; bytes?: number };

export interface RunnerDeps {
  clock: Clock;
  logger: Logger;
  fixtureReply?: FixtureReply;
}

/**
 * Runs jobs for one simulator.
 * @example
 * const runner = new JobRunner(config, await JobStore.open({ maxJobs: 100, maxBytes: 1 << 20, flushIntervalMs: 250 }), { clock, logger });
 * const r = runner.submit({ op: 'llm.chat', args: { messages }, timeout_ms: 8000, trace_id: null });
 */
export class JobRunner {
  readonly #cfg: JobsConfig;
  readonly #store: JobStore;
  readonly #deps: RunnerDeps;
  readonly #timers = new Map<string, Set<TimerHandle>>();
  readonly #listeners = new Map<string, Set<JobListener>>();
  /** Mixed into ids so a restarted in-memory server does not hand out yesterday's ids. */
  readonly #idSalt: number;
  #closed = false;

  constructor(cfg: JobsConfig, store: JobStore, deps: RunnerDeps) {
    this.#cfg = cfg;
    this.#store = store;
    this.#deps = deps;
    // From the clock, not from randomness: under --freeze-time ids replay too.
    this.#idSalt = deps.clock.unixSeconds() >>> 0;
  }

  get config(): JobsConfig {
    return this.#cfg;
  }

  get store(): JobStore {
    return this.#store;
  }

  /**
   * Fail every job a previous run left queued or running: its timers died with that process,
   * and resuming it would replay a half-run job with different timing. Returns how many.
   */
  interruptLeftovers(): number {
    let n = 0;
    for (const job of this.#store.values()) {
      if (FINAL_STATES.has(job.state)) continue;
      this.#finish(job, 'fail', null, { ...INTERRUPTED });
      n++;
    }
    this.#store.trim();
    return n;
  }

  /**
   * Accept a validated request: assign its sequence number, mode and id, and start its clock.
   * With a store file the job is not durable yet: await `store.durable()` before acknowledging.
   */
  submit(request: JobRequest): SubmitResult {
    if (this.#closed) return { ok: false, reason: 'closed' };
    // Measured as stored: the request's JSON, which the store file needs anyway.
    const requestJson = JSON.stringify(request);
    const bytes = Buffer.byteLength(requestJson);
    const room = this.#store.makeRoom(bytes);
    if (room !== 'ok') return { ok: false, reason: room, bytes };
    const seq = this.#store.nextSeq();
    const now = this.#deps.clock.unixSeconds();
    const job: JobRecord = {
      id: this.#newId(seq),
      seq,
      state: 'queued',
      created_at: now,
      updated_at: now,
      result: null,
      error: null,
      request,
      chosen_mode: chooseMode(this.#cfg, seq),
      base_latency_ms: this.#cfg.latencyMs,
      seed: this.#cfg.seed,
      random_weights: this.#cfg.mode === 'random' ? { ...this.#cfg.weights } : null,
    };
    this.#store.insert(job, requestJson, bytes);
    this.#deps.logger.debug('job submitted', { id: job.id, seq, op: request.op, mode: job.chosen_mode });
    this.#after(job, this.#cfg.queueMs, () => this.#start(job));
    // The enforced deadline counts from submission: it is the client's deadline, and time
    // spent queued is part of it. timeout_ms 0 means "no deadline".
    if (this.#cfg.enforceTimeout && request.timeout_ms > 0) {
      this.#after(job, request.timeout_ms, () =>
        this.#finish(job, 'timeout', null, { code: 'TIMEOUT', message: `job ran past its timeout_ms (${request.timeout_ms} ms)` }),
      );
    }
    return { ok: true, job };
  }

  get(id: string): JobRecord | undefined {
    return this.#store.get(id);
  }

  /** Take back a submission that was never acknowledged (the store could not save it). */
  withdraw(id: string): void {
    const job = this.#store.get(id);
    if (!job) return;
    this.#clearTimers(job);
    const listeners = this.#listeners.get(id);
    this.#listeners.delete(id);
    for (const l of listeners ?? []) l.gone();
    this.#store.remove(id);
  }

  /** Cancel a queued or running job; a finished job is returned unchanged. */
  cancel(id: string): JobRecord | undefined {
    const job = this.#store.get(id);
    if (job && !FINAL_STATES.has(job.state)) {
      this.#finish(job, 'cancelled', null, { code: 'CANCELLED', message: 'cancelled by client' });
    }
    return job;
  }

  /**
   * Jobs newest first, optionally only those in `states`.
   * @example runner.list({ states: ['running'], limit: 10 })
   */
  list(opts: { states?: readonly JobState[]; limit: number }): { jobs: JobRecord[]; total: number } {
    const all = [...this.#store.values()];
    const wanted = opts.states && opts.states.length ? new Set(opts.states) : null;
    const matching: JobRecord[] = [];
    for (let i = all.length - 1; i >= 0; i--) if (!wanted || wanted.has(all[i].state)) matching.push(all[i]);
    return { jobs: matching.slice(0, opts.limit), total: matching.length };
  }

  /** Follow one job's state changes; returns the unsubscribe function. */
  subscribe(id: string, listener: JobListener): () => void {
    let set = this.#listeners.get(id);
    if (!set) this.#listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => {
      const s = this.#listeners.get(id);
      s?.delete(listener);
      if (s && s.size === 0) this.#listeners.delete(id);
    };
  }

  /** Counts per state, for /health. */
  countByState(): Record<JobState, number> {
    const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
    for (const job of this.#store.values()) counts[job.state]++;
    return counts;
  }

  /** Forget every job and restart the sequence: the next submission is number 1 again. */
  reset(): void {
    this.#stopAll();
    this.#store.clear();
  }

  /** Stop every timer and end every listener; jobs stay as they are (see interruptLeftovers). */
  close(): void {
    this.#closed = true;
    this.#stopAll();
  }

  get closed(): boolean {
    return this.#closed;
  }

  #stopAll(): void {
    for (const timers of this.#timers.values()) for (const t of timers) this.#deps.clock.clearTimeout(t);
    this.#timers.clear();
    const listeners = [...this.#listeners.values()].flatMap((s) => [...s]);
    this.#listeners.clear();
    for (const l of listeners) l.gone();
  }

  #newId(seq: number): string {
    for (let attempt = 0; ; attempt++) {
      const id = `job_${createRng(deriveSeed(this.#cfg.seed, 'jobs-id', seq, this.#idSalt, attempt)).hex(12)}`;
      if (!this.#store.has(id)) return id;
    }
  }

  #after(job: JobRecord, ms: number, fn: () => void): void {
    let set = this.#timers.get(job.id);
    if (!set) this.#timers.set(job.id, (set = new Set()));
    const timers = set;
    // A slow job must not keep a stopping process alive; the server's socket does that.
    const t = this.#deps.clock.setTimeout(
      () => {
        timers.delete(t);
        fn();
      },
      Math.min(ms, MAX_TIMER_MS),
      { unref: true },
    );
    timers.add(t);
  }

  #clearTimers(job: JobRecord): void {
    const set = this.#timers.get(job.id);
    if (!set) return;
    for (const t of set) this.#deps.clock.clearTimeout(t);
    this.#timers.delete(job.id);
  }

  #start(job: JobRecord): void {
    if (job.state !== 'queued') return;
    this.#setState(job, 'running');
    const step = planJob(job);
    if (step.kind === 'hang') return; // stays running until cancelled or (enforced) timed out
    this.#after(job, step.delayMs, () => {
      if (job.state !== 'running') return;
      if (step.state !== 'ok') {
        this.#finish(job, step.state, null, step.error);
        return;
      }
      let answer: JobAnswer;
      try {
        answer = answerJob(job, this.#deps.fixtureReply);
      } catch (err) {
        // A broken fixture must not take the simulator down; the job reports it instead.
        this.#deps.logger.warn('job answer failed', { id: job.id, error: (err as Error).message });
        this.#finish(job, 'fail', null, { code: 'ANSWER_FAILED', message: `answering the job failed: ${(err as Error).message}` });
        return;
      }
      if (answer.ok) this.#finish(job, 'ok', answer.result, null);
      else this.#finish(job, 'fail', null, answer.error);
    });
  }

  #finish(job: JobRecord, state: JobState, result: JobResult | null, error: JobError | null): void {
    if (FINAL_STATES.has(job.state)) return;
    this.#clearTimers(job);
    job.result = result;
    job.error = error;
    this.#setState(job, state);
  }

  #setState(job: JobRecord, state: JobState): void {
    job.state = state;
    job.updated_at = this.#deps.clock.unixSeconds();
    this.#store.update(job);
    this.#deps.logger.debug('job state', { id: job.id, state });
    const listeners = this.#listeners.get(job.id);
    if (!listeners) return;
    for (const l of [...listeners]) l.change(job);
    if (FINAL_STATES.has(state)) this.#listeners.delete(job.id);
  }
}
