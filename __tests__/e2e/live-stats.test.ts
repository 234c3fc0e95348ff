/**
 * LLMSim's live stats, kept by every server: `GET /llmsim/stats` (flat, LLMSim's keys) and
 * `GET /admin/stats` (under `live`, next to ChaosLLM's keys when metrics are on, on their own
 * when they are off). Counted from a known set of requests; active and streaming counts seen
 * during a slow stream on the fake clock.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createFakeClock, type FakeClock } from '../../src/index.js';
import { chat, parseSse, postRaw, startWith, type Harness } from '../helpers/server.js';
import { anthropicClient } from '../helpers/anthropic-sdk.js';

const FIXTURES = `
fixtures:
  - match: { user_message: "slow stream" }
    response: { content: "abcde" }
    streaming: { chunk_size: 1, latency: 1000 }
  - match: { user_message: "hello" }
    response: { content: "hi there, friend" }
`;

let h: Harness;
let clock: FakeClock;
beforeAll(async () => {
  clock = createFakeClock();
  h = await startWith({ 'f.yaml': FIXTURES }, { clock });
});
afterAll(() => h.close());

const settle = () => new Promise((r) => setTimeout(r, 50));
const stats = async (path = '/llmsim/stats') => (await (await fetch(`${h.server.url}${path}`)).json()) as Record<string, unknown>;

describe('live stats', () => {
  it('start at zero', async () => {
    expect(await stats()).toMatchObject({ total_requests: 0, active_requests: 0, streaming_requests: 0, requests_per_second: 0, model_requests: {}, min_latency_ms: null });
  });

  it('count a known set of requests: totals, tokens, errors, models', async () => {
    const a = await h.client.chat.completions.create(chat('hello'));
    const b = await h.client.chat.completions.create({ ...chat('hello'), model: 'o3' });
    const c = await anthropicClient(h.server.url).messages.create({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hello' }] });
    // No fixture matches: a 404, counted as an error.
    const miss = await postRaw(`${h.server.url}/v1/chat/completions`, chat('nothing matches this'));
    expect(miss.status).toBe(404);
    const s = await stats();
    expect(s).toMatchObject({
      total_requests: 4,
      active_requests: 0,
      active_streams: 0,
      streaming_requests: 0,
      non_streaming_requests: 4,
      prompt_tokens: a.usage!.prompt_tokens + b.usage!.prompt_tokens + c.usage.input_tokens,
      completion_tokens: a.usage!.completion_tokens + b.usage!.completion_tokens + c.usage.output_tokens,
      total_errors: 1,
      rate_limit_errors: 0,
      server_errors: 0,
      model_requests: { 'gpt-4o': 2, o3: 1, 'claude-haiku-4-5': 1 },
      // The fake clock stands still: every request in the same second, no time spent.
      requests_per_second: 4,
      avg_latency_ms: 0,
      p50_latency_ms: 0,
      p99_latency_ms: 0,
    });
    expect(s.total_tokens).toBe((s.prompt_tokens as number) + (s.completion_tokens as number));
  });

  it('see a slow stream as active and streaming while it runs, and its latency after', async () => {
    const res = await fetch(`${h.server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(chat('slow stream', { stream: true })) });
    const reader = res.body!.getReader();
    let text = '';
    await reader.read().then((r) => (text += new TextDecoder().decode(r.value)));
    expect(await stats()).toMatchObject({ total_requests: 5, active_requests: 1, active_streams: 1, streaming_requests: 1 });
    clock.advance(10_000);
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      text += new TextDecoder().decode(next.value);
    }
    expect(parseSse(text).at(-1)!.data).toBe('[DONE]');
    await settle();
    const s = await stats();
    expect(s).toMatchObject({ active_requests: 0, active_streams: 0, streaming_requests: 1, non_streaming_requests: 4 });
    // Five one-second frames on the fake clock: the stream took seconds, the others none.
    expect(s.max_latency_ms).toBeGreaterThanOrEqual(4000);
    expect(s.min_latency_ms).toBe(0);
  });

  it('/admin/stats carries the live counters under `live` with metrics off', async () => {
    const admin = await stats('/admin/stats');
    expect(admin).toMatchObject({ enabled: false });
    expect(admin.live).toEqual(await stats());
  });

  it('POST /admin/reset starts the counters afresh', async () => {
    await fetch(`${h.server.url}/admin/reset`, { method: 'POST' });
    expect(await stats()).toMatchObject({ total_requests: 0, prompt_tokens: 0, model_requests: {} });
  });

  it('a bad request to the stats route is a 404, and the server keeps counting', async () => {
    const r = await fetch(`${h.server.url}/llmsim/stats`, { method: 'POST', body: '{' });
    expect(r.status).toBe(404);
    expect((await fetch(`${h.server.url}/llmsim/stats?x=%ZZ`)).status).toBe(200);
    await h.client.chat.completions.create(chat('hello'));
    expect((await stats()).total_requests).toBe(1);
  });
});

describe('the admin token', () => {
  it('guards /admin/stats but not /llmsim/stats (counts only, like /metrics)', async () => {
    const h2 = await startWith({ 'f.yaml': FIXTURES }, { adminToken: 'secret' });
    try {
      expect((await fetch(`${h2.server.url}/admin/stats`)).status).toBe(401);
      const admin = await fetch(`${h2.server.url}/admin/stats`, { headers: { authorization: 'Bearer secret' } });
      expect(((await admin.json()) as { live: { total_requests: number } }).live.total_requests).toBe(0);
      expect((await fetch(`${h2.server.url}/llmsim/stats`)).status).toBe(200);
    } finally {
      await h2.close();
    }
  });
});

describe('with metrics on', () => {
  it('/admin/stats has ChaosLLM\'s keys and the live ones', async () => {
    const h2 = await startWith({ 'f.yaml': FIXTURES }, { metrics: true });
    try {
      await h2.client.chat.completions.create(chat('hello'));
      const admin = (await (await fetch(`${h2.server.url}/admin/stats`)).json()) as Record<string, unknown>;
      expect(admin).toMatchObject({ enabled: true, total_requests: 1, live: { total_requests: 1, model_requests: { 'gpt-4o': 1 } } });
      expect(admin).toHaveProperty('latency_stats');
    } finally {
      await h2.close();
    }
  });
});
