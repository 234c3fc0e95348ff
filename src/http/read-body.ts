/**
 * Read a request body with a size cap, by hand: no body-parser on the hot path, and no
 * Promise per request there either (`readBody` calls back; `readBodyAsync` is for the
 * control plane, where convenience wins).
 */
import type { IncomingMessage } from 'node:http';

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: 'too_large' | 'aborted' };

/** Default cap: far above any real chat request, low enough that a runaway client can't exhaust memory. */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

const IGNORE = () => {};

/**
 * Collect the body; `done` is called exactly once.
 * @example readBody(req, 1 << 20, (r) => { if (r.ok) use(r.body); })
 */
export function readBody(req: IncomingMessage, limit: number, done: (r: BodyResult) => void): void {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    done({ ok: false, reason: 'too_large' });
    return;
  }
  let first: Buffer | undefined;
  let chunks: Buffer[] | undefined;
  let size = 0;
  let settled = false;
  const settle = (r: BodyResult) => {
    if (settled) return;
    settled = true;
    // The listeners stay on the request for as long as its response lives (a stream: seconds).
    // Let go of the body and the caller's callback so they don't live as long.
    first = chunks = undefined;
    const callback = done;
    done = IGNORE;
    callback(r);
  };
  req.on('data', (chunk: Buffer) => {
    if (settled) return;
    size += chunk.length;
    if (size > limit) {
      settle({ ok: false, reason: 'too_large' });
      return;
    }
    // Most bodies arrive in one chunk: keep it as is, no array, no concat.
    if (first === undefined) first = chunk;
    else (chunks ??= [first]).push(chunk);
  });
  req.on('end', () => settle({ ok: true, body: chunks ? Buffer.concat(chunks) : first ?? Buffer.alloc(0) }));
  req.on('error', () => settle({ ok: false, reason: 'aborted' }));
  // A client that hangs up mid-body never sends 'end' ('close' after 'end' is ignored).
  req.on('close', () => settle({ ok: false, reason: 'aborted' }));
}

/** `readBody` as a Promise. */
export function readBodyAsync(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => readBody(req, limit, resolve));
}
