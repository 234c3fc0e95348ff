import { describe, expect, it } from '@jest/globals';
import { createFakeClock } from '../../../src/time/fake-clock.js';
import { LiveStats, OTHER_MODELS } from '../../../src/metrics/live-stats.js';

/** One request from start to end, `ms` long on the fake clock. */
function request(stats: LiveStats, clock: ReturnType<typeof createFakeClock>, o: { model?: string; stream?: boolean; status?: number; ms?: number; prompt?: number; completion?: number } = {}) {
  stats.begin(o.model ?? 'm', o.stream ?? false);
  clock.advance(o.ms ?? 0);
  stats.end(o.stream ?? false, o.status ?? 200, false, o.prompt ?? 0, o.completion ?? 0, o.ms ?? 0);
}

describe('LiveStats', () => {
  it('counts requests, streams, tokens and errors by kind', () => {
    const clock = createFakeClock();
    const s = new LiveStats(clock);
    request(s, clock, { prompt: 10, completion: 5 });
    request(s, clock, { stream: true, prompt: 3, completion: 7 });
    for (const status of [429, 500, 503, 529, 504, 404]) request(s, clock, { status });
    s.begin('m', false);
    s.end(false, 0, true, 0, 0, 0);
    expect(s.snapshot()).toMatchObject({
      total_requests: 9,
      active_requests: 0,
      active_streams: 0,
      streaming_requests: 1,
      non_streaming_requests: 8,
      prompt_tokens: 13,
      completion_tokens: 12,
      total_tokens: 25,
      total_errors: 7,
      rate_limit_errors: 1,
      server_errors: 3,
      timeout_errors: 1,
      model_requests: { m: 9 },
    });
  });

  it('active requests and streams are those begun and not yet ended', () => {
    const clock = createFakeClock();
    const s = new LiveStats(clock);
    s.begin('m', true);
    s.begin('m', false);
    expect(s.snapshot()).toMatchObject({ active_requests: 2, active_streams: 1 });
    s.end(true, 200, false, 0, 0, 0);
    expect(s.snapshot()).toMatchObject({ active_requests: 1, active_streams: 0 });
  });

  it('latency: average, min, max over all; p50 and p99 over the last 1,024', () => {
    const clock = createFakeClock();
    const s = new LiveStats(clock);
    expect(s.snapshot()).toMatchObject({ avg_latency_ms: 0, min_latency_ms: null, max_latency_ms: null, p50_latency_ms: null, p99_latency_ms: null });
    for (let ms = 1; ms <= 100; ms++) request(s, clock, { ms });
    expect(s.snapshot()).toMatchObject({ avg_latency_ms: 50.5, min_latency_ms: 1, max_latency_ms: 100, p50_latency_ms: 50, p99_latency_ms: 99 });
    // 1,024 more at 7 ms push the earlier ones out of the percentile window, not out of min/max.
    for (let i = 0; i < 1024; i++) request(s, clock, { ms: 7 });
    expect(s.snapshot()).toMatchObject({ min_latency_ms: 1, max_latency_ms: 100, p50_latency_ms: 7, p99_latency_ms: 7 });
  });

  it('requests per second: the last 60 s over the seconds they span', () => {
    const clock = createFakeClock();
    const s = new LiveStats(clock);
    for (let i = 0; i < 6; i++) request(s, clock);
    expect(s.snapshot().requests_per_second).toBe(6);
    clock.advance(1000);
    for (let i = 0; i < 2; i++) request(s, clock);
    expect(s.snapshot().requests_per_second).toBe(4);
    clock.advance(59_000);
    // Second 0 has left the window; second 1 is 59 s old.
    expect(s.snapshot().requests_per_second).toBeCloseTo(2 / 60, 3);
    clock.advance(1000);
    expect(s.snapshot().requests_per_second).toBe(0);
    // A bucket is reused a minute later without its old count.
    request(s, clock);
    expect(s.snapshot().requests_per_second).toBe(1);
    expect(s.snapshot().uptime_secs).toBe(61);
  });

  it('keeps at most 128 model names (cut to 128 characters); the rest count under __other__', () => {
    const clock = createFakeClock();
    const s = new LiveStats(clock);
    for (let i = 0; i < 200; i++) request(s, clock, { model: `model-${i}` });
    request(s, clock, { model: 'model-3' });
    request(s, clock, { model: 'x'.repeat(500) });
    const models = s.snapshot().model_requests;
    expect(Object.keys(models)).toHaveLength(129);
    expect(models['model-3']).toBe(2);
    expect(models[OTHER_MODELS]).toBe(73);
    const s2 = new LiveStats(clock);
    request(s2, clock, { model: 'x'.repeat(500) });
    expect(Object.keys(s2.snapshot().model_requests)).toEqual(['x'.repeat(128)]);
  });

  it('reset starts afresh but keeps what is in flight', () => {
    const clock = createFakeClock();
    const s = new LiveStats(clock);
    request(s, clock, { prompt: 5 });
    s.begin('m', true);
    clock.advance(5000);
    s.reset();
    expect(s.snapshot()).toMatchObject({ total_requests: 0, prompt_tokens: 0, active_requests: 1, active_streams: 1, uptime_secs: 0, requests_per_second: 0, model_requests: {} });
    s.end(true, 200, false, 0, 0, 1);
    expect(s.snapshot()).toMatchObject({ active_requests: 0, active_streams: 0 });
  });
});
