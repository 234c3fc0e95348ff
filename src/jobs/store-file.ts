/**
 * The `--jobs-db` file format: an append-only log in JSON Lines. The first line is a header,
 * every later line one change, replayed in order at startup:
 *
 *   {"version":2,"seq":12}                                    header: the sequence so far
 *   {"add":{"id":"job_...","seq":13,"state":"queued",...}}    a new job (the whole record)
 *   {"set":{"id":"job_...","state":"ok","updated_at":...,"result":{...},"error":null}}
 *   {"drop":"job_..."}                                        evicted
 *
 * A submission is one short append instead of a rewrite of the whole store, so it can be on
 * disk before the client hears 201. The store rewrites the file (header plus one `add` per
 * job) at startup and whenever the appended lines outgrow it. Files written by llmposter
 * 0.1 (one JSON object, `{"version":1,"seq":N,"jobs":[...]}`) are still read.
 *
 * Reading is strict: an unknown version, a record missing a field, or a line that does not
 * fit stops startup with the line and the reason. The one exception is a last line cut off
 * without its newline: that append was interrupted by a crash, so it was never acknowledged
 * and is dropped.
 */
import { MAX_JSON_DEPTH, jsonValueTooDeep } from '../http/json-depth.js';
import { CONCRETE_MODES, JOB_STATES, type JobRecord } from './types.js';

export const STORE_VERSION = 2;
const KNOWN_VERSIONS = [1, 2];

/** The store file cannot be used: unreadable, not a job store, or a bad record. */
export class JobStoreError extends Error {
  override name = 'JobStoreError';
}

/** The fields a job changes after submission; everything else in a record is fixed. */
export type JobChange = Pick<JobRecord, 'id' | 'state' | 'updated_at' | 'result' | 'error'>;

export interface StoreContents {
  seq: number;
  jobs: JobRecord[];
  /** The file was written by an older llmposter (rewrite it in the current format). */
  legacy: boolean;
  /** A cut-off last line was dropped. */
  tornTail: boolean;
}

/** @example headerLine(12) // '{"version":2,"seq":12}\n' */
export function headerLine(seq: number): string {
  return `{"version":${STORE_VERSION},"seq":${seq}}\n`;
}

/**
 * The `add` line for a job. `requestJson` is the job's request already serialised (the
 * submission measured it), so large `args` are stringified once, not twice.
 */
export function addLine(job: JobRecord, requestJson: string = JSON.stringify(job.request)): string {
  const { request: _request, ...rest } = job;
  return `{"add":${JSON.stringify(rest).slice(0, -1)},"request":${requestJson}}}\n`;
}

export function setLine(job: JobRecord): string {
  const change: JobChange = { id: job.id, state: job.state, updated_at: job.updated_at, result: job.result, error: job.error };
  return `{"set":${JSON.stringify(change)}}\n`;
}

export function dropLine(id: string): string {
  return `{"drop":${JSON.stringify(id)}}\n`;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isCount = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isTime = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

/** What is wrong with the mutable fields of a record or `set` change, or null. */
function changeProblem(j: Record<string, unknown>): string | null {
  if (typeof j.id !== 'string' || j.id === '') return '"id" must be a non-empty string';
  if (!(JOB_STATES as readonly unknown[]).includes(j.state)) return `"state" must be one of ${JOB_STATES.join(', ')}`;
  if (!isTime(j.updated_at)) return '"updated_at" must be a number';
  if (j.result !== null && !(isObject(j.result) && typeof j.result.text === 'string' && isObject(j.result.usage))) {
    return '"result" must be null or {"text": string, "usage": {...}}';
  }
  if (j.error !== null && !(isObject(j.error) && typeof j.error.code === 'string' && typeof j.error.message === 'string')) {
    return '"error" must be null or {"code": string, "message": string}';
  }
  return null;
}

/**
 * What is wrong with a stored job record, or null when it is complete. Exported for tests.
 * @example recordProblem({ id: 'job_1' }) // '"state" must be one of queued, ...'
 */
export function recordProblem(value: unknown): string | null {
  if (!isObject(value)) return 'not a job record (expected an object)';
  const changed = changeProblem(value);
  if (changed) return changed;
  if (!isCount(value.seq) || (value.seq as number) < 1) return '"seq" must be an integer >= 1';
  if (!isTime(value.created_at)) return '"created_at" must be a number';
  if (!(CONCRETE_MODES as readonly unknown[]).includes(value.chosen_mode)) return `"chosen_mode" must be one of ${CONCRETE_MODES.join(', ')}`;
  if (!isCount(value.base_latency_ms)) return '"base_latency_ms" must be an integer >= 0';
  if (!isCount(value.seed)) return '"seed" must be an integer >= 0';
  if (value.random_weights !== null && !isObject(value.random_weights)) return '"random_weights" must be null or an object';
  const r = value.request;
  if (!isObject(r)) return '"request" must be an object';
  if (typeof r.op !== 'string' || r.op === '') return '"request.op" must be a non-empty string';
  if (!isObject(r.args)) return '"request.args" must be an object';
  if (!isCount(r.timeout_ms)) return '"request.timeout_ms" must be an integer >= 0';
  if (r.trace_id !== null && typeof r.trace_id !== 'string') return '"request.trace_id" must be null or a string';
  // The same bound as at submission: a record this deep could not be served back.
  if (jsonValueTooDeep(r.args, MAX_JSON_DEPTH)) return `"request.args" nests more than ${MAX_JSON_DEPTH} levels deep`;
  return null;
}

/**
 * Parse and check a store file's text. Throws `JobStoreError` naming the line and the reason.
 * @example parseStoreText('{"version":2,"seq":0}\n', 'jobs.jsonl') // { seq: 0, jobs: [], legacy: false, tornTail: false }
 */
export function parseStoreText(text: string, label: string): StoreContents {
  const fail = (where: string, why: string): never => {
    throw new JobStoreError(`job store ${label}: ${where}: ${why}; fix or delete the file`);
  };
  if (text.trim() === '') return { seq: 0, jobs: [], legacy: false, tornTail: false };
  const lines = text.split('\n');
  // A trailing newline leaves one empty string at the end; a missing one leaves the cut-off line.
  const tornCandidate = lines.pop()!;

  const parseLine = (line: string): unknown => {
    try {
      return JSON.parse(line);
    } catch {
      return undefined;
    }
  };

  const header = parseLine(lines[0] ?? tornCandidate);
  if (header === undefined) {
    // Not a log: maybe a whole-file store from llmposter 0.1.
    const whole = parseLine(text);
    if (isObject(whole) && 'version' in whole) return parseLegacy(whole, fail);
    return fail('line 1', 'not a llmposter job store (expected a header line like {"version":2,"seq":0})');
  }
  if (!isObject(header) || !('version' in header)) return fail('line 1', 'not a llmposter job store (expected a header line like {"version":2,"seq":0})');
  if (!KNOWN_VERSIONS.includes(header.version as number)) {
    return fail('line 1', `unknown store version ${JSON.stringify(header.version)} (this llmposter reads versions ${KNOWN_VERSIONS.join(' and ')}); it was written by another llmposter, use that one or delete the file`);
  }
  if (header.version === 1) return parseLegacy(header, fail);
  if (!isCount(header.seq)) return fail('line 1', '"seq" must be an integer >= 0');

  const jobs = new Map<string, JobRecord>();
  let seq = header.seq as number;
  let tornTail = false;
  if (lines.length === 0) return { seq, jobs: [], legacy: false, tornTail };
  const body = lines.slice(1);
  if (tornCandidate !== '') body.push(tornCandidate);
  body.forEach((line, k) => {
    const where = `line ${k + 2}`;
    if (line.trim() === '') return;
    const entry = parseLine(line);
    if (entry === undefined) {
      if (k === body.length - 1 && tornCandidate !== '') {
        tornTail = true;
        return;
      }
      fail(where, 'not valid JSON');
    }
    if (!isObject(entry)) return fail(where, 'expected {"add":...}, {"set":...} or {"drop":...}');
    if ('add' in entry) {
      const problem = recordProblem(entry.add);
      if (problem) fail(where, problem);
      const job = entry.add as unknown as JobRecord;
      if (jobs.has(job.id)) fail(where, `job ${job.id} is added twice`);
      jobs.set(job.id, job);
      seq = Math.max(seq, job.seq);
    } else if ('set' in entry) {
      const change = isObject(entry.set) ? entry.set : null;
      const problem = change ? changeProblem(change) : 'expected an object';
      if (problem) fail(where, problem);
      const job = jobs.get(change!.id as string);
      if (!job) return fail(where, `a change to job ${String(change!.id)}, which is not in the store`);
      Object.assign(job, { state: change!.state, updated_at: change!.updated_at, result: change!.result, error: change!.error });
    } else if ('drop' in entry) {
      if (typeof entry.drop !== 'string' || !jobs.delete(entry.drop)) fail(where, `drops job ${JSON.stringify(entry.drop)}, which is not in the store`);
    } else {
      fail(where, 'expected {"add":...}, {"set":...} or {"drop":...}');
    }
  });
  return { seq, jobs: [...jobs.values()], legacy: false, tornTail };
}

/** `{"version":1,"seq":N,"jobs":[...]}`: the whole-file store of llmposter 0.1. */
function parseLegacy(data: Record<string, unknown>, fail: (where: string, why: string) => never): StoreContents {
  if (data.version !== 1) return fail('line 1', `unknown store version ${JSON.stringify(data.version)}`);
  if (!Array.isArray(data.jobs)) return fail('the file', 'not a llmposter job store (expected {"version":1,"seq":N,"jobs":[...]})');
  const ids = new Set<string>();
  const jobs = data.jobs.map((j, i) => {
    const problem = recordProblem(j);
    if (problem) fail(`entry ${i} of "jobs"`, problem);
    const job = j as JobRecord;
    if (ids.has(job.id)) fail(`entry ${i} of "jobs"`, `job ${job.id} appears twice`);
    ids.add(job.id);
    return job;
  });
  const maxSeq = jobs.reduce((m, j) => Math.max(m, j.seq), 0);
  return { seq: Math.max(maxSeq, isCount(data.seq) ? (data.seq as number) : 0), jobs, legacy: true, tornTail: false };
}
