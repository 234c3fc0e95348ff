/**
 * Load chaos' metrics end to end: a server with load chaos and --metrics-db records every
 * request to SQLite in ChaosLLM's schema (read here with plain SQL on the file), /admin/stats
 * answers ChaosLLM's keys from memory, /admin/export streams NDJSON, /admin/reset starts a new
 * run, and a plain fixture server records nothing.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHAOS_OFF_CONFIG, mergeChaosConfig } from '../../src/chaos/config.js';
import { FixtureLoadError, startServer } from '../../src/index.js';
import { silentLogger } from '../../src/log/logger.js';
import { chat, postRaw, startWith, tempDir, type Harness } from '../helpers/server.js';
import { runCli, startCli } from '../helpers/cli.js';

const FIXTURES = { 'f.yaml': 'fixtures:\n  - match: { user_message: "hello" }\n    response: { content: "Hi from a fixture." }\n' };
const N = 40;

let h: Harness | undefined;
let dir: string | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('timed out');
}

const getJson = async (url: string) => (await fetch(url)).json() as Promise<Record<string, any>>;

async function serveWithMetrics() {
  dir = tempDir('llmposter-metrics-');
  const db = join(dir, 'metrics.db');
  h = await startWith(FIXTURES, { chaos: mergeChaosConfig(CHAOS_OFF_CONFIG, { error_injection: { rate_limit_pct: 50 } }), chaosPreset: 'custom', metricsDb: db });
  const statuses: number[] = [];
  for (let i = 0; i < N; i++) statuses.push((await postRaw(`${h.server.url}/v1/chat/completions`, chat('hello'))).status);
  await until(async () => (await getJson(`${h!.server.url}/admin/stats`)).total_requests === N);
  return { db, statuses, url: h.server.url };
}

describe('metrics with load chaos', () => {
  it('every request is a row in the --metrics-db file, outcomes counted as served; timeseries sums to N', async () => {
    const { db, statuses } = await serveWithMetrics();
    const limited = statuses.filter((s) => s === 429).length;
    expect(limited).toBeGreaterThan(0);
    expect(limited).toBeLessThan(N);
    h!.server.metrics!.flush();
    const ro = new Database(db, { readonly: true });
    try {
      expect(ro.prepare('SELECT COUNT(*) AS n FROM requests').get()).toEqual({ n: N });
      const byOutcome = Object.fromEntries((ro.prepare('SELECT outcome, COUNT(*) AS n FROM requests GROUP BY outcome').all() as { outcome: string; n: number }[]).map((r) => [r.outcome, r.n]));
      expect(byOutcome).toEqual({ success: N - limited, error_injected: limited });
      expect(ro.prepare("SELECT COUNT(*) AS n FROM requests WHERE status_code = 429 AND error_type = 'rate_limit'").get()).toEqual({ n: limited });
      const row = ro.prepare("SELECT * FROM requests WHERE outcome = 'success' LIMIT 1").get() as Record<string, unknown>;
      expect(row).toMatchObject({ endpoint: '/v1/chat/completions', model: 'gpt-4o', status_code: 200, error_type: null, message_count: 1, response_mode: 'fixture' });
      expect(row.timestamp_utc).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(ro.prepare('SELECT SUM(requests_total) AS n, SUM(requests_rate_limited) AS rl, SUM(requests_success) AS ok FROM timeseries').get()).toEqual({ n: N, rl: limited, ok: N - limited });
      const run = ro.prepare('SELECT * FROM run_info').all() as Record<string, unknown>[];
      expect(run).toHaveLength(1);
      expect(run[0].preset_name).toBe('custom');
      expect(JSON.parse(run[0].config_json as string).error_injection.rate_limit_pct).toBe(50);
      expect(ro.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      ro.close();
    }
  });

  it('/admin/stats: ChaosLLM keys and counts', async () => {
    const { statuses, url } = await serveWithMetrics();
    const limited = statuses.filter((s) => s === 429).length;
    const s = await getJson(`${url}/admin/stats`);
    expect(Object.keys(s)).toEqual(expect.arrayContaining(['run_id', 'started_utc', 'total_requests', 'requests_by_outcome', 'error_rate', 'success_rate', 'requests_by_status_code', 'latency_stats', 'requests_per_second', 'dropped_records']));
    expect(s.total_requests).toBe(N);
    expect(s.requests_by_outcome).toEqual({ success: N - limited, error_injected: limited });
    expect(s.requests_by_status_code).toEqual({ '200': N - limited, '429': limited });
    expect(s.error_rate).toBeCloseTo((limited / N) * 100, 2);
    expect(s.success_rate).toBeCloseTo((N - limited) / N, 2);
    expect(Object.keys(s.latency_stats).sort()).toEqual(['avg', 'max', 'p50', 'p95', 'p99']);
    expect(s.dropped_records).toBe(0);
  });

  it('/admin/export streams NDJSON: run, N requests, buckets, config', async () => {
    const { url } = await serveWithMetrics();
    const res = await fetch(`${url}/admin/export`);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    const count = (t: string) => lines.filter((l) => l.type === t).length;
    expect(count('run')).toBe(1);
    expect(count('request')).toBe(N);
    expect(lines.filter((l) => l.type === 'bucket').reduce((a, l) => a + l.requests_total, 0)).toBe(N);
    expect(lines.at(-1)).toMatchObject({ type: 'config', config: { error_injection: { rate_limit_pct: 50 } } });
  });

  it('/admin/reset starts a new run: new run_id, empty tables and stats', async () => {
    const { db, url } = await serveWithMetrics();
    const before = (await getJson(`${url}/admin/stats`)).run_id;
    await postRaw(`${url}/admin/reset`, {});
    const after = await getJson(`${url}/admin/stats`);
    expect(after.run_id).not.toBe(before);
    expect(after.total_requests).toBe(0);
    const ro = new Database(db, { readonly: true });
    try {
      expect(ro.prepare('SELECT COUNT(*) AS n FROM requests').get()).toEqual({ n: 0 });
      expect(ro.prepare('SELECT run_id FROM run_info').all()).toEqual([{ run_id: after.run_id }]);
    } finally {
      ro.close();
    }
  });
});

describe('metrics and the admin API', () => {
  it('/admin/config changes run_info.config_json; --admin-token guards /admin/stats and /admin/export', async () => {
    h = await startWith(FIXTURES, { chaos: mergeChaosConfig(CHAOS_OFF_CONFIG, {}), adminToken: 'sekrit' });
    const auth = { authorization: 'Bearer sekrit' };
    expect((await fetch(`${h.server.url}/admin/stats`)).status).toBe(401);
    expect((await fetch(`${h.server.url}/admin/export`)).status).toBe(401);
    expect((await postRaw(`${h.server.url}/admin/config`, { error_injection: { rate_limit_pct: 7 } }, auth)).status).toBe(200);
    const lines = (await (await fetch(`${h.server.url}/admin/export`, { headers: auth })).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(JSON.parse(lines[0].config_json).error_injection.rate_limit_pct).toBe(7);
    expect(lines.at(-1).config.error_injection.rate_limit_pct).toBe(7);
  });
});

describe('metrics off', () => {
  it('a plain fixture server records nothing: /admin/stats says metrics are off', async () => {
    h = await startWith(FIXTURES);
    expect(h.server.metrics).toBeUndefined();
    await h.client.chat.completions.create(chat('hello'));
    const s = await getJson(`${h.server.url}/admin/stats`);
    expect(s.enabled).toBe(false);
    expect(s.hint).toContain('--metrics-db');
    expect(s.total_requests).toBeUndefined();
    expect((await fetch(`${h.server.url}/admin/export`)).status).toBe(404);
  });

  it('metrics: true turns them on in memory without load chaos', async () => {
    h = await startWith(FIXTURES, { metrics: true });
    await h.client.chat.completions.create(chat('hello'));
    await until(async () => (await getJson(`${h!.server.url}/admin/stats`)).total_requests === 1);
    expect((await getJson(`${h.server.url}/admin/stats`)).requests_by_outcome).toEqual({ success: 1 });
  });
});

describe('--metrics-db on the command line', () => {
  it('records to the file; SIGTERM writes what is queued; run_info names the preset', async () => {
    dir = tempDir('llmposter-metrics-cli-');
    const db = join(dir, 'm.db');
    const s = await startCli(['-p', '0', '--no-watch', '--preset', 'silent', '--metrics-db', db]);
    try {
      for (let i = 0; i < 5; i++) expect((await postRaw(`${s.url}/v1/chat/completions`, chat('hi'))).status).toBe(200);
    } finally {
      expect(await s.stop()).toBe(0);
    }
    const ro = new Database(db, { readonly: true });
    try {
      expect(ro.prepare('SELECT outcome, response_mode, COUNT(*) AS n FROM requests GROUP BY outcome, response_mode').all()).toEqual([{ outcome: 'success', response_mode: 'random', n: 5 }]);
      expect(ro.prepare('SELECT preset_name FROM run_info').all()).toEqual([{ preset_name: 'silent' }]);
    } finally {
      ro.close();
    }
  });

  it('a path that cannot be opened exits 2 with one line naming it', async () => {
    const r = await runCli(['-p', '0', '--metrics-db', '/nonexistent-llmposter/x/m.db']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^llmposter: cannot use \/nonexistent-llmposter\/x\/m\.db as the metrics database \(--metrics-db\)/);
  });

  it('a start refused for bad fixtures leaves no metrics database open or created', async () => {
    dir = tempDir('llmposter-metrics-refused-');
    writeFileSync(join(dir, 'bad.yaml'), 'fixtures:\n  - match: { modle: gpt-4o }\n    response: { content: x }\n');
    const db = join(dir, 'metrics.db');
    await expect(startServer({ fixtures: dir, port: 0, metricsDb: db, logger: silentLogger })).rejects.toThrow(FixtureLoadError);
    expect(existsSync(db)).toBe(false);
  });
});
