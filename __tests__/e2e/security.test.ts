/**
 * The server runs next to the developer's browser. A web page must not be able to read it
 * through DNS rebinding (any Host), drive its admin or jobs API (cross-origin POSTs), or learn
 * the machine's folders from /health and response headers; --admin-token guards /admin/*.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { basename, join } from 'node:path';
import { startServer, type StartServerOptions } from '../../src/index.js';
import { silentLogger, type Logger } from '../../src/log/logger.js';
import { chat, startWith, tempDir, type Harness } from '../helpers/server.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http, because fetch does not let a caller set Host or Origin. */
function send(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const errorOf = (a: Answer) => JSON.parse(a.body).error as { message: string; type: string; code: string | null };
const FIXTURES = { 'f.yaml': 'fixtures:\n  - name: greeting\n    match: { user_message: "hello" }\n    response: { content: "hi there" }\n' };

let h: Harness;
let hostPort: string;
beforeAll(async () => {
  h = await startWith(FIXTURES, { diagnostics: true });
  hostPort = `127.0.0.1:${h.server.port}`;
});
afterAll(() => h.close());

describe('Host header (DNS rebinding)', () => {
  it.each(['evil.example:PORT', 'evil.example', '127.0.0.1.nip.io:PORT'])('Host %s -> 403 on the LLM routes and the control plane', async (host) => {
    const headers = { host: host.replace('PORT', String(h.server.port)), 'content-type': 'application/json' };
    const llm = await send(`${h.server.url}/v1/chat/completions`, { method: 'POST', headers, body: JSON.stringify(chat('hello')) });
    expect(llm.status).toBe(403);
    expect(llm.headers['x-request-id']).toMatch(/^req_/);
    expect(errorOf(llm).message).toMatch(/--allow-host/);
    expect(errorOf(llm).type).toBe('permission_error');
    expect((await send(`${h.server.url}/health`, { headers })).status).toBe(403);
  });

  it.each(['127.0.0.1:PORT', 'localhost:PORT', 'LOCALHOST:PORT', '[::1]:PORT', 'localhost', '127.0.0.1'])('Host %s is served', async (host) => {
    const res = await send(`${h.server.url}/health`, { headers: { host: host.replace('PORT', String(h.server.port)) } });
    expect(res.status).toBe(200);
  });

  it('--allow-host serves another name; * serves any', async () => {
    const named = await startServer({ port: 0, logger: silentLogger, env: {}, allowedHosts: ['llmposter'] });
    const any = await startServer({ port: 0, logger: silentLogger, env: {}, allowedHosts: ['*'] });
    try {
      expect((await send(`${named.url}/health`, { headers: { host: `llmposter:${named.port}` } })).status).toBe(200);
      expect((await send(`${named.url}/health`, { headers: { host: `other:${named.port}` } })).status).toBe(403);
      expect((await send(`${any.url}/health`, { headers: { host: 'whatever.example' } })).status).toBe(200);
    } finally {
      await Promise.all([named.close(), any.close()]);
    }
  });
});

describe('Origin on /admin and /v1/jobs (cross-site requests)', () => {
  it.each([
    ['POST', '/admin/reset'],
    ['POST', '/admin/reload'],
    ['POST', '/v1/jobs'],
    ['GET', '/v1/jobs'],
  ])('%s %s from a foreign page -> 403', async (method, path) => {
    for (const origin of ['http://evil.example', 'https://evil.example:8443', 'null', `http://evil.example:${h.server.port}`]) {
      const res = await send(`${h.server.url}${path}`, { method, headers: { origin, 'content-type': 'text/plain' }, body: '{"op":"echo","args":{}}' });
      expect(res.status).toBe(403);
      expect(errorOf(res).message).toMatch(/Cross-origin/);
    }
  });

  it('pages on this machine, same-origin requests and non-browser clients (no Origin) are served', async () => {
    for (const origin of ['http://localhost:3000', 'http://127.0.0.1:5173', 'http://[::1]:8080', `http://${hostPort}`, undefined]) {
      const res = await send(`${h.server.url}/admin/reset`, { method: 'POST', headers: origin ? { origin } : {} });
      expect(res.status).toBe(200);
    }
  });

  it('Origin does not matter on the LLM routes', async () => {
    const res = await send(`${h.server.url}/v1/chat/completions`, { method: 'POST', headers: { origin: 'http://evil.example', 'content-type': 'application/json' }, body: JSON.stringify(chat('hello')) });
    expect(res.status).toBe(200);
  });
});

describe('--admin-token', () => {
  let s: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    s = await startServer({ port: 0, logger: silentLogger, env: {}, adminToken: 'letmein' });
  });
  afterAll(() => s.close());

  it.each([
    ['no Authorization', {}],
    ['a wrong token', { authorization: 'Bearer letmeout' }],
    ['a longer wrong token', { authorization: 'Bearer letmein-and-more' }],
    ['another scheme', { authorization: 'Basic bGV0bWVpbg==' }],
  ])('%s -> 401', async (_name, headers) => {
    const res = await send(`${s.url}/admin/reset`, { method: 'POST', headers });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(errorOf(res).message).toMatch(/admin token/);
  });

  it('the right token is served; /health and the LLM routes need none', async () => {
    expect((await send(`${s.url}/admin/reset`, { method: 'POST', headers: { authorization: 'Bearer letmein' } })).status).toBe(200);
    expect((await send(`${s.url}/health`)).status).toBe(200);
  });
});

describe('no absolute paths in what the server shows', () => {
  it('/health lists fixture files relative to the fixtures folder', async () => {
    const health = (await (await fetch(`${h.server.url}/health`)).json()) as { files: string[] };
    expect(health.files).toEqual(['f.yaml']);
    expect(JSON.stringify(health)).not.toContain(h.dir);
  });

  it('x-llmposter-fixture and diagnostics name the file relative to the fixtures folder', async () => {
    const ok = await fetch(`${h.server.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(chat('hello')) });
    expect(ok.headers.get('x-llmposter-fixture')).toBe('f.yaml#0');
    const miss = await fetch(`${h.server.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(chat('nothing like it')) });
    const text = await miss.text();
    expect(text).not.toContain(h.dir);
    expect(JSON.parse(text).error.nearest).toMatchObject({ fixture: 'f.yaml#0', location: 'f.yaml:2' });
  });

  it('/health names the --jobs-db file without its folders', async () => {
    const db = join(h.dir, 'jobs.jsonl');
    const s = await startServer({ port: 0, logger: silentLogger, env: {}, fixtures: h.dir, jobs: { dbPath: db } });
    try {
      const health = (await (await fetch(`${s.url}/health`)).json()) as { jobs: { db: string } };
      expect(health.jobs.db).toBe('jobs.jsonl');
      expect(JSON.stringify(health)).not.toContain(h.dir);
    } finally {
      await s.close();
    }
  });

  it('a failed /admin/reload names the broken file relative to the fixtures folder', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'good.yaml'), FIXTURES['f.yaml']);
    const s = await startServer({ port: 0, logger: silentLogger, env: {}, fixtures: dir });
    try {
      writeFileSync(join(dir, 'broken.yaml'), 'fixtures:\n  - respone: { content: a }\n');
      const res = await fetch(`${s.url}/admin/reload`, { method: 'POST' });
      const text = await res.text();
      expect(res.status).toBe(400);
      expect(JSON.parse(text).error.message).toMatch(/^broken\.yaml:2:5: /);
      expect(text).not.toContain(dir);
    } finally {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('several folders show paths from their common folder', async () => {
    const other = await startWith({ 'y.yaml': FIXTURES['f.yaml'] }, {});
    const both = await startServer({ port: 0, logger: silentLogger, env: {}, fixtures: [h.dir, join(other.dir, 'y.yaml')] });
    try {
      const health = (await (await fetch(`${both.url}/health`)).json()) as { files: string[] };
      expect(health.files).toEqual([`${basename(h.dir)}/f.yaml`, `${basename(other.dir)}/y.yaml`]);
    } finally {
      await both.close();
      await other.close();
    }
  });
});

describe('binding beyond this machine', () => {
  const warnings = (opts: Partial<StartServerOptions>) => {
    const lines: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (m) => lines.push(m) };
    return { lines, start: () => startServer({ port: 0, env: {}, logger, ...opts }) };
  };

  it('warns that the admin API is open on a non-loopback address, and says so less when a token is set', async () => {
    const open = warnings({ host: '0.0.0.0' });
    const s1 = await open.start();
    const guarded = warnings({ host: '0.0.0.0', adminToken: 't' });
    const s2 = await guarded.start();
    const local = warnings({});
    const s3 = await local.start();
    try {
      expect(open.lines.join('\n')).toMatch(/admin API.*--admin-token/);
      expect(guarded.lines.join('\n')).toMatch(/needs the admin token/);
      expect(local.lines.filter((l) => /admin API|admin token/.test(l))).toEqual([]);
      // Bound to every interface, the loopback names still work.
      expect((await send(`http://127.0.0.1:${s1.port}/health`)).status).toBe(200);
    } finally {
      await Promise.all([s1.close(), s2.close(), s3.close()]);
    }
  });
});
