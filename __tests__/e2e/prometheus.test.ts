/** `GET /metrics` on a real server: counts from real requests; off (404) without metrics. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { CHAOS_OFF_CONFIG, mergeChaosConfig } from '../../src/chaos/config.js';
import { chat, postRaw, startWith, type Harness } from '../helpers/server.js';

const FIXTURES = { 'f.yaml': 'fixtures:\n  - match: { user_message: "hello" }\n    response: { content: "Hi." }\n' };
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('GET /metrics', () => {
  it('counts the requests a load-chaos server answered, by outcome, with the faults injected', async () => {
    h = await startWith(FIXTURES, { chaos: mergeChaosConfig(CHAOS_OFF_CONFIG, { error_injection: { rate_limit_pct: 100 } }) });
    for (let i = 0; i < 3; i++) expect((await postRaw(`${h.server.url}/v1/chat/completions`, chat('hello'))).status).toBe(429);
    await h.server.chaos.update({ error_injection: { rate_limit_pct: 0 } });
    expect((await postRaw(`${h.server.url}/v1/chat/completions`, chat('hello'))).status).toBe(200);
    expect((await postRaw(`${h.server.url}/v1/chat/completions`, chat('nothing matches'))).status).toBe(404);
    const res = await fetch(`${h.server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('llmposter_requests_total{route="/v1/chat/completions",provider="openai",status="429",outcome="chaos:rate_limit"} 3');
    expect(text).toContain('llmposter_requests_total{route="/v1/chat/completions",provider="openai",status="200",outcome="response"} 1');
    expect(text).toContain('llmposter_injected_faults_total{fault="rate_limit"} 3');
    expect(text).toContain('llmposter_fixture_lookups_total{result="match"} 1');
    expect(text).toContain('llmposter_fixture_lookups_total{result="miss"} 1');
    expect(text).toContain('llmposter_request_duration_seconds_count{route="/v1/chat/completions"} 5');
    expect(text).toContain('llmposter_metrics_dropped_records 0');
  });

  it('is a 404 with a hint when metrics are off (the default)', async () => {
    h = await startWith(FIXTURES);
    const res = await fetch(`${h.server.url}/metrics`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^Metrics are off/);
  });
});
