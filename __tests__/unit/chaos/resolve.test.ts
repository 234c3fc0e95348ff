/** Precedence (defaults < preset < --config < flags), config files, the runtime store and the flag parsing. */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { addChaosOptions, chaosChoiceFromOptions } from '../../../src/chaos/cli-options.js';
import { ChaosConfigError, CHAOS_OFF_CONFIG, DEFAULT_CHAOS_CONFIG } from '../../../src/chaos/config.js';
import { ChaosConfigStore } from '../../../src/chaos/config-store.js';
import { readChaosConfigFile, resolveChaosConfig, resolveChaosStart } from '../../../src/chaos/resolve.js';
import type { ChaosConfig } from '../../../src/chaos/types.js';

const dir = mkdtempSync(join(tmpdir(), 'llmposter-chaos-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const problemsOf = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    if (err instanceof ChaosConfigError) return err.problems;
    throw err;
  }
  throw new Error('did not throw');
};

describe('resolveChaosConfig', () => {
  it('nothing given = the built-in defaults', () => {
    expect(resolveChaosConfig({})).toEqual(DEFAULT_CHAOS_CONFIG);
  });

  it('preset < config file < flags, key by key', () => {
    const cfg = file('p.yaml', 'error_injection:\n  rate_limit_pct: 30\n  capacity_529_pct: 9\nlatency:\n  base_ms: 7\n');
    const c = resolveChaosConfig({ preset: 'gentle', configFile: cfg, flags: { error_injection: { rate_limit_pct: 25 } } });
    expect(c.error_injection.rate_limit_pct).toBe(25); // flag over file over preset
    expect(c.error_injection.capacity_529_pct).toBe(9); // file over preset
    expect(c.latency).toEqual({ base_ms: 7, jitter_ms: 20 }); // file's base, preset's jitter
    expect(c.error_injection.service_unavailable_pct).toBe(0.5); // preset
    expect(c.error_injection.connection_stall_sec).toEqual([30, 60]); // default
    expect(Object.isFrozen(c)).toBe(true);
  });

  it("reads ChaosLLM's full YAML structure; its server and metrics sections become start-up settings", () => {
    const cfg = file(
      'chaosllm.yaml',
      'server:\n  host: "127.0.0.1"\n  port: 8000\nmetrics:\n  database: "./m.db"\n  timeseries_bucket_sec: 1\nresponse:\n  mode: random\n  random:\n    min_words: 10\n    max_words: 100\n    vocabulary: english\nlatency:\n  base_ms: 50\n  jitter_ms: 30\nerror_injection:\n  rate_limit_pct: 15\n  retry_after_sec: [1, 5]\n  burst:\n    enabled: true\n    interval_sec: 30\n    duration_sec: 5\n    rate_limit_pct: 80\n    capacity_pct: 50\n',
    );
    const { config, settings } = resolveChaosStart({ configFile: cfg });
    expect(config.error_injection.rate_limit_pct).toBe(15);
    expect(config.response.mode).toBe('random');
    expect(settings).toEqual({ host: '127.0.0.1', port: 8000, metricsDb: './m.db' });
    expect(config).not.toHaveProperty('server');
  });

  it('checks the server and metrics sections, naming the key and the file', () => {
    const cfg = file('start.yaml', 'server:\n  port: 70000\n  hots: x\nmetrics:\n  database: 3\n  timeseries_bucket_sec: 5\n');
    expect(problemsOf(() => resolveChaosStart({ configFile: cfg }))).toEqual([
      { path: 'server.hots', message: 'unknown key in server (known: host, port)', source: `--config ${cfg}` },
      { path: 'server.port', message: 'must be a port number from 0 to 65535, got 70000', source: `--config ${cfg}` },
      { path: 'metrics.database', message: 'must be a file path', source: `--config ${cfg}` },
      { path: 'metrics.timeseries_bucket_sec', message: "llmposter's timeseries buckets are 1 second (ChaosLLM's default); set 1 or leave it out, got 5", source: `--config ${cfg}` },
    ]);
  });

  it('names the key and where the bad value came from', () => {
    const cfg = file('bad.yaml', 'error_injection:\n  rate_limit_pct: 150\n  bogus: 1\n');
    expect(problemsOf(() => resolveChaosConfig({ preset: 'chaos', configFile: cfg }))).toEqual([
      { path: 'error_injection.bogus', message: 'unknown key in error_injection', source: `--config ${cfg}` },
      { path: 'error_injection.rate_limit_pct', message: 'must be a percentage from 0 to 100, got 150', source: `--config ${cfg}` },
    ]);
    // A flag that makes the preset's burst longer than its interval: the flag is named.
    const p = problemsOf(() => resolveChaosConfig({ preset: 'chaos', flags: { error_injection: { burst: { duration_sec: 30 } } } }));
    expect(p).toEqual([{ path: 'error_injection.burst.duration_sec', message: 'must not be longer than interval_sec (30 > 20)', source: 'the command line' }]);
  });

  it('an unreadable, non-YAML or non-mapping file is one clear problem; an empty file sets nothing', () => {
    expect(problemsOf(() => resolveChaosConfig({ configFile: join(dir, 'nope.yaml') }))[0].message).toMatch(/nope\.yaml: cannot read it \(no such file\)/);
    expect(problemsOf(() => readChaosConfigFile(file('broken.yaml', 'latency: [1,\n')))[0].message).toMatch(/broken\.yaml:\d+:\d+: not valid YAML/);
    expect(problemsOf(() => readChaosConfigFile(file('list.yaml', '- 1\n- 2\n')))[0].message).toMatch(/must be a YAML mapping/);
    expect(resolveChaosConfig({ configFile: file('empty.yaml', '') })).toEqual(DEFAULT_CHAOS_CONFIG);
  });
});

describe('ChaosConfigStore', () => {
  it('starts with chaos off, or with a given config completed by the defaults', () => {
    expect(new ChaosConfigStore().get()).toEqual(CHAOS_OFF_CONFIG);
    const partial = { error_injection: { rate_limit_pct: 5 } } as unknown as ChaosConfig;
    expect(new ChaosConfigStore(partial).get().error_injection.timeout_sec).toEqual([30, 60]);
    expect(() => new ChaosConfigStore({ latency: { base_ms: -1 } } as unknown as ChaosConfig)).toThrow(ChaosConfigError);
  });

  it('update deep-merges, validates, tells listeners; a failed update changes nothing', () => {
    const store = new ChaosConfigStore();
    const heard: [number, number][] = [];
    const off = store.onChange((c, prev) => heard.push([c.error_injection.rate_limit_pct, prev.error_injection.rate_limit_pct]));
    const r = store.update({ error_injection: { rate_limit_pct: 10 } });
    expect(r).toEqual({ ok: true, config: store.get() });
    expect(store.get().error_injection.rate_limit_pct).toBe(10);
    expect(store.get().latency).toEqual({ base_ms: 0, jitter_ms: 0 });
    const before = store.get();
    const bad = store.update({ error_injection: { rate_limit_pct: 20, retry_after_sec: [3, 1] }, extra: true });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems.map((p) => p.path)).toEqual(['extra', 'error_injection.retry_after_sec']);
    expect(store.get()).toBe(before);
    expect(store.update([]).ok).toBe(false);
    expect(store.update(null).ok).toBe(false);
    off();
    store.update({ error_injection: { rate_limit_pct: 30 } });
    expect(heard).toEqual([[10, 0]]);
    expect(Object.isFrozen(store.get().error_injection)).toBe(true);
  });
});

describe('chaos CLI flags', () => {
  const parse = (args: string[]) => {
    const cmd = addChaosOptions(new Command('serve').exitOverride().configureOutput({ writeErr: () => {} }));
    cmd.parse(args, { from: 'user' });
    return chaosChoiceFromOptions(cmd.opts());
  };

  it('no chaos flag = nothing given', () => {
    expect(parse([])).toEqual({ preset: undefined, configFile: undefined, flags: {}, given: false });
  });

  it('each rate flag sets its key; latency, modes and burst flags too', () => {
    const choice = parse([
      '--preset', 'realistic', '--config', 'x.yaml', '--rate-limit-pct', '25', '--capacity-529-pct', '6.25', '--wrong-content-type-pct', '0',
      '--latency-base-ms', '5', '--latency-jitter-ms', '0', '--response-mode', 'echo', '--selection-mode', 'weighted',
      '--burst', '--burst-interval-sec', '10', '--burst-duration-sec', '2.5',
    ]);
    expect(choice).toEqual({
      preset: 'realistic',
      configFile: 'x.yaml',
      given: true,
      flags: {
        response: { mode: 'echo' },
        latency: { base_ms: 5, jitter_ms: 0 },
        error_injection: { rate_limit_pct: 25, capacity_529_pct: 6.25, wrong_content_type_pct: 0, selection_mode: 'weighted', burst: { enabled: true, interval_sec: 10, duration_sec: 2.5 } },
      },
    });
    expect(parse(['--no-burst']).flags).toEqual({ error_injection: { burst: { enabled: false } } });
  });

  it.each([
    ['--rate-limit-pct', '150', /error_injection\.rate_limit_pct must be a percentage from 0 to 100/],
    ['--not-found-pct', 'lots', /error_injection\.not_found_pct must be a percentage/],
    ['--latency-base-ms', '-5', /latency\.base_ms must be a number >= 0/],
    ['--burst-interval-sec', '0', /error_injection\.burst\.interval_sec must be a number greater than 0/],
    ['--preset', 'mild', /Allowed choices are gentle/],
    ['--response-mode', 'poetry', /Allowed choices are random, echo, template, preset/],
  ])('%s %s is a usage error naming the key', (flag, value, message) => {
    expect(() => parse([flag, value])).toThrow(message);
  });
});
