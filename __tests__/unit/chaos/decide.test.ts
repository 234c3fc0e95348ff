/**
 * The load-chaos decision: order and priority semantics, weighted frequencies, bursts, fault
 * parameters, determinism, latency on its own stream. Statistical checks run 10,000 decisions
 * over FIXED seeds (the replay rule's request seeds), so they are deterministic: the tolerance
 * (1 percentage point) is about the formula, not luck, and the same run always passes.
 */
import { DEFAULT_CHAOS_CONFIG } from '../../../src/chaos/config.js';
import { describe, expect, it } from '@jest/globals';
import { CHAOS_CANDIDATES, HTTP_FAULT_STATUS, chaosRates, decideChaos, expectedFrequencies, type ChaosCandidate } from '../../../src/chaos/decide.js';
import type { ChaosConfig, ChaosOutcome, ErrorInjectionConfig, HttpFault, MalformedFault } from '../../../src/chaos/types.js';
import { deriveSeed } from '../../../src/random/rng.js';
import { requestSeed, rootSeedFor } from '../../../src/random/request-seed.js';

const N = 10_000;
/** The traffic seeds of the first N requests on a server seeded 2112. */
const SEEDS = Array.from({ length: N }, (_, i) => requestSeed(rootSeedFor(2112, i)).sub('traffic'));

/** Built-in defaults (ChaosLLM's): every rate 0, latency 50±30 ms; `errors` merged in. */
function config(errors: Partial<ErrorInjectionConfig> = {}, latency = { base_ms: 50, jitter_ms: 30 }): ChaosConfig {
  return { ...DEFAULT_CHAOS_CONFIG, latency, error_injection: { ...DEFAULT_CHAOS_CONFIG.error_injection, ...errors } };
}

const label = (o: ChaosOutcome): ChaosCandidate | 'pass' => (o.kind === 'pass' ? 'pass' : o.fault);

function run(cfg: ChaosConfig, inBurst = false): ChaosOutcome[] {
  return SEEDS.map((s) => decideChaos(cfg, s, inBurst));
}

/** Share of each label (0..1) over the outcomes. */
function shares(outcomes: ChaosOutcome[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const o of outcomes) m.set(label(o), (m.get(label(o)) ?? 0) + 1);
  for (const [k, v] of m) m.set(k, v / outcomes.length);
  return m;
}

/** Every candidate's observed share within 1 percentage point of the formula; pass too. */
function expectMatchesFormula(cfg: ChaosConfig, inBurst = false): Map<string, number> {
  const seen = shares(run(cfg, inBurst));
  const expected = expectedFrequencies(cfg, inBurst);
  let faults = 0;
  for (const c of CHAOS_CANDIDATES) {
    const p = expected.get(c)!;
    faults += p;
    expect([c, Math.abs((seen.get(c) ?? 0) - p) <= 0.01]).toEqual([c, true]);
  }
  expect(Math.abs((seen.get('pass') ?? 0) - (1 - faults))).toBeLessThanOrEqual(0.01);
  return seen;
}

describe('chaosRates', () => {
  it('lists every candidate in decision order: connection faults, HTTP errors, malformed', () => {
    expect(chaosRates(config(), false).map((r) => r.fault)).toEqual([
      'connection_failed', 'connection_stall', 'timeout', 'connection_reset', 'slow_response',
      'rate_limit', 'capacity_529', 'service_unavailable', 'bad_gateway', 'gateway_timeout', 'internal_error', 'forbidden', 'not_found',
      'invalid_json', 'truncated', 'empty_body', 'missing_fields', 'wrong_content_type',
    ]);
  });

  it('reads each rate from its ChaosLLM key', () => {
    const keys: Record<ChaosCandidate, keyof ErrorInjectionConfig> = {
      connection_failed: 'connection_failed_pct', connection_stall: 'connection_stall_pct', timeout: 'timeout_pct',
      connection_reset: 'connection_reset_pct', slow_response: 'slow_response_pct', rate_limit: 'rate_limit_pct',
      capacity_529: 'capacity_529_pct', service_unavailable: 'service_unavailable_pct', bad_gateway: 'bad_gateway_pct',
      gateway_timeout: 'gateway_timeout_pct', internal_error: 'internal_error_pct', forbidden: 'forbidden_pct',
      not_found: 'not_found_pct', invalid_json: 'invalid_json_pct', truncated: 'truncated_pct', empty_body: 'empty_body_pct',
      missing_fields: 'missing_fields_pct', wrong_content_type: 'wrong_content_type_pct',
    };
    CHAOS_CANDIDATES.forEach((c, i) => {
      const rates = chaosRates(config({ [keys[c]]: i + 1 }), false);
      expect(rates.filter((r) => r.pct !== 0)).toEqual([{ fault: c, pct: i + 1 }]);
    });
  });

  it('during a burst (and only with bursts enabled) the burst rates REPLACE the 429 and 529 rates', () => {
    const burst = { enabled: true, interval_sec: 30, duration_sec: 5, rate_limit_pct: 80, capacity_pct: 50 };
    const cfg = config({ rate_limit_pct: 5, capacity_529_pct: 2, service_unavailable_pct: 1, burst });
    const pct = (inBurst: boolean, c = cfg) => Object.fromEntries(chaosRates(c, inBurst).map((r) => [r.fault, r.pct]));
    expect(pct(false)).toMatchObject({ rate_limit: 5, capacity_529: 2, service_unavailable: 1 });
    expect(pct(true)).toMatchObject({ rate_limit: 80, capacity_529: 50, service_unavailable: 1 });
    const off = config({ rate_limit_pct: 5, capacity_529_pct: 2, burst: { ...burst, enabled: false } });
    expect(pct(true, off)).toMatchObject({ rate_limit: 5, capacity_529: 2 });
  });
});

describe('decideChaos: no faults configured', () => {
  it('always passes', () => {
    expect(run(config()).every((o) => o.kind === 'pass')).toBe(true);
  });
});

describe('decideChaos: order and priority semantics', () => {
  it('an earlier candidate at 100% shadows every later one', () => {
    // Every rate at 100%, then drop candidates from the front one at a time: in priority mode
    // the first remaining one always wins; in weighted mode nothing passes.
    const keys = CHAOS_CANDIDATES.map((c) => `${c}_pct`);
    for (const k of keys) expect(k in config().error_injection).toBe(true);
    for (let i = 0; i < CHAOS_CANDIDATES.length; i++) {
      const rates = Object.fromEntries(keys.map((k, j) => [k, j < i ? 0 : 100]));
      for (const mode of ['priority', 'weighted'] as const) {
        const cfg = config({ ...rates, selection_mode: mode });
        const outcomes = SEEDS.slice(0, 200).map((s) => label(decideChaos(cfg, s, false)));
        if (mode === 'priority') expect(new Set(outcomes)).toEqual(new Set([CHAOS_CANDIDATES[i]]));
        else expect(outcomes.includes('pass')).toBe(false);
      }
    }
  });

  it('later types fire less than configured: 30/30/30 gives 30, 21, 14.7 (formula within 1 pp)', () => {
    const cfg = config({ rate_limit_pct: 30, capacity_529_pct: 30, service_unavailable_pct: 30 });
    const e = expectedFrequencies(cfg, false);
    expect(e.get('rate_limit')).toBeCloseTo(0.3, 12);
    expect(e.get('capacity_529')).toBeCloseTo(0.21, 12);
    expect(e.get('service_unavailable')).toBeCloseTo(0.147, 12);
    const seen = expectMatchesFormula(cfg);
    expect(seen.get('service_unavailable')!).toBeLessThan(0.2);
    expect(seen.get('pass')!).toBeGreaterThan(0.33);
  });

  it('matches the formula across kinds (a mix like the chaos preset)', () => {
    expectMatchesFormula(
      config({
        connection_failed_pct: 2, connection_stall_pct: 2, timeout_pct: 5, connection_reset_pct: 3, slow_response_pct: 4,
        rate_limit_pct: 20, capacity_529_pct: 10, service_unavailable_pct: 5, bad_gateway_pct: 5, gateway_timeout_pct: 5,
        internal_error_pct: 5, forbidden_pct: 3, not_found_pct: 3, invalid_json_pct: 4, truncated_pct: 4, empty_body_pct: 4,
        missing_fields_pct: 4, wrong_content_type_pct: 4,
      }),
    );
  });

  it('a 100% candidate late in the order still only gets what the earlier ones leave', () => {
    const seen = expectMatchesFormula(config({ rate_limit_pct: 40, wrong_content_type_pct: 100 }));
    expect(seen.get('pass')).toBeUndefined();
    expect(Math.abs(seen.get('wrong_content_type')! - 0.6)).toBeLessThanOrEqual(0.01);
  });
});

describe('decideChaos: weighted mode', () => {
  it('each type fires at its configured rate; the rest passes (formula within 1 pp)', () => {
    const cfg = config({ rate_limit_pct: 30, capacity_529_pct: 30, service_unavailable_pct: 30, selection_mode: 'weighted' });
    const seen = expectMatchesFormula(cfg);
    expect(Math.abs(seen.get('service_unavailable')! - 0.3)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(seen.get('pass')! - 0.1)).toBeLessThanOrEqual(0.01);
  });

  it('rates summing past 100 are scaled over the total; nothing passes', () => {
    const cfg = config({ rate_limit_pct: 90, internal_error_pct: 60, invalid_json_pct: 50, selection_mode: 'weighted' });
    expect(expectedFrequencies(cfg, false).get('rate_limit')).toBeCloseTo(0.45, 12);
    const seen = expectMatchesFormula(cfg);
    expect(seen.get('pass')).toBeUndefined();
  });

  it('matches the formula for a mix across kinds', () => {
    expectMatchesFormula(
      config({
        connection_reset_pct: 3, slow_response_pct: 7, rate_limit_pct: 15, capacity_529_pct: 5, bad_gateway_pct: 2,
        truncated_pct: 6, wrong_content_type_pct: 2, selection_mode: 'weighted',
      }),
    );
  });
});

describe('decideChaos: bursts', () => {
  const burst = { enabled: true, interval_sec: 30, duration_sec: 5, rate_limit_pct: 80, capacity_pct: 50 };

  it('in a burst, 429 and 529 follow the burst rates (replaced, not added)', () => {
    const cfg = config({ rate_limit_pct: 50, capacity_529_pct: 40, burst: { ...burst, rate_limit_pct: 20, capacity_pct: 10 } });
    const calm = expectMatchesFormula(cfg, false);
    expect(Math.abs(calm.get('rate_limit')! - 0.5)).toBeLessThanOrEqual(0.01);
    const spike = expectMatchesFormula(cfg, true);
    // Replaced: 20%, not 50 + 20; 529 = 10% of what 429 leaves.
    expect(Math.abs(spike.get('rate_limit')! - 0.2)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(spike.get('capacity_529')! - 0.08)).toBeLessThanOrEqual(0.01);
  });

  it('a burst with no base 429/529 rates still spikes; outside it everything passes', () => {
    const cfg = config({ burst });
    expect(run(cfg, false).every((o) => o.kind === 'pass')).toBe(true);
    const spike = expectMatchesFormula(cfg, true);
    expect(Math.abs(spike.get('rate_limit')! - 0.8)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(spike.get('capacity_529')! - 0.1)).toBeLessThanOrEqual(0.01);
  });

  it('inBurst is ignored when bursts are disabled', () => {
    const cfg = config({ burst: { ...burst, enabled: false } });
    expect(run(cfg, true).every((o) => o.kind === 'pass')).toBe(true);
  });

  it('weighted mode uses the burst rates too', () => {
    const cfg = config({ rate_limit_pct: 5, selection_mode: 'weighted', burst });
    const spike = expectMatchesFormula(cfg, true);
    // 80 + 50 = 130 > 100: scaled over 130.
    expect(Math.abs(spike.get('rate_limit')! - 80 / 130)).toBeLessThanOrEqual(0.01);
  });
});

describe('decideChaos: HTTP errors and retry-after', () => {
  const httpFaults = Object.keys(HTTP_FAULT_STATUS) as HttpFault[];

  it.each([
    ['rate_limit', 429], ['capacity_529', 529], ['service_unavailable', 503], ['bad_gateway', 502],
    ['gateway_timeout', 504], ['internal_error', 500], ['forbidden', 403], ['not_found', 404],
  ] as const)('%s answers %i', (fault, status) => {
    const key = `${fault}_pct` as keyof ErrorInjectionConfig;
    const o = decideChaos(config({ [key]: 100 }), SEEDS[0], false);
    expect(o).toMatchObject({ kind: 'http', fault, status });
  });

  it('Retry-After is whole seconds in the range, on 429 and 529 only, covering the range', () => {
    const cfg = config({
      retry_after_sec: [2, 4],
      ...Object.fromEntries(httpFaults.map((f) => [`${f}_pct`, 100 / 8])),
      selection_mode: 'weighted',
    });
    const seenRetry = new Set<number>();
    const byFault = new Map<string, number>();
    const wrong: ChaosOutcome[] = [];
    for (const o of run(cfg)) {
      if (o.kind !== 'http') {
        wrong.push(o);
        continue;
      }
      byFault.set(o.fault, (byFault.get(o.fault) ?? 0) + 1);
      if (o.fault === 'rate_limit' || o.fault === 'capacity_529') seenRetry.add(o.retryAfterSec!);
      else if ('retryAfterSec' in o) wrong.push(o);
    }
    expect(wrong).toEqual([]);
    // Only whole seconds in [2, 4], and every one of them.
    expect([...seenRetry].sort()).toEqual([2, 3, 4]);
    expect(byFault.size).toBe(8);
  });

  it('a fractional range gives whole seconds within it', () => {
    const cfg = config({ rate_limit_pct: 100, retry_after_sec: [1.5, 3.5] });
    const got = new Set(SEEDS.slice(0, 500).map((s) => (decideChaos(cfg, s, false) as { retryAfterSec: number }).retryAfterSec));
    expect([...got].sort()).toEqual([2, 3]);
  });

  it('no other outcome kind carries retryAfterSec', () => {
    const cfg = config({ timeout_pct: 20, slow_response_pct: 20, invalid_json_pct: 20, selection_mode: 'weighted' });
    for (const o of run(cfg).slice(0, 2000)) expect('retryAfterSec' in o).toBe(false);
  });
});

describe('decideChaos: malformed bodies', () => {
  it.each(['invalid_json', 'truncated', 'empty_body', 'missing_fields', 'wrong_content_type'] as MalformedFault[])('%s', (fault) => {
    expect(decideChaos(config({ [`${fault}_pct`]: 100 }), SEEDS[1], false)).toEqual({ kind: 'malformed', fault });
  });
});

describe('decideChaos: connection faults draw their times (ms) from their ranges', () => {
  /** Every value an int field takes over the first 2,000 seeds with the fault at 100%. */
  function values<T extends ChaosOutcome>(errors: Partial<ErrorInjectionConfig>, pick: (o: T) => number): number[] {
    return SEEDS.slice(0, 2000).map((s) => pick(decideChaos(config(errors), s, false) as T));
  }
  function expectCovers(vals: number[], lo: number, hi: number) {
    for (const v of vals) {
      expect(Number.isInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(lo);
      expect(v).toBeLessThanOrEqual(hi);
    }
    const span = hi - lo;
    // Spread over the range, not stuck at one end.
    expect(Math.min(...vals)).toBeLessThan(lo + span * 0.05);
    expect(Math.max(...vals)).toBeGreaterThan(hi - span * 0.05);
  }
  type Conn<F> = Extract<ChaosOutcome, { fault: F }>;

  it('connection_failed: leadMs from connection_failed_lead_sec', () => {
    expectCovers(values<Conn<'connection_failed'>>({ connection_failed_pct: 100, connection_failed_lead_sec: [2, 5] }, (o) => o.leadMs), 2000, 5000);
  });

  it('connection_stall: startMs and stallMs from their ranges', () => {
    const errors = { connection_stall_pct: 100, connection_stall_start_sec: [0, 2] as [number, number], connection_stall_sec: [30, 60] as [number, number] };
    expectCovers(values<Conn<'connection_stall'>>(errors, (o) => o.startMs), 0, 2000);
    expectCovers(values<Conn<'connection_stall'>>(errors, (o) => o.stallMs), 30000, 60000);
  });

  it('timeout: waitMs from timeout_sec; reset is a seeded coin, about 50/50', () => {
    const errors = { timeout_pct: 100, timeout_sec: [15, 45] as [number, number] };
    expectCovers(values<Conn<'timeout'>>(errors, (o) => o.waitMs), 15000, 45000);
    const resets = SEEDS.map((s) => (decideChaos(config(errors), s, false) as Conn<'timeout'>).reset);
    const share = resets.filter(Boolean).length / N;
    expect(Math.abs(share - 0.5)).toBeLessThanOrEqual(0.02);
  });

  it('connection_reset carries nothing else', () => {
    expect(decideChaos(config({ connection_reset_pct: 100 }), SEEDS[2], false)).toEqual({ kind: 'connection', fault: 'connection_reset' });
  });

  it('slow_response: delayMs from slow_response_sec, plus the usual latency', () => {
    const errors = { slow_response_pct: 100, slow_response_sec: [5, 10] as [number, number] };
    expectCovers(values<Conn<'slow_response'>>(errors, (o) => o.delayMs), 5000, 10000);
    expectCovers(values<Conn<'slow_response'>>(errors, (o) => o.latencyMs), 20, 80);
  });

  it('a zero-width range gives exactly that time', () => {
    const o = decideChaos(config({ connection_failed_pct: 100, connection_failed_lead_sec: [3, 3] }), SEEDS[3], false);
    expect(o).toEqual({ kind: 'connection', fault: 'connection_failed', leadMs: 3000 });
  });
});

describe('decideChaos: latency', () => {
  const latencies = (cfg: ChaosConfig) => run(cfg).map((o) => (o as { latencyMs: number }).latencyMs);

  it('is base ± jitter, whole milliseconds, covering the range', () => {
    const l = latencies(config({}, { base_ms: 50, jitter_ms: 30 }));
    expect(l.every((v) => Number.isInteger(v) && v >= 20 && v <= 80)).toBe(true);
    expect(Math.min(...l)).toBe(20);
    expect(Math.max(...l)).toBe(80);
    const mean = l.reduce((a, b) => a + b, 0) / l.length;
    expect(Math.abs(mean - 50)).toBeLessThan(1);
  });

  it('is clamped at 0 when jitter exceeds base', () => {
    const l = latencies(config({}, { base_ms: 10, jitter_ms: 50 }));
    expect(Math.min(...l)).toBe(0);
    expect(Math.max(...l)).toBe(60);
    // Everything drawn below 0 lands on 0: about 40 of 101 values.
    expect(Math.abs(l.filter((v) => v === 0).length / N - 41 / 101)).toBeLessThan(0.02);
  });

  it('is exactly base with no jitter', () => {
    expect(new Set(latencies(config({}, { base_ms: 100, jitter_ms: 0 })))).toEqual(new Set([100]));
  });

  it('is independent of faults: adding fault rates never shifts a passing request latency', () => {
    const quiet = run(config());
    const noisy = run(config({ slow_response_pct: 30, rate_limit_pct: 20, invalid_json_pct: 10, timeout_pct: 5 }));
    let compared = 0;
    noisy.forEach((o, i) => {
      if (o.kind === 'pass' || (o.kind === 'connection' && o.fault === 'slow_response')) {
        expect(o.latencyMs).toBe((quiet[i] as { latencyMs: number }).latencyMs);
        compared++;
      }
    });
    expect(compared).toBeGreaterThan(N / 3);
  });

  it('draws from deriveSeed(seed, "latency") by default, or the latency seed passed', () => {
    const cfg = config();
    expect(decideChaos(cfg, SEEDS[0], false)).toEqual(decideChaos(cfg, SEEDS[0], false, deriveSeed(SEEDS[0], 'latency')));
    const fixed = SEEDS.slice(0, 50).map((s) => (decideChaos(cfg, s, false, 12345) as { latencyMs: number }).latencyMs);
    expect(new Set(fixed).size).toBe(1);
  });
});

describe('decideChaos: determinism', () => {
  const cfg = config({
    connection_stall_pct: 5, timeout_pct: 5, slow_response_pct: 5, rate_limit_pct: 10, capacity_529_pct: 5, truncated_pct: 5,
    burst: { enabled: true, interval_sec: 30, duration_sec: 5, rate_limit_pct: 80, capacity_pct: 50 },
  });

  it('the same seed gives the same outcome, every time', () => {
    for (const s of SEEDS.slice(0, 1000)) {
      expect(decideChaos(cfg, s, false)).toEqual(decideChaos(cfg, s, false));
      expect(decideChaos(cfg, s, true)).toEqual(decideChaos(cfg, s, true));
    }
  });

  it('fixed seeds give pinned outcomes (a seeded run replays across versions)', () => {
    const pinned = config({ rate_limit_pct: 30, timeout_pct: 30 });
    expect(SEEDS.slice(0, 4).map((s) => decideChaos(pinned, s, false))).toEqual([
      { kind: 'pass', latencyMs: 45 },
      { kind: 'connection', fault: 'timeout', waitMs: 51941, reset: true },
      { kind: 'http', fault: 'rate_limit', status: 429, retryAfterSec: 5 },
      { kind: 'pass', latencyMs: 72 },
    ]);
    expect(new Set(run(cfg).map(label)).size).toBeGreaterThan(5);
  });

  it('different seeds give different outcomes', () => {
    const l = new Set(run(config({ rate_limit_pct: 50 })).slice(0, 100).map((o) => JSON.stringify(o)));
    expect(l.size).toBeGreaterThan(10);
  });
});
