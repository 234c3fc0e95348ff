import { describe, expect, it } from '@jest/globals';
import { PrometheusMetrics } from '../../../src/metrics/prometheus.js';
import { requestRecord } from '../../helpers/request-record.js';

const base = requestRecord({ latencyMs: 30, promptTokens: 8, responseTokens: 3 });

describe('PrometheusMetrics', () => {
  it('counts requests by route pattern, provider, status and outcome; faults; fixture lookups; durations', async () => {
    let burst = true;
    const m = new PrometheusMetrics({ inBurst: () => burst, droppedRecords: () => 7 });
    m.record(base);
    m.record(base);
    m.record({ ...base, outcome: 'chaos:rate_limit', status: 429, fixtureId: null, responseMode: null });
    m.record({ ...base, outcome: 'chaos:connection_reset', status: 0, end: 'disconnected', fixtureId: null, responseMode: null });
    m.record({ ...base, endpoint: '/v1beta/models/{model}:generateContent', provider: 'gemini', outcome: 'no_match', status: 404, fixtureId: null, latencyMs: 2000 });
    m.record({ ...base, outcome: 'generated:echo', fixtureId: null, responseMode: 'echo' });
    const { contentType, body } = await m.scrape();
    expect(contentType).toMatch(/^text\/plain/);
    expect(body).toContain('llmposter_requests_total{route="/v1/chat/completions",provider="openai",status="200",outcome="response"} 2');
    expect(body).toContain('llmposter_requests_total{route="/v1/chat/completions",provider="openai",status="0",outcome="chaos:connection_reset"} 1');
    // The route pattern, never the raw path with the model in it.
    expect(body).toContain('route="/v1beta/models/{model}:generateContent"');
    expect(body).not.toContain('gpt-4o');
    expect(body).toContain('llmposter_injected_faults_total{fault="rate_limit"} 1');
    expect(body).toContain('llmposter_injected_faults_total{fault="connection_reset"} 1');
    expect(body).toContain('llmposter_fixture_lookups_total{result="match"} 2');
    expect(body).toContain('llmposter_fixture_lookups_total{result="miss"} 1');
    expect(body).toContain('llmposter_fixture_lookups_total{result="generated"} 1');
    expect(body).toContain('llmposter_request_duration_seconds_count{route="/v1/chat/completions"} 5');
    expect(body).toContain('llmposter_request_duration_seconds_bucket{le="2.5",route="/v1beta/models/{model}:generateContent"} 1');
    expect(body).toContain('llmposter_request_duration_seconds_bucket{le="1",route="/v1beta/models/{model}:generateContent"} 0');
    expect(body).toContain('llmposter_burst_active 1');
    expect(body).toContain('llmposter_metrics_dropped_records 7');
    burst = false;
    expect((await m.scrape()).body).toContain('llmposter_burst_active 0');
  });

  it('two servers in one process keep separate counts', async () => {
    const a = new PrometheusMetrics({ inBurst: () => false, droppedRecords: () => 0 });
    const b = new PrometheusMetrics({ inBurst: () => false, droppedRecords: () => 0 });
    a.record(base);
    expect((await a.scrape()).body).toContain('outcome="response"} 1');
    expect((await b.scrape()).body).not.toContain('outcome="response"}');
  });
});
