/** `GET/POST /admin/config`: the load-chaos config at runtime, over HTTP, guarded like the rest of /admin. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { startServer } from '../../src/index.js';
import { DEFAULT_CHAOS_CONFIG, CHAOS_OFF_CONFIG } from '../../src/chaos/config.js';
import { loadPreset } from '../../src/chaos/presets.js';
import type { ChaosConfig } from '../../src/chaos/types.js';
import { silentLogger } from '../../src/log/logger.js';

interface Answer {
  status: number;
  body: string;
  json(): any;
}

/** node:http, so a test can set Origin. */
function send(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body, json: () => JSON.parse(body) }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  send(`${url}/admin/config`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('/admin/config', () => {
  let s: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    s = await startServer({ port: 0, logger: silentLogger, env: {}, chaos: loadPreset('gentle') });
  });
  afterAll(() => s.close());

  it('GET returns the config the server started with', async () => {
    const res = await send(`${s.url}/admin/config`);
    expect(res.status).toBe(200);
    expect(res.json()).toEqual(loadPreset('gentle'));
  });

  it('POST deep-merges a partial, answers the new config, and GET and server.chaos see it', async () => {
    const res = await post(s.url, { error_injection: { rate_limit_pct: 42, burst: { enabled: true } }, latency: { jitter_ms: 0 } });
    expect(res.status).toBe(200);
    const { status, config } = res.json() as { status: string; config: ChaosConfig };
    expect(status).toBe('ok');
    expect(config.error_injection.rate_limit_pct).toBe(42);
    expect(config.error_injection.burst).toEqual({ enabled: true, interval_sec: 30, duration_sec: 5, rate_limit_pct: 80, capacity_pct: 50 });
    expect(config.latency).toEqual({ base_ms: 50, jitter_ms: 0 });
    expect(config.error_injection.capacity_529_pct).toBe(0.5); // the preset's, untouched
    expect((await send(`${s.url}/admin/config`)).json()).toEqual(config);
    expect(s.chaos.get()).toEqual(config);
  });

  it('an invalid partial is a 400 listing every problem (OpenAI shape), and changes nothing', async () => {
    const before = s.chaos.get();
    const res = await post(s.url, { error_injection: { rate_limit_pct: 150, retry_after_sec: [9, 1], burst: { interval_sec: 2, duration_sec: 3 } }, response: { mode: 'jinja' }, stats: true });
    expect(res.status).toBe(400);
    const { error } = res.json();
    expect(error).toMatchObject({ type: 'invalid_request_error', param: null, code: 'invalid_config' });
    expect(error.message).toMatch(/^Invalid load-chaos config \(5 problems; nothing changed\): /);
    expect(error.problems).toEqual(
      expect.arrayContaining([
        { path: 'stats', message: 'unknown key' },
        { path: 'error_injection.rate_limit_pct', message: 'must be a percentage from 0 to 100, got 150' },
        { path: 'response.mode', message: "must be one of random, echo, template, preset, null, got 'jinja'" },
        { path: 'error_injection.retry_after_sec', message: 'min must not be more than max, got [9, 1]' },
        { path: 'error_injection.burst.duration_sec', message: 'must not be longer than interval_sec (3 > 2)' },
      ]),
    );
    expect(error.problems).toHaveLength(5);
    expect(s.chaos.get()).toBe(before);
  });

  it.each([
    ['not JSON', '{"error_injection": ', /could not parse the JSON body/],
    ['an empty body', '', /could not parse the JSON body/],
  ])('%s is a 400', async (_name, body, message) => {
    const res = await post(s.url, body);
    expect(res.status).toBe(400);
    expect(res.json().error.message).toMatch(message);
  });

  it('a non-object body is a 400 invalid_config naming the whole config', async () => {
    const res = await post(s.url, [1]);
    expect(res.status).toBe(400);
    expect(res.json().error.code).toBe('invalid_config');
    expect(res.json().error.problems).toEqual([{ path: '', message: expect.stringMatching(/must be an object/) }]);
  });

  it('null sets response.mode back to no generated answers', async () => {
    await post(s.url, { response: { mode: 'echo' } });
    expect(s.chaos.get().response.mode).toBe('echo');
    const res = await post(s.url, { response: { mode: null } });
    expect(res.json().config.response.mode).toBeNull();
  });

  it('a cross-origin browser request is refused', async () => {
    const res = await post(s.url, { latency: { base_ms: 1 } }, { origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect((await send(`${s.url}/admin/config`, { headers: { origin: 'http://evil.example' } })).status).toBe(403);
  });
});

describe('/admin/config without load chaos configured', () => {
  it('GET shows chaos off; the programmatic option is completed with the defaults', async () => {
    const off = await startServer({ port: 0, logger: silentLogger, env: {} });
    const partial = await startServer({ port: 0, logger: silentLogger, env: {}, chaos: { error_injection: { rate_limit_pct: 5 } } as unknown as ChaosConfig });
    try {
      expect((await send(`${off.url}/admin/config`)).json()).toEqual(CHAOS_OFF_CONFIG);
      expect((await send(`${partial.url}/admin/config`)).json()).toEqual({ ...DEFAULT_CHAOS_CONFIG, error_injection: { ...DEFAULT_CHAOS_CONFIG.error_injection, rate_limit_pct: 5 } });
    } finally {
      await off.close();
      await partial.close();
    }
  });
});

describe('/admin/config with --admin-token', () => {
  let s: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    s = await startServer({ port: 0, logger: silentLogger, env: {}, adminToken: 'letmein' });
  });
  afterAll(() => s.close());

  it('GET and POST need the token; with it they work', async () => {
    expect((await send(`${s.url}/admin/config`)).status).toBe(401);
    expect((await post(s.url, { latency: { base_ms: 5 } })).status).toBe(401);
    expect((await post(s.url, { latency: { base_ms: 5 } }, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect(s.chaos.get().latency.base_ms).toBe(0);
    const ok = await post(s.url, { latency: { base_ms: 5 } }, { authorization: 'Bearer letmein' });
    expect(ok.status).toBe(200);
    expect((await send(`${s.url}/admin/config`, { headers: { authorization: 'Bearer letmein' } })).json().latency.base_ms).toBe(5);
  });
});
