// The two loads the bench drives, each returning figures plus how busy the server's core and
// the load generator's core were (a run where the generator is the bottleneck compresses every
// ratio towards 1, so the bench prints it rather than hiding it).
import { connect } from 'node:net';
import autocannon from 'autocannon';
import { stealSeconds, stolenSince } from './processes.mjs';

export const FRAMES = 50;
export const GAP_MS = 20;

export const chatBody = (msg, stream = false) =>
  JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: msg }], stream });

/** The streamed request of each API the bench drives: where it goes and what it sends. */
export const STREAM_REQUESTS = {
  openai: { path: '/v1/chat/completions', body: chatBody('bench stream', true) },
  /** The same frames with no latency: all at once. */
  'openai-at-once': { path: '/v1/chat/completions', body: chatBody('bench stream at once', true) },
  anthropic: {
    path: '/v1/messages',
    body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 1024, messages: [{ role: 'user', content: 'bench stream' }], stream: true }),
  },
};

/** Measure `server`'s and this process's CPU use over `work()`. */
async function busy(server, work) {
  const t0 = performance.now();
  const s0 = server.cpuSeconds();
  const c0 = process.cpuUsage();
  const st0 = stealSeconds();
  const result = await work();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { ...result, serverBusy: (server.cpuSeconds() - s0) / wall, loadBusy: (c.user + c.system) / 1e6 / wall, stolen: stolenSince(st0, wall) };
}

/**
 * autocannon with `connections` keep-alive connections for `duration` seconds, sending `body`
 * (by default the non-streamed request; a streamed one is read to its end like any response).
 */
export function cannon(server, { connections, duration, body = chatBody('bench') }) {
  return busy(server, () =>
    new Promise((resolve, reject) => {
      autocannon(
        { url: `${server.url}/v1/chat/completions`, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections, duration },
        (err, r) => (err ? reject(err) : resolve({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx + r.timeouts, sent: r.requests.sent })),
      );
    }),
  );
}

/** The `p`th percentile of an ascending array. */
export const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** The middle value (upper middle for an even count) of an unsorted array. */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Open `count` streams at once; timestamp every SSE frame as it arrives and collect the error
 * of each inter-frame gap, |gap - 20 ms|. Two frames arriving together (a late timer caught up)
 * count as one gap of 0 ms and one of 40 ms. A stream that errors or does not carry
 * `expectFrames` frames counts as incomplete; `frames` reports what the first stream carried.
 * `gaps` holds every gap error, ascending, so rounds can be pooled.
 *
 * The client is a bare TCP socket per stream that de-chunks the body and counts frame ends
 * ("\n\n"), not node:http's client: at 1,000 streams x 50 frames/s an http client keeps its
 * own core busy enough to add its own lateness to every server's figures.
 */
export function streams(server, { count, expectFrames, api = 'openai' }) {
  return busy(server, () => {
    const { hostname, port } = new URL(server.url);
    const { path, body } = STREAM_REQUESTS[api];
    const head = `POST ${path} HTTP/1.1\r\nhost: ${hostname}:${port}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
    const errors = [];
    // Time from writing the request to the first frame: what a new client waits while the
    // server is busy with a burst (a server that favoured open streams would pay for it here).
    const firsts = [];
    // When each stream's first and last frames arrived: how many were open at once.
    const opens = [];
    const closes = [];
    let incomplete = 0;
    let frames;
    const one = () =>
      timedStream(hostname, port, head).then(({ complete, sent, times }) => {
        if (!complete) incomplete++;
        else {
          frames ??= times.length;
          if (expectFrames !== undefined && times.length !== expectFrames) incomplete++;
        }
        for (let k = 1; k < times.length; k++) errors.push(Math.abs(times[k] - times[k - 1] - GAP_MS));
        if (times.length > 0) {
          firsts.push(times[0] - sent);
          opens.push(times[0]);
          closes.push(times[times.length - 1]);
        }
      });
    return Promise.all(Array.from({ length: count }, one)).then(() => {
      const gaps = Float64Array.from(errors).sort();
      const first = Float64Array.from(firsts).sort();
      return { p50: pct(gaps, 50), p99: pct(gaps, 99), gaps, first, incomplete, frames, peak: peakOpen(opens, closes) };
    });
  });
}

/**
 * The most intervals [opens[i], closes[i]] that overlap at one instant: the streams a server
 * really had open together. With new connections that is not `count`: Node 20 accepts one
 * connection per turn of its event loop, so a busy server starts a burst of streams over a
 * second or more, and the first have ended before the last begin.
 */
export function peakOpen(opens, closes) {
  const o = Float64Array.from(opens).sort();
  const c = Float64Array.from(closes).sort();
  let open = 0;
  let peak = 0;
  for (let i = 0, j = 0; i < o.length; ) {
    if (o[i] <= c[j]) peak = Math.max(peak, ++open), i++;
    else open--, j++;
  }
  return peak;
}

/**
 * One streamed request on a new bare socket: `head` is the whole request (with
 * `connection: close`). Resolves at the close with when the request was written (`sent`, 0 if
 * it never connected), the arrival time of every frame end, and whether the response was a
 * whole 200 stream.
 */
export function timedStream(hostname, port, head) {
  const connection = streamConnection(hostname, port);
  const result = connection.send(head);
  return new Promise((resolve) => connection.socket.on('close', () => result.then(resolve)));
}

/**
 * A bare client socket that carries streamed requests one after another (keep-alive). `send`
 * writes `head` as soon as the socket is connected and resolves at the end
 * of the response (its last chunk), or at the close, with when the request was written (`sent`,
 * 0 if it never was), the arrival time of every frame end, and whether the response was a whole
 * 200 stream.
 */
export function streamConnection(hostname, port) {
  let connected = false;
  let current;
  const settle = (complete) => {
    const c = current;
    current = undefined;
    c?.resolve({ complete: complete && !c.failed, sent: c.sent, times: c.times });
  };
  const write = () => {
    current.sent = performance.now();
    // write, not end: a half-closed request socket makes node:http end the response early.
    socket.write(current.head);
  };
  const socket = connect({ host: hostname, port: Number(port) }, () => {
    connected = true;
    if (current) write();
  });
  socket.on('data', (d) => {
    if (!current) return;
    if (!current.reader.push(d)) current.failed = true;
    else if (current.reader.chunkedEnd()) settle(true);
  });
  socket.on('error', () => current && (current.failed = true));
  socket.on('close', () => {
    connected = false;
    if (current) settle(current.reader.ended());
  });
  return {
    socket,
    send(head) {
      return new Promise((resolve) => {
        const times = [];
        current = { head, resolve, times, sent: 0, failed: false, reader: sseCounter(() => times.push(performance.now())) };
        if (socket.destroyed) settle(false);
        else if (connected) write();
      });
    },
    close: () => socket.destroy(),
  };
}

/**
 * A minimal HTTP/1.1 response reader for one streamed response: checks for a 200, undoes
 * chunked transfer encoding (or reads to the close without it) and calls `onFrame` at each
 * SSE frame end. `push` returns false on anything it does not expect.
 */
export function sseCounter(onFrame) {
  const LF = 10;
  let headerText = '';
  let inBody = false;
  let chunked = false;
  let done = false;
  let lastWasLF = false;
  // Chunked decoding state: bytes left in the current chunk, or -1 while reading a size line
  // (-2 after the last chunk, while reading the trailer up to its empty line).
  let left = -1;
  let sizeLine = '';
  let skipCRLF = 0;
  const scan = (buf, from, to) => {
    for (let i = from; i < to; i++) {
      const isLF = buf[i] === LF;
      if (isLF && lastWasLF) {
        onFrame();
        lastWasLF = false;
      } else lastWasLF = isLF;
    }
  };
  return {
    ended: () => done || (inBody && !chunked),
    /** Whether a chunked body has been read to its end (the connection can carry another). */
    chunkedEnd: () => done,
    push(buf) {
      let i = 0;
      if (!inBody) {
        headerText += buf.toString('latin1');
        const end = headerText.indexOf('\r\n\r\n');
        if (end === -1) return true;
        if (!/^HTTP\/1\.1 200 /.test(headerText)) return false;
        chunked = /\r\ntransfer-encoding:\s*chunked/i.test(headerText.slice(0, end));
        i = buf.length - (headerText.length - end - 4);
        inBody = true;
      }
      if (!chunked) {
        scan(buf, i, buf.length);
        return true;
      }
      while (i < buf.length && !done) {
        if (skipCRLF > 0) {
          i++;
          skipCRLF--;
        } else if (left < 0) {
          const c = buf[i++];
          if (c === LF) {
            if (left === -2) done = sizeLine === '';
            else {
              left = parseInt(sizeLine, 16);
              if (!(left >= 0)) return false;
              if (left === 0) left = -2;
            }
            sizeLine = '';
          } else if (c !== 13) sizeLine += String.fromCharCode(c);
        } else {
          const n = Math.min(left, buf.length - i);
          scan(buf, i, i + n);
          i += n;
          left -= n;
          if (left === 0) {
            left = -1;
            skipCRLF = 2;
          }
        }
      }
      return true;
    },
  };
}
