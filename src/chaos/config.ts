/**
 * The load-chaos config: built-in defaults, the deep merge every layer goes through (defaults
 * < preset < `--config` file < CLI flags < `POST /admin/config`), and validation that reports
 * every problem with its key path. Shape and bounds live in `schemas/chaos-config.schema.json`
 * (compiled once by ajv); what a schema cannot say (min <= max, a burst no longer than its
 * interval) is checked here.
 */
import { readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { loadAjv } from '../util/lazy-ajv.js';
import type { ChaosConfig } from './types.js';

/** One thing wrong with a config: the key path (`error_injection.rate_limit_pct`, `''` = the whole config) and what is wrong. */
export interface ChaosProblem {
  path: string;
  message: string;
  /** Where the bad value came from, when known: `--config stress.yaml`, `preset chaos`, `the command line`. */
  source?: string;
}

/** Thrown when a config (CLI, file, preset, programmatic) is invalid; `problems` lists every one. */
export class ChaosConfigError extends Error {
  override name = 'ChaosConfigError';
  constructor(
    readonly problems: ChaosProblem[],
    message = problems.map(formatChaosProblem).join('; '),
  ) {
    super(message);
  }
}

/** A partial config as files, flags and `/admin/config` give it: objects merge, anything else replaces. */
export type ChaosConfigPatch = { [K in keyof ChaosConfig]?: DeepPartial<ChaosConfig[K]> };
type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** ChaosLLM's built-in defaults: every rate 0, no generated answers unless asked. */
export const DEFAULT_CHAOS_CONFIG: ChaosConfig = deepFreeze({
  response: {
    mode: null,
    allow_header_overrides: true,
    max_template_length: 10_000,
    random: { min_words: 10, max_words: 100, vocabulary: 'english' },
    template: { body: null },
    preset: { file: null, selection: 'random' },
  },
  latency: { base_ms: 50, jitter_ms: 30 },
  error_injection: {
    connection_failed_pct: 0,
    connection_failed_lead_sec: [2, 5],
    connection_stall_pct: 0,
    connection_stall_start_sec: [0, 2],
    connection_stall_sec: [30, 60],
    timeout_pct: 0,
    timeout_sec: [30, 60],
    connection_reset_pct: 0,
    slow_response_pct: 0,
    slow_response_sec: [10, 30],
    rate_limit_pct: 0,
    capacity_529_pct: 0,
    service_unavailable_pct: 0,
    bad_gateway_pct: 0,
    gateway_timeout_pct: 0,
    internal_error_pct: 0,
    forbidden_pct: 0,
    not_found_pct: 0,
    retry_after_sec: [1, 5],
    invalid_json_pct: 0,
    truncated_pct: 0,
    empty_body_pct: 0,
    missing_fields_pct: 0,
    wrong_content_type_pct: 0,
    selection_mode: 'priority',
    burst: { enabled: false, interval_sec: 30, duration_sec: 5, rate_limit_pct: 80, capacity_pct: 50 },
  },
});

/**
 * What a server runs with when no load chaos was asked for (no preset, config file, chaos flag
 * or `chaos` option): the defaults with latency 0 too, so `chaosEnabled` is false and requests
 * are served exactly as without this feature. `POST /admin/config` merges onto it.
 */
export const CHAOS_OFF_CONFIG: ChaosConfig = deepFreeze(mergeChaosConfig(DEFAULT_CHAOS_CONFIG, { latency: { base_ms: 0, jitter_ms: 0 } }));

/** Every `*_pct` key of `error_injection` (the burst's own rates excluded), in decision order. */
export const CHAOS_RATE_KEYS = [
  'connection_failed_pct',
  'connection_stall_pct',
  'timeout_pct',
  'connection_reset_pct',
  'slow_response_pct',
  'rate_limit_pct',
  'capacity_529_pct',
  'service_unavailable_pct',
  'bad_gateway_pct',
  'gateway_timeout_pct',
  'internal_error_pct',
  'forbidden_pct',
  'not_found_pct',
  'invalid_json_pct',
  'truncated_pct',
  'empty_body_pct',
  'missing_fields_pct',
  'wrong_content_type_pct',
] as const satisfies readonly (keyof ChaosConfig['error_injection'])[];

/** The `[min, max]` keys of `error_injection`. */
export const CHAOS_RANGE_KEYS = [
  'connection_failed_lead_sec',
  'connection_stall_start_sec',
  'connection_stall_sec',
  'timeout_sec',
  'slow_response_sec',
  'retry_after_sec',
] as const satisfies readonly (keyof ChaosConfig['error_injection'])[];

export const CHAOS_SCHEMA_URL = new URL('../../schemas/chaos-config.schema.json', import.meta.url);
const chaosSchema = JSON.parse(readFileSync(CHAOS_SCHEMA_URL, 'utf8'));
// Loaded and compiled on first use: most runs never load a chaos config, and compiling slows start-up.
let compiled: ValidateFunction | undefined;
const chaosValidator = (): ValidateFunction => (compiled ??= new (loadAjv())({ allErrors: true, verbose: true, strict: true }).compile(chaosSchema));

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Deep-merge patches over a base, left to right: plain objects merge key by key, anything
 * else (numbers, ranges, `null`) replaces; `undefined` leaves the base alone. Nothing is
 * validated and nothing is mutated: unknown keys are carried over so `validateChaosConfig`
 * can name them.
 * @example mergeChaosConfig(DEFAULT_CHAOS_CONFIG, { error_injection: { rate_limit_pct: 20 } }).error_injection.rate_limit_pct // 20
 */
export function mergeChaosConfig(base: unknown, ...patches: unknown[]): ChaosConfig {
  return patches.reduce<unknown>((acc, patch) => mergeValue(acc, patch), clone(base)) as ChaosConfig;
}

function mergeValue(base: unknown, patch: unknown): unknown {
  if (patch === undefined) return base;
  if (!isObject(patch) || !isObject(base)) return clone(patch);
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    // Plain data only: a JSON body's "__proto__" must not reach the prototype.
    if (k === '__proto__') continue;
    out[k] = mergeValue(base[k], v);
  }
  return out;
}

function clone(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clone);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)]));
  return v;
}

/** Freeze a config and everything in it (stored configs are shared with every request). */
export function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/** `a.b.c` from ajv's `/a/b/c`; array indexes as `[i]`. */
function pathOf(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

const shown = (v: unknown) => (typeof v === 'string' ? `'${v.slice(0, 60)}'` : v === undefined ? 'nothing' : JSON.stringify(v)?.slice(0, 60));

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${shown(v)}`;
}

function schemaProblem(e: ErrorObject): ChaosProblem | undefined {
  const p = e.params as Record<string, unknown>;
  const path = pathOf(e.instancePath);
  const key = path.split('.').pop() ?? '';
  switch (e.keyword) {
    case 'additionalProperties':
      return { path: pathOf(e.instancePath, String(p.additionalProperty)), message: `unknown key${path ? ` in ${path}` : ''}` };
    case 'required':
      return { path: pathOf(e.instancePath, String(p.missingProperty)), message: 'is missing' };
    case 'type': {
      if (path === '') return { path, message: `the config must be an object, got ${describeType(e.data)}` };
      const want = p.type === 'integer' ? 'a whole number' : p.type === 'object' ? 'an object' : p.type === 'array' ? 'a [min, max] range' : `a ${p.type}`;
      return { path, message: `must be ${want}, got ${describeType(e.data)}` };
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map((v) => (v === null ? 'null' : String(v))).join(', ');
      return { path, message: `must be one of ${allowed}, got ${shown(e.data)}` };
    }
    case 'minimum':
    case 'maximum':
      if (key.endsWith('_pct')) return { path, message: `must be a percentage from 0 to 100, got ${shown(e.data)}` };
      if (/\[\d+\]$/.test(path)) return { path: path.replace(/\[\d+\]$/, ''), message: `must be a range of seconds >= 0, got ${shown(e.data)} in it` };
      return { path, message: `must be >= ${p.limit}, got ${shown(e.data)}` };
    case 'exclusiveMinimum':
      return { path, message: `must be greater than ${p.limit}, got ${shown(e.data)}` };
    case 'minItems':
    case 'maxItems':
      return { path, message: `must be a [min, max] range of two numbers, got ${shown(e.data)}` };
    default:
      return { path, message: e.message ?? 'is invalid' };
  }
}

/**
 * Every problem with a complete config, each with its key path; `[]` when it is valid.
 * @example validateChaosConfig(mergeChaosConfig(DEFAULT_CHAOS_CONFIG, { latency: { base_ms: -1 } }))
 * // [{ path: 'latency.base_ms', message: 'must be >= 0, got -1' }]
 */
export function validateChaosConfig(config: unknown): ChaosProblem[] {
  const problems: ChaosProblem[] = [];
  const validateSchema = chaosValidator();
  if (!validateSchema(config)) {
    for (const e of validateSchema.errors ?? []) {
      const problem = schemaProblem(e);
      if (problem && !problems.some((q) => q.path === problem.path && q.message === problem.message)) problems.push(problem);
    }
  }
  problems.push(...semanticProblems(config));
  return problems;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** What the schema cannot say; each check runs only when the values it compares are numbers. */
function semanticProblems(config: unknown): ChaosProblem[] {
  const out: ChaosProblem[] = [];
  if (!isObject(config)) return out;
  const random = isObject(config.response) && isObject(config.response.random) ? config.response.random : undefined;
  if (random && isNum(random.min_words) && isNum(random.max_words) && random.min_words > random.max_words) {
    out.push({ path: 'response.random.min_words', message: `must not be more than max_words (${random.min_words} > ${random.max_words})` });
  }
  const ei = isObject(config.error_injection) ? config.error_injection : undefined;
  if (!ei) return out;
  for (const key of CHAOS_RANGE_KEYS) {
    const r = ei[key];
    if (Array.isArray(r) && r.length === 2 && isNum(r[0]) && isNum(r[1]) && r[0] > r[1]) {
      out.push({ path: `error_injection.${key}`, message: `min must not be more than max, got [${r[0]}, ${r[1]}]` });
    }
  }
  const burst = isObject(ei.burst) ? ei.burst : undefined;
  if (burst && isNum(burst.duration_sec) && isNum(burst.interval_sec) && burst.interval_sec > 0 && burst.duration_sec > burst.interval_sec) {
    out.push({ path: 'error_injection.burst.duration_sec', message: `must not be longer than interval_sec (${burst.duration_sec} > ${burst.interval_sec})` });
  }
  return out;
}

/** `error_injection.rate_limit_pct: must be ... (from --config x.yaml)`; a problem of the whole config is its message alone. */
export function formatChaosProblem(p: ChaosProblem): string {
  return `${p.path ? `${p.path}: ` : ''}${p.message}${p.source ? ` (from ${p.source})` : ''}`;
}

/**
 * Whether load chaos does anything at all; when false the server adds nothing per request.
 * @example chaosEnabled(CHAOS_OFF_CONFIG) // false
 * @example chaosEnabled(DEFAULT_CHAOS_CONFIG) // true: the built-in latency is 50 ms +- 30
 */
export function chaosEnabled(config: ChaosConfig): boolean {
  const ei = config.error_injection;
  if (CHAOS_RATE_KEYS.some((k) => ei[k] > 0)) return true;
  if (ei.burst.enabled && (ei.burst.rate_limit_pct > 0 || ei.burst.capacity_pct > 0)) return true;
  if (config.latency.base_ms > 0 || config.latency.jitter_ms > 0) return true;
  return config.response.mode !== null;
}
