/**
 * Send one request upstream and pipe the answer back as it arrives: each chunk is written to
 * the client the moment it comes in (backpressure pauses the upstream, nothing is buffered),
 * then handed to the capture. Upstream unreachable -> 502, no answer in time -> 504, both in
 * the provider's error shape; a client that goes away aborts the upstream request.
 */
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AnyCodec } from '../providers/codec.js';
import { clientResponseHeaders } from './forward-headers.js';
import type { OutgoingHttpHeaders } from 'node:http';

export interface ForwardHooks {
  /** Response headers are in (before anything is written to the client). */
  onHeaders(up: IncomingMessage): void;
  /** A chunk, already written to the client. */
  onChunk(chunk: Buffer): void;
  /**
   * The upstream response ended completely. `endClient` ends the client's response: call it
   * once whatever must happen first (saving the recording) is done.
   */
  onComplete(endClient: () => void): void;
  /** The exchange ended early: the client left (`clientLeft`) or the upstream broke off. */
  onAbort(clientLeft: boolean): void;
}

export interface ForwardInput {
  res: ServerResponse;
  url: URL;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  codec: AnyCodec;
  /** Names the upstream in 502/504 messages: `openai upstream at api.openai.com`. */
  label: string;
  timeoutMs: number;
  /** Added to the client's response headers (x-request-id, x-llmposter-proxied). */
  extraHeaders: Record<string, string>;
  hooks: ForwardHooks;
}

class UpstreamTimeout extends Error {}

export function forward(x: ForwardInput): void {
  const { res, hooks } = x;
  let done = false;
  const send = x.url.protocol === 'https:' ? httpsRequest : httpRequest;
  const auth = x.url.username ? `${decodeURIComponent(x.url.username)}:${decodeURIComponent(x.url.password)}` : undefined;
  const target = new URL(x.url.href);
  target.username = '';
  target.password = '';
  const upstream = send(target, { method: 'POST', headers: x.headers, auth }, (up) => {
    hooks.onHeaders(up);
    res.writeHead(up.statusCode ?? 502, { ...clientResponseHeaders(up.headers), ...x.extraHeaders });
    // Headers go out now: a client timing its first byte sees the upstream's, not ours.
    res.flushHeaders();
    up.on('data', (chunk: Buffer) => {
      if (done) return;
      if (!res.write(chunk)) {
        up.pause();
        res.once('drain', () => up.resume());
      }
      hooks.onChunk(chunk);
    });
    up.on('end', () => {
      if (done) return;
      done = true;
      hooks.onComplete(() => res.end());
    });
    up.on('aborted', () => upstreamBroke());
    up.on('error', () => upstreamBroke());
  });
  const upstreamBroke = () => {
    if (done) return;
    done = true;
    hooks.onAbort(false);
    // Mid-body: the client must see a broken transfer, not a clean end.
    res.destroy();
  };
  upstream.setTimeout(x.timeoutMs, () => upstream.destroy(new UpstreamTimeout()));
  upstream.on('error', (err) => {
    if (done) return;
    if (res.headersSent) return upstreamBroke();
    done = true;
    hooks.onAbort(false);
    const timeout = err instanceof UpstreamTimeout;
    const status = timeout ? 504 : 502;
    const message = timeout
      ? `Gateway timeout: the ${x.label} sent nothing for ${x.timeoutMs} ms (llmposter --upstream-timeout)`
      : `Bad gateway: llmposter could not reach the ${x.label} (${(err as NodeJS.ErrnoException).code ?? err.message})`;
    const e = x.codec.encodeError({ status, message });
    res.writeHead(e.status, { ...e.headers, ...x.extraHeaders });
    res.end(e.body);
  });
  res.on('close', () => {
    if (done) return;
    done = true;
    upstream.destroy();
    hooks.onAbort(true);
  });
  upstream.end(x.body);
}
