/**
 * Load chaos on the wire and through the official SDKs: every fault at 100%, on the OpenAI and
 * Anthropic routes (each in its own shape), real transport faults, latency, generated answers,
 * and the same outcome sequence from the same seed on two servers.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { connect } from 'node:net';
import { CHAOS_OFF_CONFIG, mergeChaosConfig } from '../../src/chaos/config.js';
import { createFakeClock } from '../../src/time/fake-clock.js';
import { anthropicClient, ask } from '../helpers/anthropic-sdk.js';
import { chat, parseSse, postRaw, startWith, type Harness } from '../helpers/server.js';

const FIXTURES = { 'f.yaml': 'fixtures:\n  - match: { user_message: "hello" }\n    response: { content: "Hi from a fixture." }\n' };

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A server whose chaos config is CHAOS_OFF_CONFIG with `patch` merged in. */
async function serve(patch: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<Harness> {
  h = await startWith(FIXTURES, { chaos: mergeChaosConfig(CHAOS_OFF_CONFIG, patch), ...extra });
  return h;
}
const ei = (e: Record<string, unknown>) => ({ error_injection: e });

describe('HTTP errors at 100%', () => {
  it.each([
    ['rate_limit_pct', 429, OpenAI.RateLimitError],
    ['capacity_529_pct', 529, OpenAI.APIError],
    ['service_unavailable_pct', 503, OpenAI.InternalServerError],
    ['bad_gateway_pct', 502, OpenAI.InternalServerError],
    ['gateway_timeout_pct', 504, OpenAI.InternalServerError],
    ['internal_error_pct', 500, OpenAI.InternalServerError],
    ['forbidden_pct', 403, OpenAI.PermissionDeniedError],
    ['not_found_pct', 404, OpenAI.NotFoundError],
  ])('%s: the OpenAI SDK raises %s as its error class, in OpenAI shape', async (key, status, cls) => {
    const s = await serve(ei({ [key]: 100, retry_after_sec: [2, 2] }));
    const err = await s.client.chat.completions.create(chat('hello')).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(cls);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(status);
    const retryAfter = (err as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after');
    expect(retryAfter).toBe(status === 429 || status === 529 ? '2' : null);
  });

  it('on the Anthropic route the same fault is in Anthropic shape', async () => {
    const s = await serve(ei({ capacity_529_pct: 100 }));
    const err = await anthropicClient(s.server.url)
      .messages.create(ask('hello'))
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect((err as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
    expect((err as { error: { error: { type: string } } }).error.error.type).toBe('overloaded_error');
  });
});

describe('malformed 200 bodies at 100%', () => {
  it('invalid_json: the SDK fails to parse it', async () => {
    const s = await serve(ei({ invalid_json_pct: 100 }));
    const res = await postRaw(`${s.server.url}/v1/chat/completions`, chat('hello'));
    expect(res.status).toBe(200);
    expect(res.text).toBe('{malformed json... "unclosed');
    await expect(s.client.chat.completions.create(chat('hello'))).rejects.toThrow();
  });

  it("truncated: the route's own body, cut in half", async () => {
    const s = await serve(ei({ truncated_pct: 100 }));
    const res = await postRaw(`${s.server.url}/v1/chat/completions`, chat('hello'));
    expect(res.text.startsWith('{"id":"chatcmpl-')).toBe(true);
    expect(() => JSON.parse(res.text)).toThrow();
    const anthropic = await postRaw(`${s.server.url}/v1/messages`, ask('hello'));
    expect(anthropic.text.startsWith('{"id":"msg_')).toBe(true);
  });

  it('empty_body, missing_fields, wrong_content_type', async () => {
    let s = await serve(ei({ empty_body_pct: 100 }));
    expect((await postRaw(`${s.server.url}/v1/chat/completions`, chat('hello'))).text).toBe('');
    await s.close();
    h = undefined;
    s = await serve(ei({ missing_fields_pct: 100 }));
    const missing = JSON.parse((await postRaw(`${s.server.url}/v1/chat/completions`, chat('hello'))).text);
    expect(missing.object).toBe('chat.completion');
    expect(missing.choices).toBeUndefined();
    await s.close();
    h = undefined;
    s = await serve(ei({ wrong_content_type_pct: 100 }));
    const html = await postRaw(`${s.server.url}/v1/chat/completions`, chat('hello'));
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.text).toBe('<html><body>Not JSON</body></html>');
  });

  it('on a stream: one broken frame the SDK raises on', async () => {
    const s = await serve(ei({ invalid_json_pct: 100 }));
    const res = await postRaw(`${s.server.url}/v1/chat/completions`, chat('hello', { stream: true }));
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(parseSse(res.text).map((e) => e.data)).toEqual(['{malformed json... "unclosed']);
    const quiet = () => {};
    const client = new OpenAI({ baseURL: `${s.server.url}/v1`, apiKey: 'k', maxRetries: 0, logger: { error: quiet, warn: quiet, info: quiet, debug: quiet } });
    const stream = await client.chat.completions.create(chat('hello', { stream: true }));
    const drain = async () => {
      for await (const _ of stream) {
        /* nothing intact arrives */
      }
    };
    await expect(drain()).rejects.toThrow();
  });
});

/** Raw HTTP over a socket: what arrived, and whether the server reset the connection. */
function rawExchange(url: string, path: string, body: unknown): Promise<{ received: string; reset: boolean; ms: number }> {
  const { hostname, port } = new URL(url);
  const text = JSON.stringify(body);
  const started = Date.now();
  return new Promise((resolve) => {
    let received = '';
    let reset = false;
    const socket = connect({ host: hostname, port: Number(port) }, () =>
      socket.write(`POST ${path} HTTP/1.1\r\nhost: ${hostname}:${port}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`),
    );
    socket.on('data', (d) => (received += d.toString('latin1')));
    socket.on('error', () => (reset = true));
    socket.on('close', () => resolve({ received, reset: reset || !received.includes('\r\n\r\n') || !/content-length: \d+/i.test(received), ms: Date.now() - started }));
  });
}

describe('real transport faults', () => {
  it('connection_reset: the connection closes with no response at all; the SDK raises a connection error', async () => {
    const s = await serve(ei({ connection_reset_pct: 100 }));
    const r = await rawExchange(s.server.url, '/v1/chat/completions', chat('hello'));
    expect(r.received).toBe('');
    await expect(s.client.chat.completions.create(chat('hello'))).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
  });

  it('connection_failed: nothing, then the reset after its lead', async () => {
    const s = await serve(ei({ connection_failed_pct: 100, connection_failed_lead_sec: [0.2, 0.2] }));
    const r = await rawExchange(s.server.url, '/v1/chat/completions', chat('hello'));
    expect(r.received).toBe('');
    expect(r.ms).toBeGreaterThanOrEqual(150);
  });

  it('connection_stall: the head arrives, then nothing, then the reset', async () => {
    const s = await serve(ei({ connection_stall_pct: 100, connection_stall_start_sec: [0, 0], connection_stall_sec: [0.2, 0.2] }));
    const r = await rawExchange(s.server.url, '/v1/chat/completions', chat('hello'));
    expect(r.received).toMatch(/^HTTP\/1\.1 200 /);
    expect(r.received.endsWith('\r\n\r\n')).toBe(true);
    expect(r.ms).toBeGreaterThanOrEqual(150);
  });

  it('timeout: after its wait, a 504 or a reset (a seeded coin), and both happen', async () => {
    const s = await serve(ei({ timeout_pct: 100, timeout_sec: [0, 0] }));
    const kinds = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const r = await rawExchange(s.server.url, '/v1/chat/completions', chat('hello'));
      kinds.add(r.received === '' ? 'reset' : (r.received.match(/^HTTP\/1\.1 (\d+)/)?.[1] ?? 'other'));
    }
    expect(kinds).toEqual(new Set(['reset', '504']));
  });

  it('slow_response: the usual answer, later', async () => {
    const s = await serve(ei({ slow_response_pct: 100, slow_response_sec: [0.2, 0.2] }));
    const t = Date.now();
    const res = await s.client.chat.completions.create(chat('hello'));
    expect(res.choices[0].message.content).toBe('Hi from a fixture.');
    expect(Date.now() - t).toBeGreaterThanOrEqual(150);
  });
});

describe('latency and generated answers', () => {
  it('latency base_ms delays a passing answer', async () => {
    const s = await serve({ latency: { base_ms: 200, jitter_ms: 0 } });
    const t = Date.now();
    await s.client.chat.completions.create(chat('hello'));
    expect(Date.now() - t).toBeGreaterThanOrEqual(150);
  });

  it('response mode echo answers what no fixture matches; fixtures still win', async () => {
    const s = await serve({ response: { mode: 'echo' } });
    const echoed = await s.client.chat.completions.create(chat('what is up'));
    expect(echoed.choices[0].message.content).toBe('Echo: what is up');
    const fixture = await s.client.chat.completions.create(chat('hello'));
    expect(fixture.choices[0].message.content).toBe('Hi from a fixture.');
    // Streams too, and on other providers.
    const stream = await s.client.chat.completions.create(chat('stream me', { stream: true }));
    let text = '';
    for await (const c of stream) text += c.choices[0]?.delta.content ?? '';
    expect(text).toBe('Echo: stream me');
    const msg = await anthropicClient(s.server.url).messages.create(ask('from claude'));
    expect(msg.content[0]).toMatchObject({ type: 'text', text: 'Echo: from claude' });
  });

  it('response mode random: words within the bounds, capitalised, ending in a period, reproducible by seed', async () => {
    const s = await serve({ response: { mode: 'random', random: { min_words: 3, max_words: 6, vocabulary: 'lorem' } } });
    const res = await postRaw(`${s.server.url}/v1/chat/completions`, chat('anything'), { 'x-llmposter-seed': '9' });
    const text = JSON.parse(res.text).choices[0].message.content as string;
    expect(res.headers.get('x-llmposter-generated')).toBe('random');
    expect(text).toMatch(/^[A-Z][a-z]*( [a-z]+){2,5}\.$/);
    const again = await postRaw(`${s.server.url}/v1/chat/completions`, chat('anything'), { 'x-llmposter-seed': '9' });
    expect(JSON.parse(again.text).choices[0].message.content).toBe(text);
  });
});

describe('bursts on the server clock', () => {
  it('a burst replaces the 429 rate while it lasts, from the first request; /health says so; reset restarts the wave', async () => {
    const clock = createFakeClock();
    const s = await serve(ei({ burst: { enabled: true, interval_sec: 10, duration_sec: 2, rate_limit_pct: 100, capacity_pct: 0 } }), { clock });
    const health = async () => ((await (await fetch(`${s.server.url}/health`)).json()) as { chaos: { enabled: boolean; in_burst: boolean } }).chaos;
    // Asking /health does not start the wave.
    expect(await health()).toEqual({ enabled: true, in_burst: false });
    const status = async () => (await postRaw(`${s.server.url}/v1/chat/completions`, chat('hello'))).status;
    expect(await status()).toBe(429);
    expect(await health()).toEqual({ enabled: true, in_burst: true });
    clock.advance(2_000);
    expect(await status()).toBe(200);
    expect(await health()).toEqual({ enabled: true, in_burst: false });
    clock.advance(8_000);
    expect(await status()).toBe(429);
    clock.advance(5_000);
    expect(await status()).toBe(200);
    // A reset starts a new wave at the next request.
    await fetch(`${s.server.url}/admin/reset`, { method: 'POST' });
    expect(await status()).toBe(429);
  });
});

describe('determinism', () => {
  it('the same seed gives the same outcome sequence on two servers', async () => {
    const run = async () => {
      const s = await startWith(FIXTURES, { seed: 77, chaos: mergeChaosConfig(CHAOS_OFF_CONFIG, ei({ rate_limit_pct: 20, internal_error_pct: 20, invalid_json_pct: 10 })) });
      try {
        const out: string[] = [];
        for (let i = 0; i < 40; i++) {
          const r = await postRaw(`${s.server.url}/v1/chat/completions`, chat('hello'));
          out.push(`${r.status}:${r.text.slice(0, 12)}`);
        }
        return out;
      } finally {
        await s.close();
      }
    };
    const a = await run();
    expect(new Set(a.map((x) => x.slice(0, 3))).size).toBeGreaterThanOrEqual(3);
    expect(await run()).toEqual(a);
  });

  it('chaos off by default: nothing changes', async () => {
    h = await startWith(FIXTURES);
    for (let i = 0; i < 5; i++) expect((await h.client.chat.completions.create(chat('hello'))).choices[0].message.content).toBe('Hi from a fixture.');
  });
});
