/**
 * The load-chaos decision (ChaosLLM's core): for one LLM request, before fixture matching, say
 * whether it passes (and after how much latency) or which fault it gets. Pure and seeded: no
 * clock, no I/O, no unseeded randomness. The same (config, seed, inBurst) always gives the same outcome.
 *
 * Seeds: the caller passes the request's `seed.sub('traffic')` as `seed`. Every roll and every
 * fault parameter (lead, stall, wait, retry-after, timeout's reset coin) draws from
 * `createRng(seed)`. Latency draws from a SEPARATE generator, `createRng(latencySeed)`, where
 * `latencySeed` defaults to `deriveSeed(seed, 'latency')`: turning a fault rate up or down
 * changes how many rolls the traffic stream consumes, never the latency a passing request gets.
 *
 * The algorithm (as ChaosLLM does it), over the candidates in `CHAOS_CANDIDATES` order:
 * - `priority`: roll each non-zero rate in order (`float() * 100 < rate`); the first hit wins.
 *   Later candidates therefore fire less often than configured: candidate k fires with
 *   probability `p_k * prod_{j<k}(1 - p_j)`.
 * - `weighted`: one roll `r = float() * max(total, 100)`; `r >= total` passes, otherwise the
 *   candidate whose cumulative slice holds `r` fires. Each fires at its configured rate
 *   (scaled down proportionally when the rates sum past 100).
 * - During a burst, the burst's `rate_limit_pct` and `capacity_pct` REPLACE (do not add to)
 *   the 429 and 529 rates.
 */
import { createRng, deriveSeed, type Rng } from '../random/rng.js';
import type { ChaosConfig, ChaosOutcome, ConnectionFault, HttpFault, MalformedFault, Range } from './types.js';

export type ChaosCandidate = ConnectionFault | HttpFault | MalformedFault;

/** Every candidate fault, in decision order: connection faults, HTTP errors, malformed bodies. */
export const CHAOS_CANDIDATES: readonly ChaosCandidate[] = [
  'connection_failed',
  'connection_stall',
  'timeout',
  'connection_reset',
  'slow_response',
  'rate_limit',
  'capacity_529',
  'service_unavailable',
  'bad_gateway',
  'gateway_timeout',
  'internal_error',
  'forbidden',
  'not_found',
  'invalid_json',
  'truncated',
  'empty_body',
  'missing_fields',
  'wrong_content_type',
];

/** The HTTP status each HTTP fault answers with. */
export const HTTP_FAULT_STATUS: Readonly<Record<HttpFault, number>> = {
  rate_limit: 429,
  capacity_529: 529,
  service_unavailable: 503,
  bad_gateway: 502,
  gateway_timeout: 504,
  internal_error: 500,
  forbidden: 403,
  not_found: 404,
};

const CONNECTION_FAULTS: ReadonlySet<ChaosCandidate> = new Set<ConnectionFault>(['connection_failed', 'connection_stall', 'timeout', 'connection_reset', 'slow_response']);
const MALFORMED_FAULTS: ReadonlySet<ChaosCandidate> = new Set<MalformedFault>(['invalid_json', 'truncated', 'empty_body', 'missing_fields', 'wrong_content_type']);

export interface ChaosRate {
  fault: ChaosCandidate;
  /** Percent, 0..100, as configured (or the burst's value for 429/529 during a burst). */
  pct: number;
}

/**
 * The effective rate of every candidate, in decision order (zero rates included), with the
 * burst's 429/529 rates in place of the configured ones when `inBurst` (and bursts enabled).
 * @example chaosRates(config, false)[5] // { fault: 'rate_limit', pct: config.error_injection.rate_limit_pct }
 */
export function chaosRates(config: ChaosConfig, inBurst: boolean): ChaosRate[] {
  const e = config.error_injection;
  const burst = inBurst && e.burst.enabled;
  const pct: Record<ChaosCandidate, number> = {
    connection_failed: e.connection_failed_pct,
    connection_stall: e.connection_stall_pct,
    timeout: e.timeout_pct,
    connection_reset: e.connection_reset_pct,
    slow_response: e.slow_response_pct,
    rate_limit: burst ? e.burst.rate_limit_pct : e.rate_limit_pct,
    capacity_529: burst ? e.burst.capacity_pct : e.capacity_529_pct,
    service_unavailable: e.service_unavailable_pct,
    bad_gateway: e.bad_gateway_pct,
    gateway_timeout: e.gateway_timeout_pct,
    internal_error: e.internal_error_pct,
    forbidden: e.forbidden_pct,
    not_found: e.not_found_pct,
    invalid_json: e.invalid_json_pct,
    truncated: e.truncated_pct,
    empty_body: e.empty_body_pct,
    missing_fields: e.missing_fields_pct,
    wrong_content_type: e.wrong_content_type_pct,
  };
  return CHAOS_CANDIDATES.map((fault) => ({ fault, pct: pct[fault] }));
}

/**
 * The probability (0..1) that each candidate fires, by the algorithm's formula: what
 * `decideChaos` converges to over many seeds. Useful to tests and to documentation.
 * @example expectedFrequencies(config, false).get('rate_limit')
 */
export function expectedFrequencies(config: ChaosConfig, inBurst: boolean): Map<ChaosCandidate, number> {
  const rates = chaosRates(config, inBurst);
  const out = new Map<ChaosCandidate, number>();
  if (config.error_injection.selection_mode === 'weighted') {
    const total = rates.reduce((s, r) => s + Math.max(0, r.pct), 0);
    const span = Math.max(total, 100);
    for (const r of rates) out.set(r.fault, Math.max(0, r.pct) / span);
  } else {
    let notYet = 1;
    for (const r of rates) {
      const p = Math.min(Math.max(r.pct, 0), 100) / 100;
      out.set(r.fault, notYet * p);
      notYet *= 1 - p;
    }
  }
  return out;
}

/** Which candidate fires, or null (pass). Consumes the traffic rng. */
function pickFault(config: ChaosConfig, inBurst: boolean, rng: Rng): ChaosCandidate | null {
  const rates = chaosRates(config, inBurst);
  if (config.error_injection.selection_mode === 'weighted') {
    let total = 0;
    for (const r of rates) if (r.pct > 0) total += r.pct;
    // No fault configured: no roll at all (a pass consumes nothing).
    if (total <= 0) return null;
    const roll = rng.float() * Math.max(total, 100);
    if (roll >= total) return null;
    let upTo = 0;
    for (const r of rates) {
      if (r.pct <= 0) continue;
      upTo += r.pct;
      if (roll < upTo) return r.fault;
    }
    // Float rounding at the very top of the last slice.
    for (let i = rates.length - 1; i >= 0; i--) if (rates[i].pct > 0) return rates[i].fault;
    return null;
  }
  for (const r of rates) {
    if (r.pct <= 0) continue;
    if (rng.float() * 100 < r.pct) return r.fault;
  }
  return null;
}

/** Whole milliseconds, uniform in a range given in seconds (inclusive; bounds in either order). */
function drawMs(rng: Rng, [a, b]: Range): number {
  const lo = Math.max(0, Math.round(Math.min(a, b) * 1000));
  const hi = Math.max(lo, Math.round(Math.max(a, b) * 1000));
  return rng.int(lo, hi);
}

/**
 * Whole seconds for `Retry-After`, uniform in the range (inclusive). A range holding no whole
 * second (e.g. [1.2, 1.8]) gives its rounded-up minimum.
 */
function drawWholeSeconds(rng: Rng, [a, b]: Range): number {
  const lo = Math.max(0, Math.ceil(Math.min(a, b)));
  const hi = Math.max(lo, Math.floor(Math.max(a, b)));
  return rng.int(lo, hi);
}

/**
 * `base_ms ± jitter_ms`, uniform whole milliseconds, clamped at 0.
 * @example drawLatencyMs({ base_ms: 50, jitter_ms: 30 }, createRng(1)) // somewhere in 20..80
 */
export function drawLatencyMs(latency: ChaosConfig['latency'], rng: Rng): number {
  const base = Math.round(latency.base_ms);
  const jitter = Math.max(0, Math.round(latency.jitter_ms));
  return Math.max(0, jitter === 0 ? base : rng.int(base - jitter, base + jitter));
}

/**
 * Decide one request's load chaos.
 *
 * @param config the validated chaos config.
 * @param seed the request's `seed.sub('traffic')`: the rolls and every fault parameter.
 * @param inBurst whether the burst clock says we are in a burst now (`BurstClock.inBurst`);
 *   ignored unless `config.error_injection.burst.enabled`.
 * @param latencySeed the latency stream's seed; defaults to `deriveSeed(seed, 'latency')`, so
 *   passing only the traffic seed is enough and still keeps latency independent of faults.
 * @example decideChaos(config, requestSeed(root).sub('traffic'), burstClock.inBurst(config.error_injection.burst))
 */
export function decideChaos(config: ChaosConfig, seed: number, inBurst: boolean, latencySeed: number = deriveSeed(seed, 'latency')): ChaosOutcome {
  const rng = createRng(seed);
  const fault = pickFault(config, inBurst, rng);
  const latency = () => drawLatencyMs(config.latency, createRng(latencySeed));
  if (fault === null) return { kind: 'pass', latencyMs: latency() };

  const e = config.error_injection;
  if (CONNECTION_FAULTS.has(fault)) {
    switch (fault as ConnectionFault) {
      case 'connection_failed':
        return { kind: 'connection', fault: 'connection_failed', leadMs: drawMs(rng, e.connection_failed_lead_sec) };
      case 'connection_stall': {
        const startMs = drawMs(rng, e.connection_stall_start_sec);
        return { kind: 'connection', fault: 'connection_stall', startMs, stallMs: drawMs(rng, e.connection_stall_sec) };
      }
      case 'timeout': {
        const waitMs = drawMs(rng, e.timeout_sec);
        return { kind: 'connection', fault: 'timeout', waitMs, reset: rng.int(0, 1) === 1 };
      }
      case 'connection_reset':
        return { kind: 'connection', fault: 'connection_reset' };
      case 'slow_response':
        return { kind: 'connection', fault: 'slow_response', delayMs: drawMs(rng, e.slow_response_sec), latencyMs: latency() };
    }
  }
  if (MALFORMED_FAULTS.has(fault)) return { kind: 'malformed', fault: fault as MalformedFault };

  const http = fault as HttpFault;
  const status = HTTP_FAULT_STATUS[http];
  if (http === 'rate_limit' || http === 'capacity_529') return { kind: 'http', fault: http, status, retryAfterSec: drawWholeSeconds(rng, e.retry_after_sec) };
  return { kind: 'http', fault: http, status };
}
