/**
 * Hostile input on the real server, on every route (the jobs API, the LLM routes and the
 * control plane): JSON nested thousands of levels deep and paths with bad percent-encoding
 * get a 4xx in that route's error shape, nothing is logged as a server error, and the
 * server keeps serving (the job store keeps saving).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_JSON_DEPTH } from '../../src/http/json-depth.js';
import { parseStoreText } from '../../src/jobs/store-file.js';
import { createLogger } from '../../src/log/logger.js';
import { startWith, type Harness } from '../helpers/server.js';

const logLines: string[] = [];
const db = join(mkdtempSync(join(tmpdir(), 'llmposter-hostile-')), 'jobs.jsonl');
let h: Harness;
beforeAll(async () => {
  h = await startWith(
    { 'f.yaml': 'fixtures:\n  - match: { user_message: hi }\n    response: { content: hello }\n' },
    { jobs: { dbPath: db, mode: 'ok', latencyMs: 0 }, logger: createLogger({ write: (l) => logLines.push(l) }) },
  );
});
afterAll(() => h.close());

/** Send exactly these bytes as the request target and body (no client-side normalisation). */
function raw(method: string, path: string, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${h.server.url}${path}`, { method, path, headers: body === undefined ? {} : { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const nestedArrays = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);
const nestedObjects = (depth: number, inner = '1') => '{"a":'.repeat(depth) + inner + '}'.repeat(depth);
const serverErrors = () => logLines.filter((l) => /error/i.test(l) && /\n\s+at /.test(l));

describe(`JSON nested deeper than ${MAX_JSON_DEPTH} levels is a 400 on every route`, () => {
  it.each([
    ['args nested 5,000 levels', `{"op":"x","args":${nestedObjects(5000)}}`],
    ['timeout_ms nested 5,000 levels', `{"op":"x","timeout_ms":${nestedArrays(5000)}}`],
    ['the body itself nested', nestedArrays(MAX_JSON_DEPTH + 1)],
  ])('POST /v1/jobs: %s', async (_name, body) => {
    const r = await raw('POST', '/v1/jobs', body);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).error).toMatchObject({ code: 'BAD_REQUEST', type: 'invalid_request_error' });
    expect(JSON.parse(r.text).error.message).toContain(`more than ${MAX_JSON_DEPTH} levels`);
  });

  it.each(['/v1/chat/completions', '/v1/completions'])('POST %s', async (path) => {
    const body = `{"model":"gpt-4o","prompt":"hi","messages":[{"role":"user","content":"hi"}],"metadata":${nestedObjects(5000)}}`;
    const r = await raw('POST', path, body);
    expect(r.status).toBe(400);
    const error = JSON.parse(r.text).error;
    expect(error.type).toBe('invalid_request_error');
    expect(error.message).toMatch(new RegExp(`^The request body nests .* more than ${MAX_JSON_DEPTH} levels`));
  });

  it('accepts nesting up to the limit, and brackets inside strings do not count', async () => {
    const atLimit = `{"op":"x","args":{"deep":${nestedArrays(MAX_JSON_DEPTH - 2)},"text":"${'['.repeat(500)}"}}`;
    const r = await raw('POST', '/v1/jobs', atLimit);
    expect(r.status).toBe(201);
    const id = JSON.parse(r.text).id;
    expect((await raw('GET', `/v1/jobs/${id}/request`)).status).toBe(200);
  });

});

describe('bad percent-encoding in the path is a 4xx on every route, never a 500', () => {
  const bad = ['%ZZ', '%', '%c0%af', '%E0%A4%A', '%ff', '%00%'];
  const paths = bad.flatMap((b) => [
    ['GET', `/v1/jobs/${b}`],
    ['POST', `/v1/jobs/${b}/cancel`],
    ['GET', `/v1/jobs/${b}/request`],
    ['GET', `/v1/jobs/${b}/events`],
    ['GET', `/v1/jobs/job_x/${b}`],
    ['GET', `/v1/jobs?state=${b}`],
    ['POST', `/v1/chat/completions${b}`],
    ['GET', `/v1/models/${b}`],
    ['GET', `/health${b}`],
    ['POST', `/admin/${b}`],
    ['GET', `/${b}`],
  ]);
  it.each(paths)('%s %s', async (method, path) => {
    const r = await raw(method, path);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    const body = JSON.parse(r.text);
    expect(typeof body.error.message).toBe('string');
  });

  it('the jobs API names the problem in its own error shape', async () => {
    const r = await raw('GET', '/v1/jobs/%ZZ');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).error).toMatchObject({ code: 'BAD_REQUEST', type: 'invalid_request_error', param: null });
    expect(JSON.parse(r.text).error.message).toContain('not valid percent-encoding');
  });

  it('logs no stack trace for any of them', () => {
    expect(serverErrors()).toEqual([]);
  });
});

// Last: it restarts the server on the same store file.
describe('after all of the above', () => {
  it('the server and its job store keep working afterwards', async () => {
    const r = await raw('POST', '/v1/jobs', '{"op":"after"}');
    expect(r.status).toBe(201);
    const id = JSON.parse(r.text).id;
    expect((await raw('GET', `/v1/jobs/${id}/request`)).status).toBe(200);
    await h.server.close();
    const saved = parseStoreText(readFileSync(db, 'utf8'), db).jobs.map((j) => j.request.op);
    expect(saved).toEqual(['x', 'after']);
    h = await startWith({}, { jobs: { dbPath: db }, logger: createLogger({ write: (l) => logLines.push(l) }) });
    expect((await raw('GET', `/v1/jobs/${id}`)).status).toBe(200);
    expect(serverErrors()).toEqual([]);
  });
});
