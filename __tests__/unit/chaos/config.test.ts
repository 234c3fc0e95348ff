/** The load-chaos config model: defaults, deep merge, every validation problem with its path, chaosEnabled. */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import {
  CHAOS_OFF_CONFIG,
  CHAOS_RATE_KEYS,
  CHAOS_SCHEMA_URL,
  chaosEnabled,
  DEFAULT_CHAOS_CONFIG,
  formatChaosProblem,
  mergeChaosConfig,
  validateChaosConfig,
} from '../../../src/chaos/config.js';

const withPatch = (patch: unknown) => validateChaosConfig(mergeChaosConfig(DEFAULT_CHAOS_CONFIG, patch));

describe('DEFAULT_CHAOS_CONFIG (ChaosLLM built-in defaults)', () => {
  it('every rate is 0 and nothing is generated unless asked', () => {
    for (const k of CHAOS_RATE_KEYS) expect([k, DEFAULT_CHAOS_CONFIG.error_injection[k]]).toEqual([k, 0]);
    expect(DEFAULT_CHAOS_CONFIG.response.mode).toBeNull();
  });

  it('has the reference timings, words, burst and selection', () => {
    expect(DEFAULT_CHAOS_CONFIG.latency).toEqual({ base_ms: 50, jitter_ms: 30 });
    expect(DEFAULT_CHAOS_CONFIG.response.random).toEqual({ min_words: 10, max_words: 100, vocabulary: 'english' });
    const ei = DEFAULT_CHAOS_CONFIG.error_injection;
    expect(ei.retry_after_sec).toEqual([1, 5]);
    expect(ei.timeout_sec).toEqual([30, 60]);
    expect(ei.connection_failed_lead_sec).toEqual([2, 5]);
    expect(ei.connection_stall_start_sec).toEqual([0, 2]);
    expect(ei.connection_stall_sec).toEqual([30, 60]);
    expect(ei.slow_response_sec).toEqual([10, 30]);
    expect(ei.burst).toEqual({ enabled: false, interval_sec: 30, duration_sec: 5, rate_limit_pct: 80, capacity_pct: 50 });
    expect(ei.selection_mode).toBe('priority');
  });

  it('lists every rate of the contract (18) and is itself valid and frozen', () => {
    expect(CHAOS_RATE_KEYS).toHaveLength(18);
    const pctKeys = Object.keys(DEFAULT_CHAOS_CONFIG.error_injection).filter((k) => k.endsWith('_pct'));
    expect([...CHAOS_RATE_KEYS].sort()).toEqual(pctKeys.sort());
    expect(validateChaosConfig(DEFAULT_CHAOS_CONFIG)).toEqual([]);
    expect(validateChaosConfig(CHAOS_OFF_CONFIG)).toEqual([]);
    expect(Object.isFrozen(DEFAULT_CHAOS_CONFIG.error_injection.retry_after_sec)).toBe(true);
  });
});

describe('chaosEnabled', () => {
  it('is false only when nothing would happen per request', () => {
    expect(chaosEnabled(CHAOS_OFF_CONFIG)).toBe(false);
    expect(CHAOS_OFF_CONFIG.latency).toEqual({ base_ms: 0, jitter_ms: 0 });
    expect(chaosEnabled(DEFAULT_CHAOS_CONFIG)).toBe(true);
  });

  it.each([
    ['a rate', { error_injection: { not_found_pct: 0.1 } }, true],
    ['latency base', { latency: { base_ms: 1 } }, true],
    ['latency jitter', { latency: { jitter_ms: 1 } }, true],
    ['a response mode', { response: { mode: 'echo' } }, true],
    ['burst on with a rate', { error_injection: { burst: { enabled: true } } }, true],
    ['burst on with both burst rates 0', { error_injection: { burst: { enabled: true, rate_limit_pct: 0, capacity_pct: 0 } } }, false],
    ['burst rates without burst', { error_injection: { burst: { rate_limit_pct: 100 } } }, false],
  ])('%s -> %p', (_name, patch, enabled) => {
    expect(chaosEnabled(mergeChaosConfig(CHAOS_OFF_CONFIG, patch))).toBe(enabled);
  });
});

describe('mergeChaosConfig', () => {
  it('merges objects key by key, replaces ranges and scalars, keeps the rest, mutates nothing', () => {
    const merged = mergeChaosConfig(DEFAULT_CHAOS_CONFIG, { error_injection: { rate_limit_pct: 20, retry_after_sec: [2, 3], burst: { enabled: true } } }, { latency: { jitter_ms: 0 } });
    expect(merged.error_injection.rate_limit_pct).toBe(20);
    expect(merged.error_injection.retry_after_sec).toEqual([2, 3]);
    expect(merged.error_injection.burst).toEqual({ ...DEFAULT_CHAOS_CONFIG.error_injection.burst, enabled: true });
    expect(merged.latency).toEqual({ base_ms: 50, jitter_ms: 0 });
    expect(merged.error_injection.timeout_sec).toEqual([30, 60]);
    expect(merged.error_injection.timeout_sec).not.toBe(DEFAULT_CHAOS_CONFIG.error_injection.timeout_sec);
    expect(DEFAULT_CHAOS_CONFIG.error_injection.rate_limit_pct).toBe(0);
  });

  it('later patches win; undefined leaves a value alone; null replaces (response.mode)', () => {
    const a = mergeChaosConfig(DEFAULT_CHAOS_CONFIG, { response: { mode: 'echo' } }, { response: { mode: undefined } });
    expect(a.response.mode).toBe('echo');
    expect(mergeChaosConfig(a, { response: { mode: null } }).response.mode).toBeNull();
  });

  it('carries unknown keys over (for validation to name) and ignores __proto__', () => {
    const merged = mergeChaosConfig(DEFAULT_CHAOS_CONFIG, JSON.parse('{"latency":{"spike_ms":3},"__proto__":{"polluted":true}}')) as unknown as Record<string, Record<string, unknown>>;
    expect(merged.latency.spike_ms).toBe(3);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(merged.polluted).toBeUndefined();
  });
});

describe('validateChaosConfig: every problem, with its key path', () => {
  it.each([
    ['unknown top-level key', { metrics: {} }, 'metrics', /unknown key/],
    ['unknown nested key', { error_injection: { rate_limt_pct: 5 } }, 'error_injection.rate_limt_pct', /unknown key in error_injection/],
    ['unknown burst key', { error_injection: { burst: { every: 3 } } }, 'error_injection.burst.every', /unknown key/],
    ['percentage over 100', { error_injection: { rate_limit_pct: 150 } }, 'error_injection.rate_limit_pct', /percentage from 0 to 100, got 150/],
    ['negative percentage', { error_injection: { truncated_pct: -1 } }, 'error_injection.truncated_pct', /percentage from 0 to 100, got -1/],
    ['burst percentage over 100', { error_injection: { burst: { capacity_pct: 101 } } }, 'error_injection.burst.capacity_pct', /percentage/],
    ['rate as a string', { error_injection: { rate_limit_pct: '5' } }, 'error_injection.rate_limit_pct', /must be a number, got string '5'/],
    ['latency as a string', { latency: { base_ms: 'fast' } }, 'latency.base_ms', /must be a number/],
    ['negative latency', { latency: { jitter_ms: -5 } }, 'latency.jitter_ms', /must be >= 0, got -5/],
    ['a section as a scalar', { latency: 5 }, 'latency', /must be an object, got number 5/],
    ['a section as null', { error_injection: null }, 'error_injection', /must be an object, got null/],
    ['min > max in a range', { error_injection: { retry_after_sec: [5, 1] } }, 'error_injection.retry_after_sec', /min must not be more than max, got \[5, 1\]/],
    ['a negative range', { error_injection: { timeout_sec: [-1, 3] } }, 'error_injection.timeout_sec', /range of seconds >= 0, got -1/],
    ['a range of three', { error_injection: { slow_response_sec: [1, 2, 3] } }, 'error_injection.slow_response_sec', /\[min, max\] range of two numbers/],
    ['a range as a number', { error_injection: { connection_stall_sec: 30 } }, 'error_injection.connection_stall_sec', /must be a \[min, max\] range, got number 30/],
    ['min_words > max_words', { response: { random: { min_words: 60, max_words: 50 } } }, 'response.random.min_words', /must not be more than max_words \(60 > 50\)/],
    ['min_words not whole', { response: { random: { min_words: 2.5 } } }, 'response.random.min_words', /whole number/],
    ['min_words 0', { response: { random: { min_words: 0 } } }, 'response.random.min_words', /must be >= 1/],
    ['unknown vocabulary', { response: { random: { vocabulary: 'klingon' } } }, 'response.random.vocabulary', /one of english, lorem, got 'klingon'/],
    ['an unknown mode', { response: { mode: 'poetry' } }, 'response.mode', /one of random, echo, template, preset, null, got 'poetry'/],
    ['unknown selection mode', { error_injection: { selection_mode: 'roundrobin' } }, 'error_injection.selection_mode', /one of priority, weighted/],
    ['burst enabled as a string', { error_injection: { burst: { enabled: 'yes' } } }, 'error_injection.burst.enabled', /must be a boolean/],
    ['burst longer than its interval', { error_injection: { burst: { interval_sec: 10, duration_sec: 11 } } }, 'error_injection.burst.duration_sec', /must not be longer than interval_sec \(11 > 10\)/],
    ['burst interval 0', { error_injection: { burst: { interval_sec: 0, duration_sec: 0 } } }, 'error_injection.burst.interval_sec', /greater than 0, got 0/],
    ['burst interval negative', { error_injection: { burst: { interval_sec: -30 } } }, 'error_injection.burst.interval_sec', /greater than 0, got -30/],
  ])('%s', (_name, patch, path, message) => {
    const problems = withPatch(patch);
    expect(problems).toEqual([{ path, message: expect.stringMatching(message) }]);
  });

  it('reports every problem at once, not just the first', () => {
    const problems = withPatch({
      nonsense: 1,
      latency: { base_ms: -1 },
      response: { random: { min_words: 9, max_words: 3 } },
      error_injection: { rate_limit_pct: 101, forbidden_pct: 'x', retry_after_sec: [9, 1], burst: { interval_sec: 5, duration_sec: 6 } },
    });
    expect(problems.map((p) => p.path).sort()).toEqual(
      ['nonsense', 'latency.base_ms', 'response.random.min_words', 'error_injection.rate_limit_pct', 'error_injection.forbidden_pct', 'error_injection.retry_after_sec', 'error_injection.burst.duration_sec'].sort(),
    );
  });

  it('a non-object config is one problem for the whole config', () => {
    expect(validateChaosConfig([1, 2])).toEqual([{ path: '', message: 'the config must be an object, got an array' }]);
    expect(formatChaosProblem({ path: '', message: 'x' })).toBe('x');
    expect(formatChaosProblem({ path: 'a.b', message: 'x', source: '--config f.yaml' })).toBe('a.b: x (from --config f.yaml)');
  });

  it('accepts fractional percentages, weighted totals over 100 and a burst as long as its interval', () => {
    expect(withPatch({ error_injection: { rate_limit_pct: 6.25, capacity_529_pct: 100, internal_error_pct: 100, selection_mode: 'weighted', burst: { interval_sec: 5, duration_sec: 5 } } })).toEqual([]);
  });
});

describe('the JSON schema', () => {
  it('describes every property and closes every object', () => {
    const schema = JSON.parse(readFileSync(CHAOS_SCHEMA_URL, 'utf8'));
    const missing: string[] = [];
    const walk = (node: Record<string, unknown>, path: string) => {
      if (node.type === 'object') {
        if (node.additionalProperties !== false) missing.push(`${path}: not closed`);
        for (const [k, v] of Object.entries(node.properties as Record<string, Record<string, unknown>>)) {
          if (typeof v.description !== 'string' || v.description.length < 10) missing.push(`${path}.${k}: no description`);
          walk(v, `${path}.${k}`);
        }
      }
    };
    walk(schema, '');
    expect(missing).toEqual([]);
    // Every key of the contract's config is in the schema.
    expect(Object.keys(schema.properties.error_injection.properties).sort()).toEqual(Object.keys(DEFAULT_CHAOS_CONFIG.error_injection).sort());
  });
});
