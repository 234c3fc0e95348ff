/**
 * Which headers cross the proxy. Requests: everything the client sent (its auth header
 * included) but hop-by-hop headers, `host`, `content-length` (recomputed), `accept-encoding`
 * (we ask for plain bytes, so streams can be read as they pass) and llmposter's own
 * `x-llmposter-*`; with `--upstream-key-env` the key from the environment replaces whatever the
 * client sent, in the header that provider reads. Responses: everything but hop-by-hop headers.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { UpstreamName } from './upstreams.js';

/** RFC 9110 section 7.6.1, plus the ones proxies conventionally drop. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** Every header a provider reads a key from: all of them go when a key is injected. */
const AUTH_HEADERS = ['authorization', 'api-key', 'x-api-key', 'x-goog-api-key'];

/** Headers whose values are credentials: masked wherever llmposter keeps a request (recordings, the request journal). */
export const CREDENTIAL_HEADERS: readonly string[] = [...AUTH_HEADERS, 'cookie', 'proxy-authorization'];

/** Headers a hop-by-hop `Connection: a, b` list names, lower-cased. */
function connectionListed(headers: IncomingHttpHeaders): Set<string> {
  const v = headers.connection;
  return new Set((Array.isArray(v) ? v.join(',') : v ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
}

/** The request headers sent upstream. */
export function upstreamRequestHeaders(incoming: IncomingHttpHeaders, upstream: UpstreamName, injectedKey: string | undefined, bodyLength: number): OutgoingHttpHeaders {
  const listed = connectionListed(incoming);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || HOP_BY_HOP.has(name) || listed.has(name)) continue;
    if (name === 'host' || name === 'content-length' || name === 'accept-encoding' || name.startsWith('x-llmposter-')) continue;
    if (injectedKey !== undefined && AUTH_HEADERS.includes(name)) continue;
    out[name] = value;
  }
  if (injectedKey !== undefined) Object.assign(out, keyHeader(upstream, injectedKey));
  out['accept-encoding'] = 'identity';
  out['content-length'] = String(bodyLength);
  return out;
}

/** Where each provider reads its key (OpenAI: a bearer token; Azure: `api-key`; ...). */
function keyHeader(upstream: UpstreamName, key: string): Record<string, string> {
  switch (upstream) {
    case 'openai':
      return { authorization: `Bearer ${key}` };
    case 'azure':
      return { 'api-key': key };
    case 'anthropic':
      return { 'x-api-key': key };
    case 'gemini':
      return { 'x-goog-api-key': key };
  }
}

/** Gemini also takes its key as `?key=`: an injected key must not be contradicted by a dummy one there. */
export function dropQueryKey(url: URL, upstream: UpstreamName, injected: boolean): void {
  if (injected && upstream === 'gemini') url.searchParams.delete('key');
}

/** The response headers passed back to the client. */
export function clientResponseHeaders(upstream: IncomingHttpHeaders): OutgoingHttpHeaders {
  const listed = connectionListed(upstream);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(upstream)) {
    if (value === undefined || HOP_BY_HOP.has(name) || listed.has(name)) continue;
    out[name] = value;
  }
  return out;
}

/**
 * Values of the request's credential headers (and cookies): never written to disk, even if an
 * upstream echoes one back in a body.
 */
export function secretHeaderValues(incoming: IncomingHttpHeaders): string[] {
  const out: string[] = [];
  for (const name of CREDENTIAL_HEADERS) {
    const v = incoming[name];
    for (const s of Array.isArray(v) ? v : v === undefined ? [] : [v]) {
      out.push(s);
      const bearer = /^\s*(?:bearer|basic)\s+(.+)$/i.exec(s);
      if (bearer) out.push(bearer[1].trim());
    }
  }
  return out.filter((s) => s.length >= 4);
}
