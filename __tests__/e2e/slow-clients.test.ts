/**
 * Slow and stalled clients: a request whose headers or body stop arriving is answered 408 and
 * its connection closed (Node's own default holds such a socket for 300 s), an idle keep-alive
 * connection is not mistaken for one, and connections beyond --max-connections are refused.
 * The timeouts are small here; every bound asserted is loose.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type Socket } from 'node:net';
import { request, Agent } from 'node:http';
import { startServer } from '../../src/index.js';
import { silentLogger } from '../../src/log/logger.js';
import { DEFAULT_TRANSPORT_LIMITS } from '../../src/server/transport-limits.js';
import { chat, startWith, type Harness } from '../helpers/server.js';
import { parseRawResponse, rawExchange } from '../helpers/raw-socket.js';

let h: Harness;
beforeAll(async () => {
  h = await startWith({ 'f.yaml': 'fixtures:\n  - response: { content: "ok" }\n' }, { headersTimeoutMs: 200, requestTimeoutMs: 400 });
});
afterAll(() => h.close());

const body = JSON.stringify(chat('hi'));

describe('slow clients', () => {
  it('a body that stalls halfway gets a 408 in the OpenAI shape and the connection closes', async () => {
    const head = `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`;
    const r = await rawExchange(h.server.port, head + body.slice(0, 10), 10_000);
    expect(r.closed).toBe(true);
    const res = parseRawResponse(r.text);
    expect(res.status).toBe(408);
    expect(res.headers['x-request-id']).toMatch(/^req_/);
    expect(JSON.parse(res.body).error.message).toMatch(/--request-timeout/);
  });

  it('headers that stop arriving get a 408 too', async () => {
    const r = await rawExchange(h.server.port, 'GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\n', 10_000);
    expect(r.closed).toBe(true);
    expect(parseRawResponse(r.text).status).toBe(408);
  });

  it('a connection that never sends a byte is closed with a 408', async () => {
    const r = await rawExchange(h.server.port, '', 10_000);
    expect(r.closed).toBe(true);
    expect(parseRawResponse(r.text).status).toBe(408);
  });

  it('an idle keep-alive connection is not cut by the timeouts: the next request reuses it', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const one = () =>
      new Promise<{ status: number | undefined; port: number | undefined }>((resolve, reject) => {
        const req = request(`${h.server.url}/v1/chat/completions`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode, port: req.socket?.localPort }));
        });
        req.on('error', reject);
        req.end(body);
      });
    const a = await one();
    // Well past both timeouts (200 and 400 ms).
    await new Promise((r) => setTimeout(r, 1000));
    const b = await one();
    agent.destroy();
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.port).toBe(a.port);
  });

  it('the defaults answer a stalled request within 30 s: Node checks them every second, not every 30 s', () => {
    expect(DEFAULT_TRANSPORT_LIMITS.requestTimeoutMs + 1000).toBeLessThanOrEqual(30_000);
    expect(DEFAULT_TRANSPORT_LIMITS.headersTimeoutMs).toBeLessThanOrEqual(DEFAULT_TRANSPORT_LIMITS.requestTimeoutMs);
    expect(DEFAULT_TRANSPORT_LIMITS.maxConnections).toBeGreaterThan(1000);
  });
});

describe('--max-connections', () => {
  it('closes connections beyond the cap at once and serves again when one is free', async () => {
    const server = await startServer({ port: 0, logger: silentLogger, env: {}, maxConnections: 2 });
    const open: Socket[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        open.push(await new Promise<Socket>((resolve) => {
          const s = connect({ host: '127.0.0.1', port: server.port }, () => resolve(s));
        }));
      }
      // Give the server a moment to count both.
      await new Promise((r) => setTimeout(r, 100));
      const third = await rawExchange(server.port, 'GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n', 5000);
      expect(third.closed).toBe(true);
      expect(third.text).toBe('');
      open.pop()!.destroy();
      await new Promise((r) => setTimeout(r, 100));
      const fourth = await fetch(`${server.url}/health`);
      expect(fourth.status).toBe(200);
    } finally {
      for (const s of open) s.destroy();
      await server.close();
    }
  });
});

describe('settings that cannot work', () => {
  it('a headers timeout longer than the request timeout is refused at start, naming both flags', async () => {
    await expect(startServer({ port: 0, logger: silentLogger, env: {}, headersTimeoutMs: 5000, requestTimeoutMs: 100 })).rejects.toThrow(/--headers-timeout.*--request-timeout/);
  });
});
