/**
 * `failure: {hang_ms}`: a timeout that times out. The server reads the request, then sends
 * nothing at all (no status line) for hang_ms and closes the connection. Driven by the fake
 * clock at the socket level, and once on the real clock with loose bounds through the SDK.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type Socket } from 'node:net';
import OpenAI from 'openai';
import { createFakeClock, type FakeClock } from '../../src/index.js';
import { chat, startWith, type Harness } from '../helpers/server.js';

const FIXTURES = `
fixtures:
  - match: { user_message: "hang" }
    response: { content: "never sent" }
    failure: { hang_ms: 30000 }
  - match: { user_message: "brief silence" }
    response: { content: "never sent" }
    failure: { hang_ms: 150 }
  - match: { user_message: "hello" }
    response: { content: "still here" }
`;

/** Let the server handle pending I/O (the fake clock moves only timers). */
const settle = () => new Promise((r) => setTimeout(r, 50));

/** A raw HTTP/1.1 request on a bare socket: what came back, and whether the server closed it. */
function rawRequest(port: number, body: unknown): { socket: Socket; state: { text: string; closed: boolean } } {
  const json = JSON.stringify(body);
  const state = { text: '', closed: false };
  const socket = connect({ host: '127.0.0.1', port }, () => {
    socket.write(`POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(json)}\r\n\r\n${json}`);
  });
  socket.on('data', (d) => (state.text += d.toString('utf8')));
  socket.on('error', () => {});
  socket.on('close', () => (state.closed = true));
  return { socket, state };
}

describe('hang_ms on the fake clock', () => {
  let h: Harness;
  let clock: FakeClock;
  beforeAll(async () => {
    clock = createFakeClock();
    h = await startWith({ 'h.yaml': FIXTURES }, { clock });
  });
  afterAll(() => h.close());

  it('holds the connection open in silence, then closes it without a byte', async () => {
    const before = clock.pendingTimers();
    const { socket, state } = rawRequest(h.server.port, chat('hang'));
    // The hang's timer exists once the server has read the request.
    while (clock.pendingTimers() === before) await settle();
    clock.advance(29_999);
    await settle();
    expect(state).toEqual({ text: '', closed: false });
    clock.advance(1);
    for (let i = 0; i < 40 && !state.closed; i++) await settle();
    expect(state).toEqual({ text: '', closed: true });
    socket.destroy();
    // The server is fine: the next request is answered.
    expect((await h.client.chat.completions.create(chat('hello'))).choices[0].message.content).toBe('still here');
  });
});

describe('hang_ms on the real clock', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startWith({ 'h.yaml': FIXTURES });
  });
  afterAll(() => h.close());

  it('an SDK call fails with a connection error after about hang_ms (loose bounds)', async () => {
    const started = Date.now();
    await expect(h.client.chat.completions.create(chat('brief silence'))).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    const ms = Date.now() - started;
    expect(ms).toBeGreaterThanOrEqual(100);
    expect(ms).toBeLessThan(10_000);
  });

  it("a client's own timeout fires first when it is shorter", async () => {
    const client = new OpenAI({ baseURL: `${h.server.url}/v1`, apiKey: 'k', maxRetries: 0, timeout: 50 });
    const started = Date.now();
    // (APIConnectionTimeoutError outside jest; its abort is not recognised across jest's VM realm.)
    await expect(client.chat.completions.create(chat('hang'))).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    // Long before the server's 30 s hang would have ended.
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
