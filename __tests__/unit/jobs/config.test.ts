import { describe, it, expect } from '@jest/globals';
import { Command } from 'commander';
import { DEFAULT_JOBS_CONFIG, JobsConfigError, formatWeights, parseWeights, resolveJobsConfig } from '../../../src/jobs/config.js';
import { addJobsOptions, jobsOverridesFromOptions } from '../../../src/jobs/cli-options.js';

const parseFlags = (argv: string[]) => {
  const cmd = addJobsOptions(new Command('serve').exitOverride());
  cmd.parse(argv, { from: 'user' });
  return jobsOverridesFromOptions(cmd.opts());
};

const expectConfigError = (fn: () => unknown, ...fragments: string[]) => {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(JobsConfigError);
  for (const f of fragments) expect((caught as Error).message).toContain(f);
};

describe('jobs config: defaults (seed 002)', () => {
  it('matches dummyLLM when nothing is set', () => {
    const cfg = resolveJobsConfig({});
    expect(cfg).toEqual(DEFAULT_JOBS_CONFIG);
    expect(cfg.mode).toBe('ok');
    expect(cfg.latencyMs).toBe(250);
    expect(cfg.seed).toBe(1337);
    expect(formatWeights(cfg.weights)).toBe('ok=70,echo=10,slow=10,fail=5,hang=3,timeout=2,flaky=0');
    expect(cfg.enforceTimeout).toBe(false);
    expect(cfg.dbPath).toBeNull();
    expect(cfg.maxJobs).toBe(10_000);
  });

  it('treats empty env values as unset, like dummyLLM', () => {
    expect(resolveJobsConfig({ env: { DUMMYLLM_MODE: '  ', DUMMYLLM_SEED: '' } })).toEqual(DEFAULT_JOBS_CONFIG);
  });
});

describe('jobs config: env, then flags / programmatic overrides', () => {
  const env = { DUMMYLLM_MODE: 'random', DUMMYLLM_RANDOM_WEIGHTS: 'ok=1,fail=1', DUMMYLLM_LATENCY_MS: '40', DUMMYLLM_SEED: '7' };

  it('reads every DUMMYLLM_* variable', () => {
    const cfg = resolveJobsConfig({ env });
    expect(cfg.mode).toBe('random');
    expect(cfg.weights).toEqual({ ok: 1, echo: 0, slow: 0, fail: 1, hang: 0, timeout: 0, flaky: 0 });
    expect(cfg.latencyMs).toBe(40);
    expect(cfg.seed).toBe(7);
  });

  it('flags win over env, one setting at a time', () => {
    const flags = parseFlags(['--jobs-mode', 'echo', '--jobs-latency-ms', '5', '--jobs-weights', 'hang=3', '--jobs-seed', '99']);
    const cfg = resolveJobsConfig({ env, overrides: flags });
    expect(cfg).toMatchObject({ mode: 'echo', latencyMs: 5, seed: 99, weights: { hang: 3, ok: 0, fail: 0 } });
    // Only the mode flag: the rest still comes from env.
    const partial = resolveJobsConfig({ env, overrides: parseFlags(['--jobs-mode', 'slow']) });
    expect(partial).toMatchObject({ mode: 'slow', latencyMs: 40, seed: 7, weights: { ok: 1, fail: 1 } });
  });

  it('unset flags do not override env', () => {
    expect(parseFlags([])).toEqual({});
    expect(resolveJobsConfig({ env, overrides: parseFlags([]) })).toMatchObject({ mode: 'random', seed: 7 });
  });

  it('parses the extra flags', () => {
    const flags = parseFlags(['--jobs-enforce-timeout', '--jobs-db', '/tmp/x.json', '--jobs-max', '12', '--jobs-queue-ms', '30', '--jobs-flush-ms', '5']);
    expect(resolveJobsConfig({ overrides: flags })).toMatchObject({ enforceTimeout: true, dbPath: '/tmp/x.json', maxJobs: 12, queueMs: 30, flushIntervalMs: 5 });
  });

  it('takes typed programmatic values, including a weights object', () => {
    const cfg = resolveJobsConfig({ overrides: { mode: 'RANDOM', weights: { echo: 2, flaky: 1 }, latencyMs: 0, seed: 0, enforceTimeout: true, maxJobs: 1 } });
    expect(cfg).toMatchObject({ mode: 'random', latencyMs: 0, seed: 0, enforceTimeout: true, maxJobs: 1 });
    expect(cfg.weights).toEqual({ ok: 0, echo: 2, slow: 0, fail: 0, hang: 0, timeout: 0, flaky: 1 });
  });

  it('accepts all-zero weights (random then picks ok)', () => {
    expect(resolveJobsConfig({ env: { DUMMYLLM_RANDOM_WEIGHTS: 'ok=0,fail=0' } }).weights.ok).toBe(0);
  });
});

describe('jobs config: invalid values stop startup with a clear message', () => {
  it('unknown mode names the source and the allowed modes', () => {
    expectConfigError(() => resolveJobsConfig({ env: { DUMMYLLM_MODE: 'fast' } }), 'DUMMYLLM_MODE', "'fast'", 'ok, echo, slow, fail, hang, timeout, flaky, random');
    expectConfigError(() => resolveJobsConfig({ overrides: parseFlags(['--jobs-mode', 'nope']) }), '--jobs-mode', "'nope'");
  });

  it.each([
    ['ok=70,okk=3', "unknown mode 'okk'"],
    ['ok', 'is not mode=weight'],
    ['ok=-1', "weight for 'ok' must be an integer >= 0, got '-1'"],
    ['ok=1.5', "weight for 'ok'"],
    ['ok=abc', "weight for 'ok'"],
    ['ok=1,ok=2', "'ok' is given twice"],
    ['random=5', "unknown mode 'random'"],
  ])('weights %j -> %s', (spec, fragment) => {
    expectConfigError(() => resolveJobsConfig({ env: { DUMMYLLM_RANDOM_WEIGHTS: spec } }), 'DUMMYLLM_RANDOM_WEIGHTS', fragment);
    expectConfigError(() => resolveJobsConfig({ overrides: { weights: spec } }), '--jobs-weights');
  });

  it.each([
    [{ DUMMYLLM_LATENCY_MS: '-5' }, 'DUMMYLLM_LATENCY_MS'],
    [{ DUMMYLLM_LATENCY_MS: 'fast' }, 'DUMMYLLM_LATENCY_MS'],
    [{ DUMMYLLM_LATENCY_MS: '2.5' }, 'DUMMYLLM_LATENCY_MS'],
    [{ DUMMYLLM_SEED: 'abc' }, 'DUMMYLLM_SEED'],
    [{ DUMMYLLM_SEED: '-1' }, 'DUMMYLLM_SEED'],
    [{ DUMMYLLM_SEED: '4294967296' }, 'DUMMYLLM_SEED'],
  ])('env %j is refused', (env, source) => {
    expectConfigError(() => resolveJobsConfig({ env }), source);
  });

  it.each([
    [['--jobs-latency-ms', 'x'], '--jobs-latency-ms'],
    [['--jobs-seed', '1e3'], '--jobs-seed'],
    [['--jobs-max', '0'], '--jobs-max'],
    [['--jobs-queue-ms', '-1'], '--jobs-queue-ms'],
    [['--jobs-flush-ms', '999999'], '--jobs-flush-ms'],
  ])('flags %j are refused', (argv, source) => {
    expectConfigError(() => resolveJobsConfig({ overrides: parseFlags(argv) }), source);
  });

  it('refuses a non-boolean enforceTimeout and a non-spec weights value', () => {
    expectConfigError(() => resolveJobsConfig({ overrides: { enforceTimeout: 'maybe' } }), 'true or false');
    expect(() => parseWeights(42 as unknown as string)).toThrow(JobsConfigError);
  });
});
