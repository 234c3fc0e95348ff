import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import { chatJob, startJobsHarness, type JobsHarness, type HttpReply } from '../helpers/jobs-harness.js';

let s: JobsHarness;
beforeAll(async () => {
  s = await startJobsHarness({ settings: { mode: 'hang' }, deps: { maxBodyBytes: 4096 } });
});
afterAll(async () => {
  await s.close();
});

/** Every jobs error has the same shape. */
function expectError(r: HttpReply, status: number, code: string, param?: string | null) {
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/application\/json/);
  expect(Object.keys(r.json)).toEqual(['error']);
  expect(Object.keys(r.json.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(r.json.error.code).toBe(code);
  expect(typeof r.json.error.message).toBe('string');
  expect(r.json.error.message.length).toBeGreaterThan(5);
  if (param !== undefined) expect(r.json.error.param).toBe(param);
}

describe('POST /v1/jobs: malformed bodies are 400s, never crashes', () => {
  it.each([
    ['not JSON', '{"op": "llm.chat",', 'INVALID_JSON'],
    ['garbage', 'op=llm.chat', 'INVALID_JSON'],
    ['empty', '', 'BAD_REQUEST'],
    ['whitespace', '   \n', 'BAD_REQUEST'],
    ['an array', '[{"op":"x"}]', 'BAD_REQUEST'],
    ['a string', '"llm.chat"', 'BAD_REQUEST'],
    ['a number', '42', 'BAD_REQUEST'],
    ['null', 'null', 'BAD_REQUEST'],
    ['true', 'true', 'BAD_REQUEST'],
  ])('%s body', async (_name, body, code) => {
    expectError(await s.post('/v1/jobs', body), 400, code);
  });

  it('no body at all', async () => {
    expectError(await s.request('POST', '/v1/jobs'), 400, 'BAD_REQUEST');
  });

  it.each([
    ['missing op', { args: {} }, 'op'],
    ['null op', { op: null }, 'op'],
    ['empty op', { op: '' }, 'op'],
    ['blank op', { op: '   ' }, 'op'],
    ['numeric op', { op: 7 }, 'op'],
    ['object op', { op: { name: 'x' } }, 'op'],
    ['array args', { op: 'x', args: [1] }, 'args'],
    ['string args', { op: 'x', args: 'hi' }, 'args'],
    ['negative timeout_ms', { op: 'x', timeout_ms: -1 }, 'timeout_ms'],
    ['fractional timeout_ms', { op: 'x', timeout_ms: 1.5 }, 'timeout_ms'],
    ['string timeout_ms', { op: 'x', timeout_ms: '100' }, 'timeout_ms'],
    ['huge timeout_ms', { op: 'x', timeout_ms: 2 ** 40 }, 'timeout_ms'],
    ['numeric trace_id', { op: 'x', trace_id: 12 }, 'trace_id'],
    ['a simulation knob', { op: 'x', mode: 'fail' }, 'mode'],
    ['another knob', { op: 'x', simulate: { latency_ms: 5 } }, 'simulate'],
  ])('%s', async (_name, body, param) => {
    expectError(await s.post('/v1/jobs', body), 400, 'BAD_REQUEST', param);
  });

  it('names the server-side setting when a knob is sent', async () => {
    const r = await s.post('/v1/jobs', { op: 'x', mode: 'fail' });
    expect(r.json.error.message).toContain("unknown field 'mode'");
    expect(r.json.error.message).toContain('--jobs-mode');
  });

  it('accepts null args / timeout_ms / trace_id as "not given"', async () => {
    const r = await s.post('/v1/jobs', { op: 'x', args: null, timeout_ms: null, trace_id: null });
    expect(r.status).toBe(201);
  });

  it('accepts a JSON body sent with another content type (curl -d)', async () => {
    const r = await s.post('/v1/jobs', JSON.stringify(chatJob('hi')), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(201);
  });

  it('refuses a body over the limit with 413', async () => {
    const big = chatJob('x'.repeat(10_000));
    expectError(await s.post('/v1/jobs', big), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('refuses an oversized chunked body (no content-length) with 413', async () => {
    const r = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${s.url}/v1/jobs`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write('x'.repeat(1000));
      req.end();
    });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('still serves normally after all of the above', async () => {
    expect((await s.post('/v1/jobs', chatJob('hi'))).status).toBe(201);
  });
});

describe('unknown ids are 404 on every route', () => {
  it.each([
    ['GET', '/v1/jobs/job_doesnotexist'],
    ['POST', '/v1/jobs/job_doesnotexist/cancel'],
    ['GET', '/v1/jobs/job_doesnotexist/request'],
    ['GET', '/v1/jobs/job_doesnotexist/events'],
  ])('%s %s', async (method, path) => {
    const r = await s.request(method, path);
    expectError(r, 404, 'NOT_FOUND', 'id');
    expect(r.json.error.message).toContain('job_doesnotexist');
  });
});

describe('other bad requests', () => {
  it('unknown sub-paths under /v1/jobs are 404 in the jobs shape', async () => {
    expectError(await s.get('/v1/jobs/x/y/z'), 404, 'NOT_FOUND');
    expectError(await s.get('/v1/jobs/x/unknown'), 404, 'NOT_FOUND');
  });

  it.each([
    ['DELETE', '/v1/jobs', 'GET, POST'],
    ['PUT', '/v1/jobs/job_x', 'GET'],
    ['GET', '/v1/jobs/job_x/cancel', 'POST'],
    ['POST', '/v1/jobs/job_x/request', 'GET'],
    ['POST', '/v1/jobs/job_x/events', 'GET'],
  ])('%s %s is 405 with Allow', async (method, path, allow) => {
    const r = await s.request(method, path);
    expectError(r, 405, 'METHOD_NOT_ALLOWED');
    expect(r.headers.get('allow')).toBe(allow);
  });

  it.each([
    ['/v1/jobs?state=done', 'state'],
    ['/v1/jobs?state=ok,nope', 'state'],
    ['/v1/jobs?limit=0', 'limit'],
    ['/v1/jobs?limit=abc', 'limit'],
    ['/v1/jobs?limit=100000', 'limit'],
  ])('GET %s is 400', async (path, param) => {
    expectError(await s.get(path), 400, 'BAD_REQUEST', param);
  });

  it('leaves paths outside /v1/jobs to the app', async () => {
    const r = await s.get('/v1/other');
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ error: 'app 404' });
  });
});

describe('with app-level express.json() in front', () => {
  it('uses the body the middleware parsed and still validates it', async () => {
    const h = await startJobsHarness({ withJsonMiddleware: true });
    try {
      expect((await h.post('/v1/jobs', chatJob('hi'))).status).toBe(201);
      expectError(await h.post('/v1/jobs', { args: {} }), 400, 'BAD_REQUEST', 'op');
    } finally {
      await h.close();
    }
  });
});

describe('after close', () => {
  it('refuses new jobs with 503', async () => {
    const h = await startJobsHarness();
    await h.sim.close();
    expectError(await h.post('/v1/jobs', chatJob('hi')), 503, 'SHUTTING_DOWN');
    await h.close();
  });
});
