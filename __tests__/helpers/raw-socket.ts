/**
 * Wire-level HTTP for tests: write bytes on a bare TCP socket and collect whatever comes back
 * until the server closes the connection (or a loose bound passes, so a server that never
 * closes fails the test instead of hanging it).
 */
import { connect } from 'node:net';

export interface RawExchange {
  /** Everything the server sent. */
  text: string;
  /** The server closed the connection before the bound. */
  closed: boolean;
  /** Milliseconds from connect to close (or to the bound). */
  ms: number;
}

/**
 * @example const r = await rawExchange(port, 'GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n');
 */
export function rawExchange(port: number, payload: string | Buffer, boundMs = 10_000): Promise<RawExchange> {
  return new Promise((resolve) => {
    let text = '';
    const started = Date.now();
    const socket = connect({ host: '127.0.0.1', port }, () => {
      if (payload.length > 0) socket.write(payload);
    });
    const bound = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false, ms: Date.now() - started });
    }, boundMs);
    socket.on('data', (d) => (text += d.toString('utf8')));
    // A reset after the answer is still a close for these tests.
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(bound);
      resolve({ text, closed: true, ms: Date.now() - started });
    });
  });
}

/** Split a raw HTTP/1.1 response into status, lower-cased headers and body (no chunked decoding). */
export function parseRawResponse(text: string): { status: number; headers: Record<string, string>; body: string } {
  const end = text.indexOf('\r\n\r\n');
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: text.slice(end + 4) };
}
