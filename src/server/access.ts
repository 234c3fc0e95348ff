/**
 * Who may talk to the server. llmposter runs on developers' machines next to their browser,
 * and a web page can send requests to any local port:
 *
 * - DNS rebinding: a page on `evil.example` re-points its name at 127.0.0.1 and then reads
 *   our answers as same-origin. Its requests carry `Host: evil.example:PORT`, so only Host
 *   names that mean this machine (or that the user allowed with `--allow-host`) are served.
 * - Cross-site requests: any page can POST to `/admin/reset` or `/v1/jobs` without reading the
 *   answer. Browsers send `Origin` with those, so a non-local `Origin` is refused there.
 * - With `--admin-token`, `/admin/*` also needs `Authorization: Bearer TOKEN`.
 *
 * The Host check runs on every request, LLM routes included, so it is one Set lookup of the
 * header as sent; everything else runs only for control-plane paths.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIPv6 } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import type { NeutralError } from '../canonical/answer.js';

export interface AccessOptions {
  /** The address the server is bound to, as given (`127.0.0.1`, `0.0.0.0`, `::1`, a name). */
  host: string;
  /** Extra Host names to serve (`--allow-host`); `*` serves any Host. */
  allowedHosts?: readonly string[];
  /** Required as `Authorization: Bearer TOKEN` on `/admin/*` when set. */
  adminToken?: string;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARD_BINDS = new Set(['0.0.0.0', '::', '[::]', '']);

/** Whether a bind address only accepts connections from this machine. */
export function isLoopbackBind(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || /^::ffff:127\.\d+\.\d+\.\d+$/.test(h);
}

/** A host name as it appears in a Host header: IPv6 literals in brackets, lower case. */
function asHostHeaderName(name: string): string {
  const n = name.toLowerCase();
  return isIPv6(n) ? `[${n}]` : n;
}

/** The names that reach this machine when bound to every interface: its addresses and host name. */
function localNames(): string[] {
  const names = [hostname()];
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.push(a.address.replace(/%.*$/, ''));
  return names;
}

/** `/admin`, `/admin/...`, `/v1/jobs`, `/v1/jobs/...`: the routes that change state or list jobs. */
function isGuardedPath(path: string): boolean {
  return path === '/admin' || path.startsWith('/admin/') || path === '/v1/jobs' || path.startsWith('/v1/jobs/');
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export class Access {
  /** Exact Host header values served, as the hot path compares them. */
  private allowed = new Set<string>();
  /** Host names (no port) that may also appear in an `Origin`. */
  private names = new Set<string>();
  private readonly anyHost: boolean;
  private readonly tokenDigest: Buffer | undefined;

  constructor(private readonly opts: AccessOptions) {
    this.anyHost = opts.allowedHosts?.includes('*') ?? false;
    this.tokenDigest = opts.adminToken ? digest(opts.adminToken) : undefined;
  }

  /** Called once the port is known (port 0 picks one at listen time). */
  listening(port: number): void {
    const names = [...LOOPBACK_NAMES, this.opts.host, ...(this.opts.allowedHosts ?? [])];
    if (WILDCARD_BINDS.has(this.opts.host)) names.push(...localNames());
    this.names = new Set(names.filter((n) => n !== '*' && n !== '').map(asHostHeaderName));
    this.allowed = new Set();
    for (const n of this.names) {
      // `--allow-host name:port` is taken as written as well.
      this.allowed.add(n);
      if (!/\]:\d+$|^[^[\]]*:\d+$/.test(n)) this.allowed.add(`${n}:${port}`);
    }
  }

  /**
   * The hot-path check: undefined when the request may be served, else the error to answer.
   * HTTP/1.0 may omit Host (then no browser sent it); HTTP/1.1 must send one.
   */
  checkHost(req: IncomingMessage): NeutralError | undefined {
    const host = req.headers.host;
    if (host !== undefined ? this.allowed.has(host) : req.httpVersionMinor === 0) return undefined;
    return this.hostError(host);
  }

  private hostError(host: string | undefined): NeutralError | undefined {
    if (host === undefined) return { status: 400, message: 'Missing Host header (HTTP/1.1 requires one).' };
    if (this.anyHost || this.allowed.has(host.toLowerCase())) return undefined;
    const name = host.replace(/:\d+$/, '').slice(0, 100);
    return {
      status: 403,
      // Not the list of allowed names: a rebinding page can read this answer.
      message: `Host '${host.slice(0, 100)}' is not served: llmposter answers only requests addressed to this machine (localhost, 127.0.0.1, [::1] or the address it is bound to), so that a web page cannot read it through DNS rebinding. Start it with --allow-host ${name} to serve this name.`,
    };
  }

  /** Origin, and the admin token, for the routes that change state. Not on the LLM hot path. */
  checkControl(req: IncomingMessage, path: string): NeutralError | undefined {
    if (!isGuardedPath(path)) return undefined;
    const origin = req.headers.origin;
    if (origin !== undefined && !this.originAllowed(origin, req.headers.host)) {
      return {
        status: 403,
        message: `Cross-origin request from '${origin.slice(0, 100)}' refused: /admin and /v1/jobs accept browser requests only from pages on this machine (localhost, 127.0.0.1, [::1]) or an --allow-host name.`,
      };
    }
    if (this.tokenDigest && (path === '/admin' || path.startsWith('/admin/')) && !this.tokenMatches(req.headers.authorization)) {
      return { status: 401, message: 'The admin API needs the admin token: send Authorization: Bearer <token> (the server was started with --admin-token).', headers: { 'www-authenticate': 'Bearer' } };
    }
    return undefined;
  }

  private originAllowed(origin: string, host: string | undefined): boolean {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      // `Origin: null` (sandboxed frames, file:// pages) and anything unparsable.
      return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    // Same origin as the (already vetted) Host, or a page on a name this server answers to.
    return url.host === host || this.anyHost || this.names.has(url.hostname) || isLoopbackBind(url.hostname);
  }

  private tokenMatches(authorization: string | undefined): boolean {
    const m = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
    // Digests have equal length, so timingSafeEqual compares in constant time for any input.
    return m !== null && timingSafeEqual(digest(m[1].trim()), this.tokenDigest!);
  }
}
