/**
 * The request journal as a test author uses it: requests made with the official OpenAI,
 * Anthropic and Gemini SDKs, then read back over HTTP (`GET /admin/requests`) and through the
 * programmatic API (`requests()`, `lastRequest()`, `waitForRequests()`): what was sent, which
 * fixture answered, misses with their near miss, credentials masked, big bodies cut, per-test
 * scoping with `x-llmposter-test-id`, clearing, and bad queries refused.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { anthropicClient, ask } from '../helpers/anthropic-sdk.js';
import { geminiClient } from '../helpers/gemini-sdk.js';
import { chat, postRaw, startWith, type Harness } from '../helpers/server.js';
import type { JournalEntry } from '../../src/index.js';
import { connect } from 'node:net';

const FIXTURES = `
fixtures:
  - match: { user_message: "weather" }
    response: { content: "Sunny." }
  - match: { user_message: "stream me" }
    response: { content: "one two three four" }
    streaming: { chunk_size: 4 }
  - match: { user_message: "rate limited" }
    error: { status: 429, message: "Slow down." }
  - name: billing question
    match: { model: "gpt-4o", user_message: "invoice" }
    response: { content: "Your invoice is attached." }
`;

interface ListBody {
  object: string;
  data: JournalEntry[];
  count: number;
  held: number;
  capacity: number;
  evicted: number;
}

let h: Harness;
const OPENAI_KEY = 'sk-journal-openai-5f3a9c';
const ANTHROPIC_KEY = 'sk-ant-journal-77b1e0';
const GEMINI_KEY = 'AIza-journal-gemini-c4d2';
let openai: OpenAI;

async function getJson<T>(path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${h.server.url}${path}`);
  return { status: res.status, body: (await res.json()) as T };
}

beforeAll(async () => {
  h = await startWith({ 'journal.yaml': FIXTURES });
  openai = new OpenAI({ baseURL: `${h.server.url}/v1`, apiKey: OPENAI_KEY, maxRetries: 0 });
});
afterAll(() => h.close());
beforeEach(() => h.server.reset());

describe('what the SDKs sent, read back over HTTP and programmatically', () => {
  it('journals an OpenAI chat completion: request, fixture, outcome, timings', async () => {
    const raw = await openai.chat.completions.create(chat('what is the weather', { temperature: 0.2 })).asResponse();
    const requestId = raw.headers.get('x-request-id')!;
    const { status, body } = await getJson<ListBody>('/admin/requests');
    expect(status).toBe(200);
    expect(body).toMatchObject({ object: 'list', count: 1, held: 1, capacity: 1000, evicted: 0 });
    const e = body.data[0];
    expect(e).toMatchObject({
      id: requestId,
      method: 'POST',
      path: '/v1/chat/completions',
      provider: 'openai',
      model: 'gpt-4o',
      user_message: 'what is the weather',
      body: { model: 'gpt-4o', temperature: 0.2, messages: [{ role: 'user', content: 'what is the weather' }] },
      body_truncated: false,
      fixture: 'journal.yaml#0',
      outcome: 'response',
      status: 200,
      seed: Number(raw.headers.get('x-llmposter-seed')),
      frames: 1,
      client_aborted: false,
      end: 'completed',
      test_id: null,
      near_miss: null,
    });
    expect(Date.parse(e.time)).not.toBeNaN();
    expect(e.ttfb_ms).toEqual(expect.any(Number));
    expect(e.ttfb_ms!).toBeLessThanOrEqual(e.duration_ms);
    expect(e.headers['content-type']).toBe('application/json');
    // The same entry through the programmatic API and by id.
    expect(h.server.requests()).toEqual(body.data);
    expect(h.server.lastRequest()).toEqual(e);
    expect((await getJson<JournalEntry>(`/admin/requests/${requestId}`)).body).toEqual(e);
  });

  it('journals an OpenAI stream with the frames it sent', async () => {
    const stream = await openai.chat.completions.create(chat('stream me', { stream: true }));
    let text = '';
    for await (const c of stream) text += c.choices[0]?.delta.content ?? '';
    expect(text).toBe('one two three four');
    const [e] = await h.server.waitForRequests(1);
    expect(e).toMatchObject({ outcome: 'stream', status: 200, fixture: 'journal.yaml#1', client_aborted: false, end: 'completed' });
    // "one two three four" in 4-character chunks is 5 content frames, plus the role and finish frames.
    expect(e.frames).toBeGreaterThanOrEqual(5);
    expect(e.body).toMatchObject({ stream: true });
  });

  it('journals Anthropic Messages and Gemini generateContent requests with their own provider and path', async () => {
    await anthropicClient(h.server.url).messages.create(ask('weather please'));
    const gemini = geminiClient(h.server.url);
    await gemini.models.generateContent({ model: 'gemini-2.0-flash', contents: 'the weather in Oslo' });
    const [g, a] = h.server.requests();
    expect(a).toMatchObject({ provider: 'anthropic', path: '/v1/messages', model: 'claude-sonnet-4-6', user_message: 'weather please', fixture: 'journal.yaml#0', status: 200 });
    expect(a.body).toMatchObject({ max_tokens: 1024 });
    expect(g).toMatchObject({ provider: 'gemini', model: 'gemini-2.0-flash', user_message: 'the weather in Oslo', fixture: 'journal.yaml#0', status: 200 });
    expect(g.path).toMatch(/^\/v1beta\/models\/gemini-2\.0-flash:generateContent/);
  });

  it('records a fixture error as its status and outcome', async () => {
    await expect(openai.chat.completions.create(chat('rate limited'))).rejects.toMatchObject({ status: 429 });
    expect(h.server.lastRequest()).toMatchObject({ fixture: 'journal.yaml#2', outcome: 'error:429', status: 429 });
  });
});

describe('misses', () => {
  it('records a miss with the nearest fixture and the fields it failed', async () => {
    await expect(openai.chat.completions.create(chat('invoice', { model: 'o3' }))).rejects.toMatchObject({ status: 404 });
    const e = h.server.lastRequest()!;
    expect(e).toMatchObject({ fixture: null, outcome: 'no_match', status: 404, model: 'o3' });
    expect(e.near_miss).toEqual({
      fixture: 'journal.yaml#3',
      name: 'billing question',
      location: expect.stringMatching(/^journal\.yaml:\d+$/),
      failed: [{ field: 'model', expected: expect.stringContaining('gpt-4o') }],
    });
  });
});

describe('credentials never reach an entry', () => {
  it('masks authorization, x-api-key, x-goog-api-key, api-key and a Gemini ?key=, wherever the value appears', async () => {
    await openai.chat.completions.create(chat('weather'));
    await postRaw(`${h.server.url}/v1/messages`, ask(`weather, my key is ${ANTHROPIC_KEY}`), { 'x-api-key': ANTHROPIC_KEY, 'anthropic-version': '2023-06-01' });
    await postRaw(`${h.server.url}/v1beta/models/gemini-2.0-flash:generateContent?key=${GEMINI_KEY}`, { contents: [{ parts: [{ text: 'weather' }] }] }, { 'x-goog-api-key': GEMINI_KEY });
    await postRaw(`${h.server.url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`, chat('weather'), { 'api-key': 'azure-journal-key-99', cookie: 'session=journal-cookie-1' });
    const entries = h.server.requests();
    expect(entries).toHaveLength(4);
    const all = JSON.stringify(entries) + JSON.stringify((await getJson<ListBody>('/admin/requests')).body);
    for (const secret of [OPENAI_KEY, ANTHROPIC_KEY, GEMINI_KEY, 'azure-journal-key-99', 'journal-cookie-1']) expect(all).not.toContain(secret);
    const [azure, gemini, claude, oai] = entries;
    expect(oai.headers.authorization).toBe('[REDACTED]');
    expect(claude.headers['x-api-key']).toBe('[REDACTED]');
    expect(claude.user_message).toBe('weather, my key is [REDACTED]');
    expect(gemini.headers['x-goog-api-key']).toBe('[REDACTED]');
    expect(gemini.path).toBe('/v1beta/models/gemini-2.0-flash:generateContent?key=[REDACTED]');
    expect(azure.headers['api-key']).toBe('[REDACTED]');
    expect(azure.headers.cookie).toBe('[REDACTED]');
  });
});

describe('bodies', () => {
  it('keeps a body over 64 KB as its first 64 KB of text, flagged body_truncated', async () => {
    const long = 'x'.repeat(100_000);
    await expect(openai.chat.completions.create(chat(`weather ${long}`))).resolves.toBeDefined();
    const e = h.server.lastRequest()!;
    expect(e.body_truncated).toBe(true);
    expect(typeof e.body).toBe('string');
    expect(Buffer.byteLength(e.body as string)).toBe(64 * 1024);
    expect(e.body as string).toMatch(/^\{"model":"gpt-4o","messages":\[\{"role":"user","content":"weather x+$/);
    // The parsed request still shows in the other fields.
    expect(e.user_message).toBe(`weather ${long}`);
  });

  it('keeps a body that is not JSON as its text (and the 400 it got)', async () => {
    const r = await postRaw(`${h.server.url}/v1/chat/completions`, '{"model": "gpt-4o", oops');
    expect(r.status).toBe(400);
    expect(h.server.lastRequest()).toMatchObject({ body: '{"model": "gpt-4o", oops', body_truncated: false, provider: null, model: null, outcome: 'error:400', status: 400, seed: null });
  });

  it('journals a request whose client hung up mid-body as aborted_upload, and keeps serving', async () => {
    const { port } = new URL(h.server.url);
    // Headers promise 1,000 bytes; 20 arrive, then the client goes away.
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((r) => socket.once('connect', () => r()));
    socket.write(`POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\nx-llmposter-test-id: upload\r\n\r\n{"model":"gpt-4o","m`);
    await new Promise((r) => setTimeout(r, 50));
    socket.destroy();
    const [e] = await h.server.waitForRequests(1, { testId: 'upload', timeoutMs: 5000 });
    expect(e).toMatchObject({ outcome: 'aborted_upload', status: 0, client_aborted: true, end: 'client_closed', frames: 0, ttfb_ms: null, body: null, provider: null, model: null, seed: null, fixture: null, path: '/v1/chat/completions' });
    expect(e.headers['content-length']).toBe('1000');
    // The server is still there for the next request.
    await expect(openai.chat.completions.create(chat('weather'))).resolves.toBeDefined();
  });
});

describe('per-test scoping with x-llmposter-test-id', () => {
  it('filters by test id over HTTP and programmatically', async () => {
    const scoped = (id: string) => new OpenAI({ baseURL: `${h.server.url}/v1`, apiKey: 'k', maxRetries: 0, defaultHeaders: { 'x-llmposter-test-id': id } });
    await scoped('checkout').chat.completions.create(chat('weather'));
    await scoped('search').chat.completions.create(chat('weather'));
    await scoped('checkout').chat.completions.create(chat('stream me'));
    await openai.chat.completions.create(chat('weather'));
    const mine = h.server.requests({ testId: 'checkout' });
    expect(mine.map((e) => [e.test_id, e.user_message])).toEqual([
      ['checkout', 'stream me'],
      ['checkout', 'weather'],
    ]);
    expect((await getJson<ListBody>('/admin/requests?test_id=checkout')).body.data).toEqual(mine);
    expect((await getJson<ListBody>('/admin/requests?test_id=search')).body.data.map((e) => e.test_id)).toEqual(['search']);
    expect(h.server.lastRequest({ testId: 'search' })?.test_id).toBe('search');
    expect(h.server.requests({ testId: 'nobody' })).toEqual([]);
    await expect(h.server.waitForRequests(2, { testId: 'checkout', timeoutMs: 1000 })).resolves.toEqual(mine);
  });
});

describe('filters', () => {
  beforeEach(async () => {
    await openai.chat.completions.create(chat('weather'));
    await openai.chat.completions.create(chat('weather', { model: 'gpt-4o-mini' }));
    await expect(openai.chat.completions.create(chat('rate limited'))).rejects.toMatchObject({ status: 429 });
    await expect(openai.chat.completions.create(chat('nothing matches this'))).rejects.toMatchObject({ status: 404 });
  });

  it('returns newest first and honours limit, status, model and fixture', async () => {
    const all = (await getJson<ListBody>('/admin/requests')).body.data;
    expect(all.map((e) => e.status)).toEqual([404, 429, 200, 200]);
    expect((await getJson<ListBody>('/admin/requests?limit=2')).body.data).toEqual(all.slice(0, 2));
    expect((await getJson<ListBody>('/admin/requests?status=429')).body.data).toEqual([all[1]]);
    expect((await getJson<ListBody>('/admin/requests?model=gpt-4o-mini')).body.data).toEqual([all[2]]);
    expect((await getJson<ListBody>(`/admin/requests?fixture=${encodeURIComponent('journal.yaml#0')}`)).body.data).toEqual([all[2], all[3]]);
    expect((await getJson<ListBody>('/admin/requests?status=200&model=gpt-4o')).body.data).toEqual([all[3]]);
    expect(h.server.requests({ status: 200, limit: 1 })).toEqual([all[2]]);
  });

  it('since= takes a request id (entries recorded after it) or an ISO time (requests that arrived after it)', async () => {
    const all = h.server.requests();
    const oldest = all[3];
    expect((await getJson<ListBody>(`/admin/requests?since=${oldest.id}`)).body.data).toEqual(all.slice(0, 3));
    expect((await getJson<ListBody>(`/admin/requests?since=${all[0].id}`)).body.data).toEqual([]);
    expect((await getJson<ListBody>(`/admin/requests?since=${encodeURIComponent(new Date(Date.parse(oldest.time) - 60_000).toISOString())}`)).body.data).toEqual(all);
    expect((await getJson<ListBody>(`/admin/requests?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).body.data).toEqual([]);
  });

  it('refuses bad query values with a 400 naming them, and keeps serving', async () => {
    const bad: [string, RegExp][] = [
      ['limit=0', /limit must be a whole number >= 1, got "0"/],
      ['limit=ten', /limit must be a whole number >= 1, got "ten"/],
      ['status=20', /status must be an HTTP status code \(100-599\), got "20"/],
      ['status=700', /status must be an HTTP status code/],
      ['sort=asc', /unknown query parameter "sort" \(known: limit, since, fixture, status, model, test_id\)/],
      ['model=', /model is empty/],
      ['limit=1&limit=2', /limit is given 2 times/],
      ['since=yesterday', /since="yesterday" is neither an ISO 8601 time nor the id of a request the journal holds/],
      ['since=req_00000000ffffffffffffffff', /may have been evicted or cleared/],
    ];
    for (const [query, message] of bad) {
      const r = await getJson<{ error: { message: string; code: string } }>(`/admin/requests?${query}`);
      expect([query, r.status, r.body.error.code]).toEqual([query, 400, 'invalid_query']);
      expect(r.body.error.message).toMatch(message);
    }
    expect(() => h.server.requests({ since: 'yesterday' })).toThrow(/neither an ISO 8601 time nor the id/);
    expect((await getJson<ListBody>('/admin/requests')).body.count).toBe(4);
  });
});

describe('one entry, clearing and reset', () => {
  it('GET /admin/requests/{id} answers 404 once the entry is gone (DELETE, POST /admin/reset, reset())', async () => {
    await openai.chat.completions.create(chat('weather'));
    const id = h.server.lastRequest()!.id;
    expect((await getJson<JournalEntry>(`/admin/requests/${id}`)).status).toBe(200);
    const del = await fetch(`${h.server.url}/admin/requests`, { method: 'DELETE' });
    expect(await del.json()).toEqual({ status: 'cleared', cleared: 1 });
    const gone = await getJson<{ error: { message: string; code: string } }>(`/admin/requests/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error).toMatchObject({ code: 'request_not_found', message: expect.stringContaining(id) });
    expect(h.server.requests()).toEqual([]);

    await openai.chat.completions.create(chat('weather'));
    expect(h.server.requests()).toHaveLength(1);
    await fetch(`${h.server.url}/admin/reset`, { method: 'POST' });
    expect(h.server.requests()).toEqual([]);
    await openai.chat.completions.create(chat('weather'));
    h.server.reset();
    expect(h.server.requests()).toEqual([]);
    expect((await getJson<ListBody>('/admin/requests')).body).toMatchObject({ count: 0, held: 0 });
  });
});

describe('waitForRequests', () => {
  it('resolves when the n-th request arrives (newest first)', async () => {
    const waiting = h.server.waitForRequests(2, { timeoutMs: 10_000 });
    let settled = false;
    void waiting.then(() => (settled = true));
    await openai.chat.completions.create(chat('weather'));
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    await openai.chat.completions.create(chat('stream me'));
    const got = await waiting;
    expect(got.map((e) => e.user_message)).toEqual(['stream me', 'weather']);
  });

  it('rejects with how many arrived when the time runs out', async () => {
    await openai.chat.completions.create(chat('weather'));
    await expect(h.server.waitForRequests(3, { timeoutMs: 20, testId: 'late' })).rejects.toThrow('waitForRequests: 0 of 3 requests (test_id=late) arrived within 20 ms');
  });

  it('refuses counts the journal can never hold', async () => {
    await expect(h.server.waitForRequests(0)).rejects.toThrow(/whole number of requests >= 1/);
    await expect(h.server.waitForRequests(1001)).rejects.toThrow(/keeps only the last 1000 requests/);
  });
});
