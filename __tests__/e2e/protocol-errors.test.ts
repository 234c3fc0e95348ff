/**
 * What Node itself rejects (malformed HTTP, oversized headers, an unknown Expect, a missing
 * Host) is answered like every other error: OpenAI's error shape and an x-request-id, then the
 * connection is closed; and the server keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chat, postRaw, startWith, type Harness } from '../helpers/server.js';
import { parseRawResponse, rawExchange } from '../helpers/raw-socket.js';

let h: Harness;
let port: number;
beforeAll(async () => {
  h = await startWith({ 'f.yaml': 'fixtures:\n  - response: { content: "ok" }\n' });
  port = h.server.port;
});
afterAll(() => h.close());

const chatBody = JSON.stringify(chat('hi'));

describe('protocol errors', () => {
  it.each([
    ['a request line that is not HTTP', 400, 'FOO BAR\r\n\r\n'],
    ['a header line without a colon', 400, 'GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\nnot a header\r\n\r\n'],
    ['headers over 16 KB', 431, `GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`],
    ['Expect: bogus', 417, `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\nexpect: bogus\r\ncontent-type: application/json\r\ncontent-length: ${chatBody.length}\r\n\r\n${chatBody}`],
    ['HTTP/1.1 without a Host header', 400, 'GET /health HTTP/1.1\r\n\r\n'],
  ])('%s -> %i in the OpenAI shape with an x-request-id, then close', async (_name, status, payload) => {
    const r = await rawExchange(port, payload);
    expect(r.closed).toBe(true);
    const res = parseRawResponse(r.text);
    expect(res.status).toBe(status);
    expect(res.headers['x-request-id']).toMatch(/^req_[0-9a-f]{24}$/);
    expect(res.headers['content-type']).toBe('application/json');
    const body = res.headers['transfer-encoding'] === 'chunked' ? res.body.split('\r\n')[1] : res.body;
    const err = JSON.parse(body).error;
    expect(typeof err.message).toBe('string');
    expect(err.message.length).toBeGreaterThan(10);
    expect(err.type).toBe('invalid_request_error');
    expect(err).toHaveProperty('param', null);
  });

  it('HTTP/1.0 without Host is served (no browser sends that)', async () => {
    const r = await rawExchange(port, 'GET /health HTTP/1.0\r\n\r\n');
    expect(parseRawResponse(r.text).status).toBe(200);
  });

  it('still serves after all of the above', async () => {
    const res = await postRaw(`${h.server.url}/v1/chat/completions`, chat('hi'));
    expect(res.status).toBe(200);
  });
});
