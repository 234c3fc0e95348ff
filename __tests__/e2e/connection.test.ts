/**
 * Connection reuse is the client's call: a streamed answer keeps the connection open for the
 * next request when the client allows it, and closes it when the client sent `Connection: close`
 * (HTTP/1.0 clients, proxies, load generators that count on the close to end a response).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request, Agent } from 'node:http';
import { connect } from 'node:net';
import { chat, startWith, type Harness } from '../helpers/server.js';

let h: Harness;
beforeAll(async () => {
  h = await startWith({ 'f.yaml': 'fixtures:\n  - response: { content: "hello there" }\n    streaming: { chunk_size: 3, latency: 1 }\n' });
});
afterAll(() => h.close());

const body = JSON.stringify({ ...chat('hi'), stream: true });

describe('connection handling of streamed answers', () => {
  it('closes the connection after the stream when the client sent Connection: close', async () => {
    const { port } = new URL(h.server.url);
    const result = await new Promise<{ text: string; closed: boolean }>((resolve) => {
      let text = '';
      const socket = connect({ host: '127.0.0.1', port: Number(port) }, () =>
        socket.write(`POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`),
      );
      // Bounded: a server that keeps the connection open fails the test instead of hanging it.
      const bound = setTimeout(() => {
        socket.destroy();
        resolve({ text, closed: false });
      }, 5000);
      socket.on('data', (d) => (text += d.toString('utf8')));
      socket.on('close', () => {
        clearTimeout(bound);
        resolve({ text, closed: true });
      });
    });
    expect(result.closed).toBe(true);
    expect(result.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(result.text).toMatch(/\r\nconnection: close\r\n/i);
    expect(result.text).toContain('data: [DONE]\n\n');
  });

  it('keeps the connection for the next request when the client allows it', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const one = () =>
      new Promise<{ connection: string | undefined; port: number | undefined; text: string }>((resolve, reject) => {
        const req = request(`${h.server.url}/v1/chat/completions`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ connection: res.headers.connection, port: req.socket?.localPort, text }));
        });
        req.on('error', reject);
        req.end(body);
      });
    const a = await one();
    const b = await one();
    agent.destroy();
    expect(a.connection).toBe('keep-alive');
    expect(a.text).toContain('data: [DONE]\n\n');
    expect(b.text).toContain('data: [DONE]\n\n');
    expect(typeof a.port).toBe('number');
    expect(b.port).toBe(a.port);
  });
});
