/**
 * Job simulator settings. dummyLLM's environment variables (`DUMMYLLM_MODE`,
 * `DUMMYLLM_RANDOM_WEIGHTS`, `DUMMYLLM_LATENCY_MS`, `DUMMYLLM_SEED`) are read first, with the
 * same defaults; flags and the programmatic API override them. Unlike dummyLLM, a bad value
 * stops startup instead of silently falling back: a typo in `DUMMYLLM_MODE` would otherwise
 * run a whole test suite against the wrong behaviour.
 */
import { parseSeed } from '../random/rng.js';
import { parseIntIn } from '../util/parse-int.js';
import { CONCRETE_MODES, JOBS_MODES, type ConcreteMode, type JobsMode, type ModeWeights } from './types.js';

/** Thrown for any invalid jobs setting; the CLI prints the message and exits 2. */
export class JobsConfigError extends Error {
  override name = 'JobsConfigError';
}

/** Raw settings as flags, env or the programmatic API give them; validated by `resolveJobsConfig`. */
export interface JobsSettingsInput {
  /** ok | echo | slow | fail | hang | timeout | flaky | random */
  mode: string;
  /** `"ok=70,echo=10,..."` or an object; missing modes weigh 0. */
  weights: string | Partial<Record<ConcreteMode, number>>;
  latencyMs: number | string;
  seed: number | string;
  /** End any job still unfinished `timeout_ms` after submission in state `timeout`. */
  enforceTimeout: boolean | string;
  /** A JSON file for the job store; null or absent keeps jobs in memory. */
  dbPath: string | null;
  /** Store cap; past it the oldest finished jobs are evicted. */
  maxJobs: number | string;
  /** Store cap on the summed JSON size of the stored requests; same eviction as `maxJobs`. */
  maxBytes: number | string;
  /** How long state changes (running, finished) wait to be written; submissions are written before their 201. */
  flushIntervalMs: number | string;
  /** How long a job stays `queued` before it starts `running` (0 = the next event-loop turn). */
  queueMs: number | string;
}

export interface JobsConfig {
  mode: JobsMode;
  weights: ModeWeights;
  latencyMs: number;
  seed: number;
  enforceTimeout: boolean;
  dbPath: string | null;
  maxJobs: number;
  maxBytes: number;
  flushIntervalMs: number;
  queueMs: number;
}

export const DEFAULT_JOBS_WEIGHTS: Readonly<ModeWeights> = Object.freeze({ ok: 70, echo: 10, slow: 10, fail: 5, hang: 3, timeout: 2, flaky: 0 });

/** 64 MiB of stored requests: two jobs at the default body cap, or 10,000 jobs of 6 KiB. */
export const DEFAULT_JOBS_MAX_BYTES = 64 * 1024 * 1024;

export const DEFAULT_JOBS_CONFIG: Readonly<JobsConfig> = Object.freeze({
  mode: 'ok',
  weights: { ...DEFAULT_JOBS_WEIGHTS },
  latencyMs: 250,
  seed: 1337,
  enforceTimeout: false,
  dbPath: null,
  maxJobs: 10_000,
  maxBytes: DEFAULT_JOBS_MAX_BYTES,
  flushIntervalMs: 250,
  queueMs: 0,
});

/** Where each setting can come from, for error messages that say what to fix. */
const SOURCES: Record<keyof JobsSettingsInput, { env?: string; flag: string; option: string }> = {
  mode: { env: 'DUMMYLLM_MODE', flag: '--jobs-mode', option: 'jobs.mode' },
  weights: { env: 'DUMMYLLM_RANDOM_WEIGHTS', flag: '--jobs-weights', option: 'jobs.weights' },
  latencyMs: { env: 'DUMMYLLM_LATENCY_MS', flag: '--jobs-latency-ms', option: 'jobs.latencyMs' },
  seed: { env: 'DUMMYLLM_SEED', flag: '--jobs-seed', option: 'jobs.seed' },
  enforceTimeout: { flag: '--jobs-enforce-timeout', option: 'jobs.enforceTimeout' },
  dbPath: { flag: '--jobs-db', option: 'jobs.dbPath' },
  maxJobs: { flag: '--jobs-max', option: 'jobs.maxJobs' },
  maxBytes: { flag: '--jobs-max-bytes', option: 'jobs.maxBytes' },
  flushIntervalMs: { flag: '--jobs-flush-ms', option: 'jobs.flushIntervalMs' },
  queueMs: { flag: '--jobs-queue-ms', option: 'jobs.queueMs' },
};

const MAX_DELAY_MS = 86_400_000;

/**
 * Parse a weights spec. Stricter than dummyLLM (which ignored unknown keys and bad numbers):
 * `okk=70` is a typo worth stopping for.
 * @example parseWeights('ok=90,fail=10') // { ok: 90, echo: 0, slow: 0, fail: 10, hang: 0, timeout: 0, flaky: 0 }
 */
export function parseWeights(spec: string | Partial<Record<string, unknown>>, where = 'weights'): ModeWeights {
  const out = Object.fromEntries(CONCRETE_MODES.map((m) => [m, 0])) as ModeWeights;
  const seen = new Set<string>();
  const entries: Array<[string, unknown]> = [];
  if (typeof spec === 'string') {
    for (const item of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
      const eq = item.indexOf('=');
      if (eq < 0) throw new JobsConfigError(`${where}: '${item}' is not mode=weight (expected e.g. "ok=70,fail=5")`);
      entries.push([item.slice(0, eq).trim().toLowerCase(), item.slice(eq + 1).trim()]);
    }
  } else if (spec && typeof spec === 'object' && !Array.isArray(spec)) {
    entries.push(...Object.entries(spec).filter(([, v]) => v !== undefined));
  } else {
    throw new JobsConfigError(`${where}: expected a string like "ok=70,fail=5" or an object, got ${JSON.stringify(spec)}`);
  }
  for (const [key, raw] of entries) {
    if (!(CONCRETE_MODES as readonly string[]).includes(key)) {
      throw new JobsConfigError(`${where}: unknown mode '${key}' (allowed: ${CONCRETE_MODES.join(', ')})`);
    }
    if (seen.has(key)) throw new JobsConfigError(`${where}: mode '${key}' is given twice`);
    seen.add(key);
    out[key as ConcreteMode] = intIn(raw as string | number, 0, undefined, `${where}: weight for '${key}'`);
  }
  return out;
}

/** Format weights back into the spec syntax (health output, docs). @example formatWeights(w) // "ok=70,echo=10,..." */
export function formatWeights(weights: ModeWeights): string {
  return CONCRETE_MODES.map((m) => `${m}=${weights[m]}`).join(',');
}

function intIn(raw: number | string, min: number, max: number | undefined, where: string): number {
  try {
    return parseIntIn(raw, { name: where, min, max });
  } catch (err) {
    throw new JobsConfigError((err as Error).message);
  }
}

function bool(raw: boolean | string, where: string): boolean {
  if (typeof raw === 'boolean') return raw;
  const text = String(raw).trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  throw new JobsConfigError(`${where} must be true or false, got '${raw}'`);
}

/**
 * Resolve the job settings: defaults, then `DUMMYLLM_*` env, then `overrides` (flags or the
 * programmatic `jobs` option), each validated. Throws `JobsConfigError` naming the bad value,
 * where it came from and what is allowed.
 * @example
 * resolveJobsConfig({ env: { DUMMYLLM_MODE: 'random', DUMMYLLM_SEED: '7' }, overrides: { latencyMs: 20 } })
 * // { mode: 'random', seed: 7, latencyMs: 20, weights: { ok: 70, ... }, ... }
 */
export function resolveJobsConfig(input: {
  env?: Record<string, string | undefined>;
  overrides?: Partial<JobsSettingsInput>;
} = {}): JobsConfig {
  const env = input.env ?? {};
  const overrides = input.overrides ?? {};

  // For each setting: the winning raw value and a label naming where it came from.
  const pick = <K extends keyof JobsSettingsInput>(key: K): { raw: JobsSettingsInput[K]; where: string } | null => {
    const src = SOURCES[key];
    const o = overrides[key];
    if (o !== undefined && o !== null && !(typeof o === 'string' && o.trim() === '')) {
      return { raw: o as JobsSettingsInput[K], where: `${src.flag} (${src.option})` };
    }
    // dummyLLM treats an empty variable as unset; so do we.
    const e = src.env ? env[src.env] : undefined;
    if (e !== undefined && e.trim() !== '') return { raw: e as JobsSettingsInput[K], where: src.env! };
    return null;
  };

  const cfg: JobsConfig = { ...DEFAULT_JOBS_CONFIG, weights: { ...DEFAULT_JOBS_WEIGHTS } };

  const mode = pick('mode');
  if (mode) {
    const m = String(mode.raw).trim().toLowerCase();
    if (!(JOBS_MODES as readonly string[]).includes(m)) {
      throw new JobsConfigError(`${mode.where}: unknown jobs mode '${mode.raw}' (allowed: ${JOBS_MODES.join(', ')})`);
    }
    cfg.mode = m as JobsMode;
  }
  const weights = pick('weights');
  if (weights) cfg.weights = parseWeights(weights.raw as string | Record<string, unknown>, weights.where);
  const latency = pick('latencyMs');
  if (latency) cfg.latencyMs = intIn(latency.raw, 0, MAX_DELAY_MS, latency.where);
  const seed = pick('seed');
  if (seed) {
    try {
      cfg.seed = parseSeed(seed.raw, seed.where);
    } catch (err) {
      throw new JobsConfigError((err as Error).message);
    }
  }
  const enforce = pick('enforceTimeout');
  if (enforce) cfg.enforceTimeout = bool(enforce.raw, enforce.where);
  const db = pick('dbPath');
  if (db) cfg.dbPath = String(db.raw);
  const max = pick('maxJobs');
  if (max) cfg.maxJobs = intIn(max.raw, 1, 10_000_000, max.where);
  const maxBytes = pick('maxBytes');
  if (maxBytes) cfg.maxBytes = intIn(maxBytes.raw, 1, undefined, maxBytes.where);
  const flush = pick('flushIntervalMs');
  if (flush) cfg.flushIntervalMs = intIn(flush.raw, 0, 60_000, flush.where);
  const queue = pick('queueMs');
  if (queue) cfg.queueMs = intIn(queue.raw, 0, MAX_DELAY_MS, queue.where);
  return cfg;
}
