/**
 * The request journal's edges: the ring keeps only the newest N, `journalSize: 0` turns it off
 * (and the admin API says so), a client that leaves mid-stream is recorded as such, the admin
 * token guards it, proxied requests (record/passthrough) are journaled too, and
 * `waitForRequests` times out on the server's own (fake) clock.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { CHAOS_OFF_CONFIG, createFakeClock, mergeChaosConfig, startServer, type RunningServer } from '../../src/index.js';
import { silentLogger } from '../../src/log/logger.js';
import { chat, startWith, type Harness } from '../helpers/server.js';
import { startRecordRig, type RecordRig } from '../helpers/record-harness.js';

const FIXTURES = `
fixtures:
  - match: { user_message: "hi" }
    response: { content: "Hello." }
  - match: { user_message: "slow stream" }
    response: { content: "a b c d e f g h" }
    streaming: { chunk_size: 2, latency: 1000 }
  - match: { user_message: "late answer" }
    response: { content: "Finally." }
    failure: { latency_ms: 300 }
  - match: { user_message: "paced stream" }
    response: { content: "abcdef" }
    streaming: { chunk_size: 2, latency: 50 }
`;

let h: Harness | undefined;
let rig: RecordRig | undefined;
let bare: RunningServer | undefined;
afterEach(async () => {
  await h?.close();
  await rig?.close();
  await bare?.close();
  h = rig = bare = undefined;
});

const say = (text: string) => h!.client.chat.completions.create(chat(text));

describe('bounds', () => {
  it('a journal of size 3 keeps the newest 3 and counts the evicted', async () => {
    h = await startWith({ 'f.yaml': FIXTURES }, { journalSize: 3 });
    for (const n of [1, 2, 3, 4, 5]) await h.client.chat.completions.create(chat('hi', { metadata: { n: String(n) } }));
    const entries = h.server.requests();
    expect(entries.map((e) => (e.body as { metadata: { n: string } }).metadata.n)).toEqual(['5', '4', '3']);
    const res = await fetch(`${h.server.url}/admin/requests`);
    expect(await res.json()).toMatchObject({ count: 3, held: 3, capacity: 3, evicted: 2 });
    await expect(h.server.waitForRequests(4)).rejects.toThrow('waitForRequests(4): the journal keeps only the last 3 requests (--journal-size)');
  });

  it('journalSize: 0 turns it off: the admin API answers 404 saying so, the programmatic API throws', async () => {
    h = await startWith({ 'f.yaml': FIXTURES }, { journalSize: 0 });
    await say('hi');
    expect(h.server.journal).toBeUndefined();
    for (const [method, path] of [['GET', '/admin/requests'], ['GET', '/admin/requests/req_x'], ['DELETE', '/admin/requests']]) {
      const res = await fetch(`${h.server.url}${path}`, { method });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'journal_off', message: expect.stringContaining('--journal-size 0') } });
    }
    expect(() => h!.server.requests()).toThrow(/request journal is off/);
    expect(() => h!.server.lastRequest()).toThrow(/request journal is off/);
    await expect(h.server.waitForRequests(1)).rejects.toThrow(/request journal is off/);
    // Reset still works with nothing to clear.
    expect((await fetch(`${h.server.url}/admin/reset`, { method: 'POST' })).status).toBe(200);
  });

  it('refuses a journal size that is not a whole number >= 0', async () => {
    await expect(startServer({ port: 0, logger: silentLogger, env: {}, journalSize: -1 })).rejects.toThrow('journalSize must be a whole number >= 0 (0 = off), got -1');
    await expect(startServer({ port: 0, logger: silentLogger, env: {}, journalSize: 1.5 })).rejects.toThrow(/journalSize must be a whole number/);
  });
});

describe('on the fake clock', () => {
  it('records a client that leaves mid-stream as client_aborted, with the frames it got', async () => {
    const clock = createFakeClock();
    h = await startWith({ 'f.yaml': FIXTURES }, { clock });
    const abort = new AbortController();
    const res = await fetch(`${h.server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(chat('slow stream', { stream: true })),
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    // The first frame goes out at once; the next waits 1000 ms on a clock that does not move.
    const reader = res.body!.getReader();
    await reader.read();
    abort.abort();
    const [e] = await h.server.waitForRequests(1);
    expect(e).toMatchObject({ outcome: 'stream', status: 200, client_aborted: true, end: 'client_closed', ttfb_ms: 0, duration_ms: 0 });
    expect(e.frames).toBeGreaterThanOrEqual(1);
    expect(e.frames).toBeLessThan(6);
  });

  it('measures time to first byte and duration on the server clock', async () => {
    const clock = createFakeClock();
    h = await startWith({ 'f.yaml': FIXTURES }, { clock });
    const inFlight = async () => ((await (await fetch(`${h!.server.url}/health`)).json()) as { responses_in_flight: number }).responses_in_flight;
    const answer = say('late answer');
    // Time moves only once the answer is waiting out its latency.
    while ((await inFlight()) === 0) await new Promise((r) => setTimeout(r, 10));
    clock.advance(300);
    await answer;
    expect(h.server.lastRequest()).toMatchObject({ user_message: 'late answer', ttfb_ms: 300, duration_ms: 300, frames: 1 });

    const res = await fetch(`${h.server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(chat('paced stream', { stream: true })) });
    const text = res.text();
    while ((await inFlight()) > 0) clock.advance(50);
    await text;
    const e = h.server.lastRequest()!;
    expect(e).toMatchObject({ user_message: 'paced stream', ttfb_ms: 0, end: 'completed' });
    // Frames 50 ms apart on the fake clock, the first at once: the stream took (frames - 1) gaps or fewer.
    expect(e.duration_ms % 50).toBe(0);
    expect(e.duration_ms).toBeGreaterThan(0);
    expect(e.duration_ms).toBeLessThanOrEqual(50 * (e.frames! - 1));
  });

  it('waitForRequests rejects when its timeout passes on the server clock, resolves on the n-th arrival', async () => {
    const clock = createFakeClock();
    h = await startWith({ 'f.yaml': FIXTURES }, { clock });
    const late = h.server.waitForRequests(1, { timeoutMs: 500 });
    const caught = late.catch((err: Error) => err);
    clock.advance(499);
    await say('hi');
    await expect(late).resolves.toHaveLength(1);

    const never = h.server.waitForRequests(2, { timeoutMs: 500, model: 'gpt-4o' });
    const failed = never.catch((err: Error) => err);
    clock.advance(500);
    expect(await failed).toEqual(new Error('waitForRequests: 1 of 2 requests (model=gpt-4o) arrived within 500 ms'));
    expect(await caught).toHaveLength(1);
  });
});

describe('faults', () => {
  it('names the fault in the outcome: a fixture\'s corrupt body, load chaos\' 429, a dropped connection', async () => {
    h = await startWith(
      { 'f.yaml': FIXTURES + `  - match: { user_message: "garbled" }\n    response: { content: "fine" }\n    failure: { corrupt_body: true }\n` },
      { chaos: mergeChaosConfig(CHAOS_OFF_CONFIG, { error_injection: { rate_limit_pct: 100 } }) },
    );
    await expect(say('hi')).rejects.toMatchObject({ status: 429 });
    expect(h.server.lastRequest()).toMatchObject({ outcome: 'chaos:rate_limit', status: 429, fixture: null, user_message: 'hi' });
    await h.server.chaos.update({ error_injection: { rate_limit_pct: 0, connection_reset_pct: 100 } });
    await expect(say('hi')).rejects.toBeDefined();
    const [reset] = await h.server.waitForRequests(2);
    expect(reset).toMatchObject({ outcome: 'chaos:connection_reset', status: 0, ttfb_ms: null, end: 'disconnected', client_aborted: false });
    await h.server.chaos.update({ error_injection: { connection_reset_pct: 0 } });
    await (await fetch(`${h.server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(chat('garbled')) })).text();
    expect(h.server.lastRequest()).toMatchObject({ outcome: 'corrupt_body', status: 200, fixture: 'f.yaml#4' });
  });
});

describe('admin token', () => {
  it('guards /admin/requests like the other admin routes', async () => {
    h = await startWith({ 'f.yaml': FIXTURES }, { adminToken: 'journal-token' });
    await say('hi');
    expect((await fetch(`${h.server.url}/admin/requests`)).status).toBe(401);
    expect((await fetch(`${h.server.url}/admin/requests`, { method: 'DELETE' })).status).toBe(401);
    const ok = await fetch(`${h.server.url}/admin/requests`, { headers: { authorization: 'Bearer journal-token' } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ count: 1 });
  });
});

describe('proxied requests', () => {
  it('journals record-missing and passthrough requests as proxied:<mode>, key masked', async () => {
    rig = await startRecordRig({ allowModeHeader: true });
    rig.upstream.script = () => ({ text: 'From upstream' });
    const client = new OpenAI({ baseURL: `${rig.server.url}/v1`, apiKey: 'sk-proxied-journal-key', maxRetries: 0 });
    await client.chat.completions.create(chat('nothing local matches'));
    await client.chat.completions.create(chat('pass me through'), { headers: { 'x-llmposter-mode': 'passthrough' } });
    await expect(client.chat.completions.create(chat('bad mode'), { headers: { 'x-llmposter-mode': 'sideways' } })).rejects.toMatchObject({ status: 400 });
    const [bad, passed, recorded] = await rig.server.waitForRequests(3);
    expect(recorded).toMatchObject({ outcome: 'proxied:record-missing', status: 200, fixture: null, user_message: 'nothing local matches', client_aborted: false, end: 'completed', frames: null });
    expect(recorded.ttfb_ms).toEqual(expect.any(Number));
    expect(passed).toMatchObject({ outcome: 'proxied:passthrough', status: 200, user_message: 'pass me through' });
    expect(bad).toMatchObject({ outcome: 'error:400', status: 400, user_message: 'bad mode' });
    expect(JSON.stringify(rig.server.requests())).not.toContain('sk-proxied-journal-key');
  });

  it('journals a request that the upstream breaks off as not completed, and not a client abort', async () => {
    rig = await startRecordRig({ mode: 'passthrough' });
    rig.upstream.script = () => ({ text: 'this answer never finishes', chunk: 4, gapMs: 20, breakAfterFrames: 3 });
    const client = new OpenAI({ baseURL: `${rig.server.url}/v1`, apiKey: 'k', maxRetries: 0 });
    await expect(
      (async () => {
        for await (const _ of await client.chat.completions.create(chat('break', { stream: true }))) void _;
      })(),
    ).rejects.toBeDefined();
    const [e] = await rig.server.waitForRequests(1);
    expect(e).toMatchObject({ outcome: 'proxied:passthrough', status: 200, client_aborted: false, end: 'disconnected' });
    expect(e.ttfb_ms).toEqual(expect.any(Number));
  });
});
