/**
 * The load-testing story end to end: the `stress_aimd` preset under an OpenAI SDK load. Its
 * burst (80% 429s and 50% 529s for 5 s of every 30, from the first request) shows in
 * /admin/stats, in the SQLite `timeseries` table and in /metrics; outside the burst the
 * preset's own rates (15% 429, 5% 529) apply. The burst runs on an injected clock, and the
 * preset's latency (and its slow responses) are set to 0 so the test does not sleep.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { mergeChaosConfig } from '../../src/chaos/config.js';
import { loadPreset } from '../../src/chaos/presets.js';
import { createFakeClock } from '../../src/time/fake-clock.js';
import { chat, startWith, tempDir, type Harness } from '../helpers/server.js';

let h: Harness | undefined;
let dir: string | undefined;
afterEach(async () => {
  await h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  h = undefined;
});

/** `n` requests through the SDK, 20 at a time; the status of each (200 or the error's). */
async function load(client: OpenAI, n: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i += 20) {
    const batch = Array.from({ length: Math.min(20, n - i) }, () =>
      client.chat.completions.create(chat('hello')).then(
        () => 200,
        (e: unknown) => (e instanceof OpenAI.APIError && e.status !== undefined ? e.status : -1),
      ),
    );
    statuses.push(...(await Promise.all(batch)));
  }
  return statuses;
}

const share = (xs: number[], status: number) => xs.filter((s) => s === status).length / xs.length;

describe('--preset stress_aimd under an SDK load', () => {
  it('bursts show in /admin/stats, the timeseries table and /metrics', async () => {
    dir = tempDir('llmposter-aimd-');
    const db = join(dir, 'metrics.db');
    const clock = createFakeClock();
    // Everything that waits on the (fake) clock is off: the latency and the preset's 0.5%
    // slow responses, whose seconds would only pass when the test advanced the clock.
    const chaos = mergeChaosConfig(loadPreset('stress_aimd'), { latency: { base_ms: 0, jitter_ms: 0 }, error_injection: { slow_response_pct: 0 } });
    h = await startWith({ 'f.yaml': 'fixtures:\n  - response: { content: "ok" }\n' }, { clock, chaos, chaosPreset: 'stress_aimd', metricsDb: db });

    const inBurst = await load(h.client, 200);
    // The burst replaces the rates: 80% 429 first, then 50% 529 of the rest.
    expect(share(inBurst, 429)).toBeGreaterThan(0.7);
    expect(share(inBurst, 200)).toBeLessThan(0.2);
    const health = (await (await fetch(`${h.server.url}/health`)).json()) as { chaos: { in_burst: boolean } };
    expect(health.chaos.in_burst).toBe(true);

    clock.advance(6_000);
    const after = await load(h.client, 200);
    expect(share(after, 429)).toBeGreaterThan(0.08);
    expect(share(after, 429)).toBeLessThan(0.25);
    expect(share(after, 200)).toBeGreaterThan(0.65);

    const stats = (await (await fetch(`${h.server.url}/admin/stats`)).json()) as { total_requests: number; requests_by_status_code: Record<string, number> };
    expect(stats.total_requests).toBe(400);
    expect(stats.requests_by_status_code['429']).toBe(inBurst.concat(after).filter((s) => s === 429).length);

    h.server.metrics!.flush();
    const sql = new Database(db, { readonly: true });
    try {
      const t = sql.prepare('SELECT SUM(requests_total) AS total, SUM(requests_rate_limited) AS limited FROM timeseries').get() as { total: number; limited: number };
      expect(t.total).toBe(400);
      expect(t.limited).toBe(stats.requests_by_status_code['429']);
      const run = sql.prepare('SELECT preset_name FROM run_info').get() as { preset_name: string };
      expect(run.preset_name).toBe('stress_aimd');
    } finally {
      sql.close();
    }
    const prom = await (await fetch(`${h.server.url}/metrics`)).text();
    expect(prom).toContain(`llmposter_injected_faults_total{fault="rate_limit"} ${stats.requests_by_status_code['429']}`);
    expect(prom).toContain('llmposter_burst_active 0');
  });
});
