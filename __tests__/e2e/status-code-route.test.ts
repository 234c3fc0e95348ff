/**
 * `GET /code/{status}` (the original llmposter's quick fault endpoint): that status in OpenAI's
 * error shape, no fixture needed; a status outside 400-599 is a 400 that says so.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RateLimitError, InternalServerError } from 'openai';
import { startWith, type Harness } from '../helpers/server.js';

let h: Harness;
beforeAll(async () => {
  h = await startWith({ 'a.yaml': 'fixtures:\n  - match: { user_message: hi }\n    response: { content: hello }\n' });
});
afterAll(() => h.close());

describe('GET /code/{status}', () => {
  it.each([418, 429, 500, 503, 529])('answers %i in the OpenAI error shape', async (status) => {
    const res = await fetch(`${h.server.url}/code/${status}`);
    expect(res.status).toBe(status);
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    const body = (await res.json()) as { error: { message: string; type: string; param: null } };
    expect(body.error.message).toContain(String(status));
    expect(body.error.type).toBe(status >= 500 ? 'server_error' : status === 429 ? 'rate_limit_error' : 'invalid_request_error');
  });

  it('a 429 carries the rate-limit headers a backoff client reads', async () => {
    const res = await fetch(`${h.server.url}/code/429`);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.headers.get('x-ratelimit-remaining-requests')).toBe('0');
  });

  it('is reachable through an SDK base URL ending in /v1, and the SDK raises the matching error class', async () => {
    await expect(h.client.get('/code/429')).rejects.toBeInstanceOf(RateLimitError);
    await expect(h.client.get('/code/503')).rejects.toBeInstanceOf(InternalServerError);
  });

  it.each(['200', '399', '600', 'abc', '5e2', '-404'])('refuses /code/%s with a 400 that names the range', async (raw) => {
    const res = await fetch(`${h.server.url}/code/${raw}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/from 400 to 599/);
  });

  it('stays up and keeps answering fixtures', async () => {
    const res = await h.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.choices[0].message.content).toBe('hello');
  });
});
