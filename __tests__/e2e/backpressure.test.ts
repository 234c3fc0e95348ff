/**
 * Backpressure, black-box: a client that stops reading a large stream leaves the server waiting
 * (one response in flight, pauses counted in /health) instead of queueing the rest; once it reads
 * again the whole stream arrives intact.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type Socket } from 'node:net';
import { createFakeClock } from '../../src/time/fake-clock.js';
import { parseSse, startWith, type Harness } from '../helpers/server.js';

// Well past what loopback TCP buffers absorb for a client that does not read (about 4 MB here),
// so the server's writes must block whatever the machine's buffer sizes.
const SIZE = 16 * 1024 * 1024;
const CHUNK = 16_384;
/** Fake milliseconds between frames; the test moves the server's clock by hand. */
const LATENCY = 10;
const TEXT = bigText(SIZE);

/** Distinct words, so a lost, doubled or reordered chunk changes the text. */
function bigText(size: number): string {
  const words: string[] = [];
  let len = 0;
  for (let i = 0; len < size; i++) {
    const w = `w${i} `;
    words.push(w);
    len += w.length;
  }
  return words.join('').slice(0, size);
}

const FIXTURES = `
fixtures:
  - match: { user_message: "paced" }
    response: &big { content: ${JSON.stringify(TEXT)} }
    streaming: { chunk_size: ${CHUNK}, latency: ${LATENCY} }
  - match: { user_message: "all at once" }
    response: *big
    streaming: { chunk_size: ${CHUNK}, latency: 0 }
`;

const clock = createFakeClock();
let h: Harness;
// Loading and streaming 16 MB takes seconds on a busy machine; jest's limits only, nothing asserted.
const SLOW_MS = 120_000;
beforeAll(async () => {
  h = await startWith({ 'big.yaml': FIXTURES }, { clock });
}, SLOW_MS);
afterAll(() => h.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const turn = () => new Promise((r) => setImmediate(r));

interface Health {
  responses_in_flight: number;
  backpressure_pauses: number;
}
const health = async (): Promise<Health> => (await fetch(`${h.server.url}/health`)).json() as Promise<Health>;

/** Poll /health until `ok` holds; a bounded number of tries, no time limit asserted. */
async function healthUntil(ok: (x: Health) => boolean, what: string, tries = 300): Promise<Health> {
  let last = await health();
  for (let i = 0; i < tries && !ok(last); i++) {
    await sleep(10);
    last = await health();
  }
  if (!ok(last)) throw new Error(`${what}: /health still says ${JSON.stringify(last)}`);
  return last;
}

/** Open a raw connection that does not read, and send a streaming chat completion on it. */
async function openPaused(message: string): Promise<Socket> {
  const sock = connect(h.server.port, '127.0.0.1');
  sock.pause();
  await new Promise<void>((resolve, reject) => sock.once('connect', resolve).once('error', reject));
  const body = JSON.stringify({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: message }] });
  sock.write(
    `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  return sock;
}

/** Resume reading and collect the raw response up to the last (zero-length) chunk. */
function readAll(sock: Socket): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let tail = '';
    sock.on('data', (b: Buffer) => {
      parts.push(b);
      tail = (tail + b.toString('latin1')).slice(-16);
      if (tail.endsWith('\r\n0\r\n\r\n')) resolve(Buffer.concat(parts));
    });
    sock.once('error', reject);
    sock.once('close', () => reject(new Error(`connection closed after ${parts.reduce((n, p) => n + p.length, 0)} bytes`)));
    sock.resume();
  });
}

/** Split a raw HTTP/1.1 response into status line, headers and the de-chunked body. */
function parseHttp(raw: Buffer): { status: string; headers: string; body: string } {
  const headEnd = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, headEnd).toString('latin1');
  const [status, ...headerLines] = head.split('\r\n');
  const headers = headerLines.join('\n').toLowerCase();
  expect(headers).toContain('transfer-encoding: chunked');
  const chunks: Buffer[] = [];
  let pos = headEnd + 4;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', pos);
    const size = parseInt(raw.subarray(pos, lineEnd).toString('latin1'), 16);
    if (!(size >= 0)) throw new Error(`bad chunk size at byte ${pos}`);
    if (size === 0) break;
    chunks.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    pos = lineEnd + 2 + size + 2;
  }
  return { status, headers, body: Buffer.concat(chunks).toString('utf8') };
}

describe('a client that stops reading', () => {
  it('leaves the server waiting with the stream in flight; reading again delivers all of it', async () => {
    const before = await health();
    expect(before.responses_in_flight).toBe(0);
    const sock = await openPaused('paced');
    try {
      await healthUntil((x) => x.responses_in_flight === 1, 'the stream never started');
      // Walk the clock past every frame's deadline, letting socket I/O run between steps.
      const frames = Math.ceil(SIZE / CHUNK) + 10;
      for (let i = 0; i < frames; i++) {
        clock.advance(LATENCY);
        await turn();
      }
      // Every frame is due by now, so a writer that ignored write()'s return value would have
      // queued the rest of the stream and finished. It is waiting for the client instead.
      const paused = await health();
      expect(paused.backpressure_pauses).toBeGreaterThan(before.backpressure_pauses);
      expect(paused.responses_in_flight).toBe(1);
      for (let i = 0; i < 3; i++) {
        await sleep(20);
        expect((await health()).responses_in_flight).toBe(1);
      }

      const { status, headers, body } = parseHttp(await readAll(sock));
      expect(status).toBe('HTTP/1.1 200 OK');
      expect(headers).toContain('content-type: text/event-stream');
      const events = parseSse(body);
      expect(events.length).toBeGreaterThan(SIZE / CHUNK);
      expect(events.at(-1)!.data).toBe('[DONE]');
      expect(body.endsWith('data: [DONE]\n\n')).toBe(true);
      const content = events
        .slice(0, -1)
        .map((e) => (JSON.parse(e.data) as { choices: Array<{ delta: { content?: string | null } }> }).choices[0]?.delta.content ?? '')
        .join('');
      expect(content.length).toBe(TEXT.length);
      expect(content === TEXT).toBe(true);

      await healthUntil((x) => x.responses_in_flight === 0, 'the finished stream is still in flight');
    } finally {
      sock.destroy();
    }
  }, SLOW_MS);

  // With `latency: 0` (the default) every frame is due at once: the batch must still stop at
  // the first write() the socket refuses, or the whole 16 MB would be queued in the process.
  it('a stream with latency 0 also waits for a client that does not read', async () => {
    const before = await health();
    const sock = await openPaused('all at once');
    try {
      const paused = await healthUntil((x) => x.responses_in_flight === 1, 'the server is not waiting for the client', 100);
      expect(paused.backpressure_pauses).toBeGreaterThan(before.backpressure_pauses);
    } finally {
      sock.destroy();
      await healthUntil((x) => x.responses_in_flight === 0, 'the stream is still in flight');
    }
  }, SLOW_MS);
});
