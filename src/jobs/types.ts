/**
 * The job simulator's data: modes, states and the records the store keeps. Shapes follow
 * dummyLLM so its clients work unchanged.
 */

/** Modes a job can actually run in (what `chosen_mode` reports). */
export type ConcreteMode = 'ok' | 'echo' | 'slow' | 'fail' | 'hang' | 'timeout' | 'flaky';
/** The server-wide mode: a concrete mode, or `random` (a weighted pick per job). */
export type JobsMode = ConcreteMode | 'random';

/**
 * Fixed order: the weighted pick walks this list, so `ok=1,echo=1` and `echo=1,ok=1` pick alike.
 * Also dummyLLM's weight order.
 */
export const CONCRETE_MODES: readonly ConcreteMode[] = ['ok', 'echo', 'slow', 'fail', 'hang', 'timeout', 'flaky'];
export const JOBS_MODES: readonly JobsMode[] = [...CONCRETE_MODES, 'random'];

export type JobState = 'queued' | 'running' | 'ok' | 'fail' | 'timeout' | 'cancelled';
export const JOB_STATES: readonly JobState[] = ['queued', 'running', 'ok', 'fail', 'timeout', 'cancelled'];
/** States a job never leaves. */
export const FINAL_STATES: ReadonlySet<JobState> = new Set(['ok', 'fail', 'timeout', 'cancelled']);

export type ModeWeights = Record<ConcreteMode, number>;

export interface JobUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}
export interface JobResult {
  text: string;
  usage: JobUsage;
}
export interface JobError {
  code: string;
  message: string;
}

/** The client's payload, exactly as submitted (after defaults), for `GET /v1/jobs/{id}/request`. */
export interface JobRequest {
  op: string;
  args: Record<string, unknown>;
  timeout_ms: number;
  trace_id: string | null;
}

/** One job as stored (and persisted with `--jobs-db`). */
export interface JobRecord {
  id: string;
  /** Submission sequence number (1-based); with the seed it decides mode and flaky outcome. */
  seq: number;
  state: JobState;
  created_at: number;
  updated_at: number;
  result: JobResult | null;
  error: JobError | null;
  request: JobRequest;
  chosen_mode: ConcreteMode;
  base_latency_ms: number;
  seed: number;
  /** The weights in force when the server mode was `random`; null otherwise. */
  random_weights: ModeWeights | null;
}

/** `GET /v1/jobs/{id}`: dummyLLM's status shape. */
export interface JobStatusView {
  id: string;
  state: JobState;
  created_at: number;
  updated_at: number;
  result: JobResult | null;
  error: JobError | null;
}

/** @example statusView(record) // { id, state, created_at, updated_at, result, error } */
export function statusView(job: JobRecord): JobStatusView {
  return {
    id: job.id,
    state: job.state,
    created_at: job.created_at,
    updated_at: job.updated_at,
    result: job.result,
    error: job.error,
  };
}

/**
 * `GET /v1/jobs/{id}/request`: dummyLLM's debug view, plus the submission `sequence`.
 * @example requestView(record) // { op, args, timeout_ms, trace_id, chosen_mode, base_latency_ms, random_weights, seed, sequence }
 */
export function requestView(job: JobRecord) {
  return {
    op: job.request.op,
    args: job.request.args,
    timeout_ms: job.request.timeout_ms,
    trace_id: job.request.trace_id,
    chosen_mode: job.chosen_mode,
    base_latency_ms: job.base_latency_ms,
    random_weights: job.random_weights,
    seed: job.seed,
    sequence: job.seq,
  };
}
