/** A complete stored job record, as the job store file holds one (tests of the store and its file). */
import type { JobRecord } from '../../src/jobs/types.js';

/** @example jobRecord(1, { state: 'ok' }).id // 'job_1' */
export function jobRecord(n: number, extra: Partial<JobRecord> = {}): JobRecord {
  return {
    id: `job_${n}`,
    seq: n,
    state: 'queued',
    created_at: 1,
    updated_at: 1,
    result: null,
    error: null,
    request: { op: 'x', args: {}, timeout_ms: 8000, trace_id: null },
    chosen_mode: 'ok',
    base_latency_ms: 250,
    seed: 1337,
    random_weights: null,
    ...extra,
  };
}
