/**
 * Requests Node rejects before any handler sees them: malformed HTTP (400), a request that
 * did not arrive in time (408), an `Expect` header other than `100-continue` (417), headers
 * over Node's size limit (431). Node answers these with an empty body and no `x-request-id`;
 * here they get the same OpenAI-shaped error and id as every other response, then the
 * connection is closed (the rest of what the client sends cannot be trusted to be a request).
 */
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NeutralError } from '../canonical/answer.js';
import { encodeOpenAiError } from '../providers/openai/errors.js';
import type { TransportLimits } from './transport-limits.js';

/** The error for one of Node's client error codes. */
export function protocolError(code: string | undefined, limits: TransportLimits): NeutralError {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT': {
      const bounds = [
        limits.headersTimeoutMs > 0 ? `the headers within ${limits.headersTimeoutMs} ms (--headers-timeout)` : '',
        limits.requestTimeoutMs > 0 ? `the whole request within ${limits.requestTimeoutMs} ms (--request-timeout)` : '',
      ].filter(Boolean);
      return { status: 408, message: `The request did not arrive in time: the server needs ${bounds.join(' and ')}.` };
    }
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, message: 'The request headers are too large (Node limits them to 16 KB in all; see node --max-http-header-size).' };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, message: 'The chunk extensions of the request body are too large.' };
    default:
      return { status: 400, message: `Malformed HTTP request${code ? ` (${code})` : ''}.` };
  }
}

/** The whole HTTP/1.1 response for an error, as bytes to write on a raw socket. */
export function rawErrorResponse(err: NeutralError, requestId: string): string {
  const e = encodeOpenAiError(err);
  const headers: Record<string, string> = { ...e.headers, 'content-length': String(Buffer.byteLength(e.body)), 'x-request-id': requestId, connection: 'close' };
  const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  return `HTTP/1.1 ${e.status} ${STATUS_CODES[e.status] ?? ''}\r\n${head}\r\n${e.body}`;
}

/** Has a response already started on this socket? Then an error response would corrupt it. */
function responseStarted(socket: Duplex): boolean {
  const current = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  return current?.headersSent === true;
}

/** Install the handlers on a server. */
export function answerProtocolErrors(server: Server, opts: { nextRequestId: () => string; limits: TransportLimits }): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // A client that reset the connection has nobody left to read an answer.
    if (err.code === 'ECONNRESET' || !socket.writable || responseStarted(socket)) {
      socket.destroy();
      return;
    }
    socket.end(rawErrorResponse(protocolError(err.code, opts.limits), opts.nextRequestId()), () => socket.destroy());
  });

  server.on('checkExpectation', (req, res) => {
    const e = encodeOpenAiError({
      status: 417,
      message: `Unsupported Expect header '${String(req.headers.expect).slice(0, 100)}': only 'Expect: 100-continue' is supported.`,
    });
    res.writeHead(e.status, { ...e.headers, 'x-request-id': opts.nextRequestId(), connection: 'close' });
    res.end(e.body);
  });
}
