/**
 * The metrics store on the fake clock: rows go in batches (one transaction per timer tick), the
 * queue is bounded and counts its drops, timeseries buckets count by class with avg/p99, late
 * rows merge into a closed second, and reset starts a new run with empty tables.
 */
import { requestRecord } from '../../helpers/request-record.js';
import { afterEach, describe, expect, it } from '@jest/globals';
import { classify, MetricsDbError, MetricsStore } from '../../../src/metrics/store.js';
import type { RequestRecord } from '../../../src/metrics/record.js';
import { createFakeClock } from '../../../src/time/fake-clock.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const rec = (p: Partial<RequestRecord> = {}) => requestRecord({ arrivedAtMs: T0, ...p });

let store: MetricsStore | undefined;
afterEach(() => {
  store?.close();
  store = undefined;
});

function make(opts: Partial<ConstructorParameters<typeof MetricsStore>[0]> = {}) {
  const clock = createFakeClock();
  store = new MetricsStore({ clock, config: { error_injection: { rate_limit_pct: 5 } }, presetName: 'gentle', ...opts });
  return { clock, store };
}
const count = (s: MetricsStore, sql: string) => (s as unknown as { db: { prepare(q: string): { get(): { n: number } } } }).db.prepare(sql).get().n;
const rows = (s: MetricsStore, sql: string) => (s as unknown as { db: { prepare(q: string): { all(): Record<string, unknown>[] } } }).db.prepare(sql).all();

describe('classify', () => {
  it.each([
    ['chaos:rate_limit', 429, 'completed', 'error_injected', 'rate_limit'],
    ['chaos:connection_reset', 0, 'disconnected', 'error_injected', 'connection_reset'],
    ['chaos:invalid_json', 200, 'completed', 'error_malformed', 'invalid_json'],
    ['chaos:slow_response', 200, 'completed', 'success', null],
    ['response', 200, 'completed', 'success', null],
    ['generated:random', 200, 'completed', 'success', null],
    ['no_match', 404, 'completed', 'error_injected', 'no_match'],
    ['stream_truncated', 200, 'completed', 'error_injected', 'stream_truncated'],
    ['response', 200, 'client_closed', 'error_injected', 'client_closed'],
    ['corrupt_body', 200, 'completed', 'error_malformed', 'corrupt_body'],
  ] as const)('%s %s %s -> %s (%s)', (outcome, status, end, want, type) => {
    expect(classify({ outcome, status, end, fixtureId: null })).toMatchObject({ outcome: want, errorType: type });
  });
  it('an error:<status> is a fixture_error when a fixture answered, else a request_error', () => {
    expect(classify({ outcome: 'error:500', status: 500, end: 'completed', fixtureId: 'f.yaml#1' }).errorType).toBe('fixture_error');
    expect(classify({ outcome: 'error:400', status: 400, end: 'completed', fixtureId: null }).errorType).toBe('request_error');
  });
});

describe('MetricsStore', () => {
  it('writes nothing on record(); the timer writes the whole queue in one transaction', () => {
    const { clock, store } = make();
    for (let i = 0; i < 50; i++) store.record(rec());
    expect(count(store, 'SELECT COUNT(*) AS n FROM requests')).toBe(0);
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(99);
    expect(count(store, 'SELECT COUNT(*) AS n FROM requests')).toBe(0);
    clock.advance(1);
    expect(count(store, 'SELECT COUNT(*) AS n FROM requests')).toBe(50);
    expect(store.transactions).toBe(1);
    expect(clock.pendingTimers()).toBe(0);
    for (let i = 0; i < 10; i++) store.record(rec());
    clock.advance(100);
    expect(store.transactions).toBe(2);
    expect(count(store, 'SELECT COUNT(*) AS n FROM requests')).toBe(60);
  });

  it('maps a record to a row in ChaosLLM columns', () => {
    const { store } = make();
    store.record(rec({ requestId: 'a', outcome: 'chaos:connection_reset', status: 0, end: 'disconnected', latencyMs: 12.34567, injectedDelayMs: 3, responseMode: null, fixtureId: null }));
    store.flush();
    expect(rows(store, 'SELECT * FROM requests')).toEqual([
      {
        request_id: 'a',
        timestamp_utc: '2026-01-01T12:00:00.000Z',
        endpoint: '/v1/chat/completions',
        deployment: null,
        model: 'gpt-4o',
        outcome: 'error_injected',
        status_code: null,
        error_type: 'connection_reset',
        latency_ms: 12.346,
        injected_delay_ms: 3,
        message_count: 1,
        prompt_tokens_approx: 5,
        response_tokens: 7,
        response_mode: null,
      },
    ]);
  });

  it('bounds the queue: beyond maxQueue rows are dropped and counted (stats still count them)', () => {
    const { store } = make({ maxQueue: 5 });
    for (let i = 0; i < 8; i++) store.record(rec());
    store.flush();
    expect(count(store, 'SELECT COUNT(*) AS n FROM requests')).toBe(5);
    expect(store.stats()).toMatchObject({ total_requests: 8, dropped_records: 3 });
  });

  it('timeseries: one row per second, counts by class, avg and p99 of the second', () => {
    const { store } = make();
    for (let i = 1; i <= 100; i++) store.record(rec({ latencyMs: i }));
    store.record(rec({ outcome: 'chaos:rate_limit', status: 429, latencyMs: 1 }));
    store.record(rec({ outcome: 'chaos:capacity_529', status: 529, latencyMs: 1 }));
    store.record(rec({ outcome: 'chaos:internal_error', status: 500, latencyMs: 1 }));
    store.record(rec({ outcome: 'chaos:connection_reset', status: 0, end: 'disconnected', latencyMs: 1 }));
    store.record(rec({ outcome: 'chaos:truncated', status: 200, latencyMs: 1, arrivedAtMs: T0 + 1500 }));
    store.flush();
    // A second batch for the same (still open) second: merged with the samples in memory.
    store.record(rec({ latencyMs: 1000 }));
    store.flush();
    expect(rows(store, 'SELECT * FROM timeseries ORDER BY bucket_utc')).toEqual([
      {
        bucket_utc: '2026-01-01T12:00:00Z',
        requests_total: 105,
        requests_success: 101,
        requests_rate_limited: 1,
        requests_capacity_error: 1,
        requests_server_error: 2,
        requests_malformed: 0,
        avg_latency_ms: Math.round(((5050 + 4 + 1000) / 105) * 1000) / 1000,
        p99_latency_ms: 100,
      },
      {
        bucket_utc: '2026-01-01T12:00:01Z',
        requests_total: 1,
        requests_success: 0,
        requests_rate_limited: 0,
        requests_capacity_error: 0,
        requests_server_error: 0,
        requests_malformed: 1,
        avg_latency_ms: 1,
        p99_latency_ms: 1,
      },
    ]);
  });

  it('a late row for a closed second merges into its row (counts added, average weighed)', () => {
    const { store } = make({ openBucketSec: 10 });
    store.record(rec({ latencyMs: 10 }));
    store.flush();
    store.record(rec({ latencyMs: 10, arrivedAtMs: T0 + 60_000 }));
    store.flush();
    store.record(rec({ latencyMs: 30 }));
    store.flush();
    expect(rows(store, "SELECT requests_total AS t, requests_success AS s, avg_latency_ms AS a, p99_latency_ms AS p FROM timeseries WHERE bucket_utc = '2026-01-01T12:00:00Z'")).toEqual([{ t: 2, s: 2, a: 20, p: 30 }]);
  });

  it('stats: ChaosLLM keys from the running aggregates', () => {
    const { clock, store } = make();
    for (let i = 1; i <= 8; i++) store.record(rec({ latencyMs: i * 10 }));
    store.record(rec({ outcome: 'chaos:rate_limit', status: 429, latencyMs: 5 }));
    store.record(rec({ outcome: 'chaos:invalid_json', status: 200, latencyMs: 5 }));
    clock.advance(2000);
    const s = store.stats();
    expect(s).toMatchObject({
      enabled: true,
      total_requests: 10,
      requests_by_outcome: { success: 8, error_injected: 1, error_malformed: 1 },
      requests_by_error_type: { rate_limit: 1, invalid_json: 1 },
      error_rate: 20,
      success_rate: 0.8,
      requests_by_status_code: { '200': 9, '429': 1 },
      latency_stats: { avg: 37, p50: 30, p95: 80, p99: 80, max: 80 },
      requests_per_second: 5,
      dropped_records: 0,
    });
    expect(s.run_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('run_info: one row with the config and the preset; reset = new run id, empty tables and stats', () => {
    const { store } = make();
    expect(rows(store, 'SELECT preset_name, config_json FROM run_info')).toEqual([{ preset_name: 'gentle', config_json: '{"error_injection":{"rate_limit_pct":5}}' }]);
    store.record(rec());
    store.flush();
    store.record(rec()); // queued, belongs to the old run
    const before = store.stats().run_id;
    store.reset();
    store.flush();
    expect(store.stats().run_id).not.toBe(before);
    expect(store.stats().total_requests).toBe(0);
    expect(count(store, 'SELECT COUNT(*) AS n FROM requests')).toBe(0);
    expect(count(store, 'SELECT COUNT(*) AS n FROM timeseries')).toBe(0);
    expect(rows(store, 'SELECT run_id FROM run_info')).toEqual([{ run_id: store.stats().run_id }]);
    store.setConfig({ x: 1 });
    expect(rows(store, 'SELECT config_json FROM run_info')).toEqual([{ config_json: '{"x":1}' }]);
  });

  it('exportPages flushes first and yields run, requests, buckets, config', () => {
    const { store } = make();
    for (let i = 0; i < 25; i++) store.record(rec());
    const lines = [...store.exportPages(10)].flat();
    const types = lines.map((l) => l.type);
    expect(types.filter((t) => t === 'run')).toHaveLength(1);
    expect(types.filter((t) => t === 'request')).toHaveLength(25);
    expect(types.filter((t) => t === 'bucket')).toHaveLength(1);
    expect(types.at(-1)).toBe('config');
    expect(new Set(lines.filter((l) => l.type === 'request').map((l) => l.request_id)).size).toBe(25);
  });

  it('close writes what is queued; record after close is ignored', () => {
    const { store: s } = make();
    s.record(rec());
    s.close();
    expect(() => s.record(rec())).not.toThrow();
    store = undefined;
  });
});

describe('opening the database', () => {
  it('a path that cannot be opened is a MetricsDbError naming the path', () => {
    expect(() => new MetricsStore({ path: '/nonexistent-dir/x/metrics.db', clock: createFakeClock(), config: {} })).toThrow(MetricsDbError);
    expect(() => new MetricsStore({ path: '/nonexistent-dir/x/metrics.db', clock: createFakeClock(), config: {} })).toThrow(/nonexistent-dir.*--metrics-db/);
  });
});
