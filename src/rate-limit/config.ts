/**
 * Rate-limit settings (LLMSim's stateful RPM/TPM limits): a default for every model and
 * per-model overrides, from `--rpm`/`--tpm`, a `--rate-limits` YAML file or `startServer`'s
 * `rateLimits` option.
 *
 * @example
 * // rate-limits.yaml
 * // default: { rpm: 60, tpm: 90000 }
 * // models:
 * //   gpt-4o: { rpm: 3, tpm: 30000 }
 */
import { readFileSync } from 'node:fs';
import { yaml } from '../util/lazy-yaml.js';

export interface LimitPair {
  /** Requests per minute; absent = no request limit. */
  rpm?: number;
  /** Tokens per minute (prompt + requested output); absent = no token limit. */
  tpm?: number;
}

export interface RateLimitsConfig {
  /** Limits for every model without an entry of its own. */
  default?: LimitPair;
  /**
   * Per-model limits, each with its own buckets (per API key); fields an entry leaves out come
   * from `default`.
   */
  models?: Record<string, LimitPair>;
  /** Most API keys (times overridden models) tracked at once; the least recently seen is dropped. Default 10000. */
  maxKeys?: number;
}

export class RateLimitConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RateLimitConfigError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkLimit(v: unknown, where: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new RateLimitConfigError(`${where} must be a whole number of at least 1, got ${JSON.stringify(v)}`);
  return v;
}

function checkPair(v: unknown, where: string): LimitPair {
  if (!isObject(v)) throw new RateLimitConfigError(`${where} must be a map with rpm and/or tpm, got ${JSON.stringify(v)}`);
  for (const k of Object.keys(v)) if (k !== 'rpm' && k !== 'tpm') throw new RateLimitConfigError(`${where}: unknown key '${k}' (expected rpm, tpm)`);
  const out: LimitPair = {};
  const rpm = checkLimit(v.rpm, `${where}.rpm`);
  const tpm = checkLimit(v.tpm, `${where}.tpm`);
  if (rpm !== undefined) out.rpm = rpm;
  if (tpm !== undefined) out.tpm = tpm;
  return out;
}

/**
 * Check a config (from YAML or code) and return a clean copy; throws RateLimitConfigError naming
 * the bad field.
 * @example validateRateLimits({ default: { rpm: 3 } }) // { default: { rpm: 3 }, models: {} }
 */
export function validateRateLimits(raw: unknown, source = 'rate limits'): RateLimitsConfig {
  if (!isObject(raw)) throw new RateLimitConfigError(`${source}: expected a map with 'default' and/or 'models', got ${JSON.stringify(raw)}`);
  for (const k of Object.keys(raw)) {
    if (k !== 'default' && k !== 'models' && k !== 'maxKeys' && k !== 'max_keys') throw new RateLimitConfigError(`${source}: unknown key '${k}' (expected default, models, max_keys)`);
  }
  const out: RateLimitsConfig = { models: {} };
  if (raw.default !== undefined && raw.default !== null) out.default = checkPair(raw.default, `${source}: default`);
  if (raw.models !== undefined && raw.models !== null) {
    if (!isObject(raw.models)) throw new RateLimitConfigError(`${source}: models must be a map of model name -> { rpm, tpm }`);
    for (const [model, pair] of Object.entries(raw.models)) out.models![model] = checkPair(pair, `${source}: models.${model}`);
  }
  const maxKeys = checkLimit(raw.maxKeys ?? raw.max_keys, `${source}: max_keys`);
  if (maxKeys !== undefined) out.maxKeys = maxKeys;
  return out;
}

/** Read and check a `--rate-limits` YAML (or JSON) file. */
export function loadRateLimitsFile(path: string): RateLimitsConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new RateLimitConfigError(`cannot read --rate-limits file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = yaml().parse(text);
  } catch (err) {
    throw new RateLimitConfigError(`--rate-limits file ${path} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  return validateRateLimits(raw, path);
}

/** True when the config limits anything at all (an empty one leaves the hot path untouched). */
export function limitsAnything(c: RateLimitsConfig): boolean {
  const some = (p?: LimitPair) => p?.rpm !== undefined || p?.tpm !== undefined;
  return some(c.default) || Object.values(c.models ?? {}).some(some);
}
