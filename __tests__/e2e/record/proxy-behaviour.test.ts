/**
 * How the proxy behaves around recording: only misses are proxied in record-missing, record
 * mode turns a repeated request into a sequence, upstream errors are recorded, an unreachable
 * or silent upstream is a 502/504 in the provider's shape with nothing saved, frames pass
 * through as they arrive, client aborts, per-test files and concurrent identical requests.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { request } from 'node:http';
import { loadFixtures } from '../../../src/fixture-set/load.js';
import { startRecordRig, type RecordRig } from '../../helpers/record-harness.js';
import { postRaw } from '../../helpers/server.js';
import { startServer } from '../../../src/index.js';
import { silentLogger } from '../../../src/log/logger.js';

let rig: RecordRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const client = (url: string, headers: Record<string, string> = {}) => new OpenAI({ baseURL: `${url}/v1`, apiKey: 'dummy', maxRetries: 0, defaultHeaders: headers });
const ask = (c: OpenAI, user: string) => c.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: user }] });
const yamlFiles = (r: RecordRig) => Object.entries(r.files()).filter(([n]) => n.endsWith('.yaml'));

describe('record-missing', () => {
  it('answers from fixtures when one matches, proxies and records only the misses, and the new file is live at once', async () => {
    rig = await startRecordRig();
    // A hand-written fixture in the fixtures folder answers its own question.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${rig.dir}/hand.yaml`, 'fixtures:\n  - match: { user_message: { equals: "known" } }\n    response: { content: "from a fixture" }\n');
    await rig.server.reload();
    let n = 0;
    rig.upstream.script = () => ({ text: `upstream answer ${++n}` });
    const c = client(rig.server.url);
    expect((await ask(c, 'known')).choices[0].message.content).toBe('from a fixture');
    expect(rig.upstream.requests).toHaveLength(0);
    expect((await ask(c, 'new question')).choices[0].message.content).toBe('upstream answer 1');
    // The very next identical request is answered by the recording, not the upstream.
    expect((await ask(c, 'new question')).choices[0].message.content).toBe('upstream answer 1');
    expect(rig.upstream.requests).toHaveLength(1);
  });
});

describe('record', () => {
  it('proxies every request, and the same request answered differently becomes a sequence', async () => {
    rig = await startRecordRig({ mode: 'record' });
    let n = 0;
    rig.upstream.script = () => ({ text: `take ${++n}` });
    const c = client(rig.server.url);
    for (let i = 0; i < 3; i++) await ask(c, 'again');
    expect(rig.upstream.requests).toHaveLength(3);
    const [[, text]] = yamlFiles(rig);
    expect(text).toContain('sequence:');
    const replaying = await rig.replay();
    const r = client(replaying.url);
    expect([(await ask(r, 'again')).choices[0].message.content, (await ask(r, 'again')).choices[0].message.content, (await ask(r, 'again')).choices[0].message.content]).toEqual(['take 1', 'take 2', 'take 3']);
  });

  it('records upstream errors with their status, message and retry-after', async () => {
    rig = await startRecordRig({ mode: 'record' });
    rig.upstream.script = () => ({ error: { status: 429, message: 'Slow down, please', retryAfter: '7' } });
    const err = (await ask(client(rig.server.url), 'busy?').catch((e) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(err.status).toBe(429);
    const replaying = await rig.replay();
    const again = (await ask(client(replaying.url), 'busy?').catch((e) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(again.status).toBe(429);
    expect(again.message).toContain('Slow down, please');
    expect(again.headers?.get('retry-after')).toBe('7');
  });
});

describe('upstream failures', () => {
  it('an unreachable upstream is a 502 in the provider\'s shape, and nothing is saved', async () => {
    rig = await startRecordRig({ upstreams: { openai: 'http://127.0.0.1:1', anthropic: 'http://127.0.0.1:1' } });
    const res = await postRaw(`${rig.server.url}/v1/chat/completions`, { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(502);
    expect(JSON.parse(res.text).error.message).toMatch(/could not reach the openai upstream at 127\.0\.0\.1:1/);
    const a = new Anthropic({ baseURL: rig.server.url, apiKey: 'dummy', maxRetries: 0 });
    const err = await a.messages.create({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }).catch((e) => e);
    expect(err.status).toBe(502);
    expect(err.error?.type).toBe('error');
    expect(yamlFiles(rig)).toEqual([]);
    // The server stays up.
    expect((await fetch(`${rig.server.url}/health`)).status).toBe(200);
  });

  it('an upstream that sends nothing in time is a 504, and nothing is saved', async () => {
    rig = await startRecordRig({ upstreamTimeoutMs: 200 });
    rig.upstream.script = () => ({ hang: true });
    const res = await postRaw(`${rig.server.url}/v1/chat/completions`, { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(504);
    expect(JSON.parse(res.text).error.message).toMatch(/Gateway timeout/);
    expect(yamlFiles(rig)).toEqual([]);
  });
});

describe('streaming through the proxy', () => {
  it('an upstream that breaks off mid-stream breaks the client\'s stream too, and nothing is saved', async () => {
    rig = await startRecordRig({ mode: 'record' });
    rig.upstream.script = () => ({ text: 'this answer never finishes', chunk: 4, gapMs: 20, breakAfterFrames: 3 });
    const s = await client(rig.server.url).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'break' }], stream: true });
    let text = '';
    const failure = await (async () => {
      for await (const chunk of s) text += chunk.choices[0]?.delta?.content ?? '';
    })().then(() => 'ended cleanly', (e: Error) => `threw ${e.name}`);
    // A broken transfer (undici's TypeError: terminated), never a clean end.
    expect(failure).toMatch(/^threw /);
    expect(text).toBe('this ans'); // the role frame and two content frames, then the break
    expect(yamlFiles(rig)).toEqual([]);
  });

  it('Gemini: an injected key replaces the client\'s ?key= and header, and neither reaches disk', async () => {
    rig = await startRecordRig((url) => ({ upstreams: { gemini: url }, upstreamKeyEnv: { gemini: 'GEMINI_KEY' }, env: { GEMINI_KEY: 'AIza-env-gemini-key' } }));
    const res = await postRaw(`${rig.server.url}/v1beta/models/gemini-2.0-flash:generateContent?key=AIza-client-query-key`, { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }, { 'x-goog-api-key': 'AIza-client-header-key' });
    expect(res.status).toBe(200);
    const seen = rig.upstream.requests[0];
    expect(seen.url).toBe('/v1beta/models/gemini-2.0-flash:generateContent');
    expect(seen.headers['x-goog-api-key']).toBe('AIza-env-gemini-key');
    const disk = JSON.stringify(rig.files());
    for (const k of ['AIza-env-gemini-key', 'AIza-client-query-key', 'AIza-client-header-key']) expect(disk).not.toContain(k);
    expect(yamlFiles(rig)).toHaveLength(1);
  });

  it('each frame reaches the client before the upstream sends the next one', async () => {
    rig = await startRecordRig({ mode: 'passthrough' });
    // The upstream holds frame i until the client has read frame i-1 through llmposter.
    let seen = 0;
    const waiters: (() => void)[] = [];
    rig.upstream.script = () => ({
      text: 'abcdefghijkl',
      chunk: 3,
      beforeFrame: (i) => (seen >= i ? Promise.resolve() : new Promise<void>((r) => waiters.push(() => seen >= i && r()))),
    });
    const s = await client(rig.server.url).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'stream' }], stream: true });
    let text = '';
    for await (const chunk of s) {
      seen++;
      for (const w of waiters.splice(0)) w();
      text += chunk.choices[0]?.delta?.content ?? '';
    }
    expect(text).toBe('abcdefghijkl');
    // passthrough saves nothing.
    expect(yamlFiles(rig)).toEqual([]);
  });

  it('a client abort mid-stream saves nothing; with recordPartial it saves a truncated stream', async () => {
    for (const partial of [false, true]) {
      rig = await startRecordRig({ mode: 'record', recordPartial: partial });
      rig.upstream.script = () => ({ text: 'one two three four five six', chunk: 4, beforeFrame: (i) => (i >= 3 ? new Promise(() => {}) : Promise.resolve()) });
      await new Promise<void>((resolve) => {
        const req = request(`${rig!.server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
          let got = '';
          res.on('data', (d) => {
            got += d;
            if (got.split('\n\n').length > 3) req.destroy();
          });
          res.on('close', () => resolve());
        });
        req.on('error', () => resolve());
        req.end(JSON.stringify({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'cut me' }] }));
      });
      // The save (if any) happens after the abort is noticed: give it a moment, loosely.
      const deadline = Date.now() + 3000;
      while (partial && yamlFiles(rig).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const files = yamlFiles(rig);
      if (!partial) expect(files).toEqual([]);
      else {
        expect(files).toHaveLength(1);
        expect(files[0][1]).toMatch(/truncate_after_frames: 3/);
        await loadFixtures([rig.recordDir]);
      }
      await rig.close();
      rig = undefined;
    }
  });
});

describe('counted like every other request', () => {
  it('a proxied request shows in live stats, the metrics and Prometheus, with its mode as the outcome', async () => {
    rig = await startRecordRig({ mode: 'passthrough', metrics: true });
    rig.upstream.script = () => ({ text: 'from upstream' });
    const c = client(rig.server.url);
    expect((await ask(c, 'one')).choices[0].message.content).toBe('from upstream');
    const stream = await c.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'two' }], stream: true });
    for await (const _ of stream) void _;
    // The counters are updated when each response closes.
    const live = await (async () => {
      for (let i = 0; i < 50; i++) {
        const l = (await (await fetch(`${rig!.server.url}/llmsim/stats`)).json()) as { total_requests: number; active_requests: number; streaming_requests: number; model_requests: Record<string, number> };
        if (l.total_requests === 2 && l.active_requests === 0) return l;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error('live stats never counted both requests');
    })();
    expect(live).toMatchObject({ total_requests: 2, streaming_requests: 1, active_requests: 0, model_requests: { 'gpt-4o': 2 } });
    const stats = (await (await fetch(`${rig.server.url}/admin/stats`)).json()) as { total_requests: number; requests_by_outcome: Record<string, number> };
    expect(stats).toMatchObject({ total_requests: 2, requests_by_outcome: { success: 2 } });
    const prom = await (await fetch(`${rig.server.url}/metrics`)).text();
    expect(prom).toMatch(/llmposter_requests_total\{[^}]*outcome="proxied:passthrough"[^}]*\} 2/);
    expect(rig.server.requests().map((e) => e.outcome)).toEqual(['proxied:passthrough', 'proxied:passthrough']);
  });
});

describe('files', () => {
  it('x-llmposter-test-id names the file, sanitised so that it cannot leave the record folder', async () => {
    rig = await startRecordRig();
    await ask(client(rig.server.url, { 'x-llmposter-test-id': 'checkout/happy path' }), 'q1');
    await ask(client(rig.server.url, { 'x-llmposter-test-id': '../../escape' }), 'q2');
    expect(Object.keys(rig.files()).sort()).toEqual(['checkout_happy_path.yaml', 'escape.yaml']);
  });

  it('two concurrent identical requests give one valid file: one fixture, or a two-item sequence', async () => {
    rig = await startRecordRig();
    let n = 0;
    rig.upstream.script = () => ({ text: `answer ${++n}`, gapMs: 30 });
    const c = client(rig.server.url);
    await Promise.all([ask(c, 'same'), ask(c, 'same'), ask(c, 'other'), ask(c, 'other')]);
    const set = await loadFixtures([rig.recordDir]);
    expect(set.fixtures).toHaveLength(2);
    const [[, text]] = yamlFiles(rig);
    expect(text.match(/sequence:/g)).toHaveLength(2);
  });
});

describe('x-llmposter-mode', () => {
  it('is refused unless allowed, then picks the mode per request', async () => {
    rig = await startRecordRig({ mode: 'passthrough' });
    const refused = await postRaw(`${rig.server.url}/v1/chat/completions`, { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }, { 'x-llmposter-mode': 'record' });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text).error.message).toMatch(/--allow-mode-header/);
    await rig.close();
    rig = await startRecordRig({ mode: 'replay', allowModeHeader: true });
    const bad = await postRaw(`${rig.server.url}/v1/chat/completions`, { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }, { 'x-llmposter-mode': 'sometimes' });
    expect(bad.status).toBe(400);
    // Replay by default: a miss is a 404 and the upstream is not asked.
    expect((await postRaw(`${rig.server.url}/v1/chat/completions`, { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })).status).toBe(404);
    expect(rig.upstream.requests).toHaveLength(0);
    const rec = await postRaw(`${rig.server.url}/v1/chat/completions`, { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }, { 'x-llmposter-mode': 'record-missing' });
    expect(rec.status).toBe(200);
    expect(rec.headers.get('x-llmposter-proxied')).toBe('record-missing');
    expect((await postRaw(`${rig.server.url}/v1/chat/completions`, { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })).status).toBe(200);
    expect(rig.upstream.requests).toHaveLength(1);
  });
});

describe('safety', () => {
  it('startServer refuses a non-loopback host while proxying, unless allowExternalBind', async () => {
    for (const mode of ['record', 'record-missing', 'passthrough'] as const) {
      await expect(startServer({ port: 0, host: '0.0.0.0', mode, recordDir: '/nonexistent-never-created', logger: silentLogger, env: {} })).rejects.toThrow(/not a loopback address: a recording or passthrough proxy forwards credentials/);
    }
    await expect(startServer({ port: 0, host: '0.0.0.0', allowModeHeader: true, logger: silentLogger, env: {} })).rejects.toThrow(/allowExternalBind/);
  });

  it('credentials in an upstream URL are sent upstream (Basic auth when the client sends none) and never reach disk', async () => {
    rig = await startRecordRig((url) => ({ upstreams: { openai: url.replace('http://', 'http://proxy-user:url-pass-s3cret@') } }));
    const res = await postRaw(`${rig.server.url}/v1/chat/completions`, { model: 'gpt-4o', messages: [{ role: 'user', content: 'through a guarded upstream' }] });
    expect(res.status).toBe(200);
    expect(rig.upstream.requests[0].headers.authorization).toBe(`Basic ${Buffer.from('proxy-user:url-pass-s3cret').toString('base64')}`);
    const files = yamlFiles(rig);
    expect(files).toHaveLength(1);
    const disk = JSON.stringify(rig.files());
    for (const secret of ['url-pass-s3cret', 'proxy-user', Buffer.from('proxy-user:url-pass-s3cret').toString('base64')]) expect(disk).not.toContain(secret);
    // The header comment names the upstream by host and port only.
    expect(files[0][1]).toContain(new URL(rig.upstream.url).host);
  });
});
