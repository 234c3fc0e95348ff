/**
 * `-b, --bind HOST[:PORT]`, the original llmposter's form (`--bind 127.0.0.1:8080`), plus the
 * forms people type for IPv6 (`[::1]:8080`, `::1`). A bad value is one clear line and exit 2,
 * before anything starts.
 */
import { isIP } from 'node:net';
import { parseIntIn } from '../util/parse-int.js';

export interface BindAddress {
  host?: string;
  port?: number;
}

const HOST_NAME = /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/** Throws a message naming the value when it is not an IP address or a host name. */
export function checkHost(host: string, flag: string): string {
  const numericOnly = /^[\d.]+$/.test(host);
  if (isIP(host) !== 0 || (!numericOnly && HOST_NAME.test(host))) return host;
  throw new RangeError(`${flag} needs an IP address or host name (127.0.0.1, 0.0.0.0, ::1, localhost), got '${host}'`);
}

/**
 * @example parseBind('127.0.0.1:8080') // { host: '127.0.0.1', port: 8080 }
 * @example parseBind('[::1]:8080')     // { host: '::1', port: 8080 }
 * @example parseBind('::1')            // { host: '::1' }
 * @example parseBind(':8080')          // { port: 8080 }
 */
export function parseBind(raw: string): BindAddress {
  const value = raw.trim();
  let host: string | undefined = value;
  let port: string | undefined;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(value);
  if (bracketed) {
    [, host, port] = bracketed;
  } else if (value.split(':').length === 2) {
    // One colon: host:port. More than one: a bare IPv6 address, no port.
    [host, port] = value.split(':');
  }
  const out: BindAddress = {};
  if (host !== '') out.host = checkHost(host, '--bind');
  if (port !== undefined) out.port = parseIntIn(port, { name: '--bind port', min: 0, max: 65535 });
  if (out.host === undefined && out.port === undefined) throw new RangeError(`--bind needs HOST, HOST:PORT or :PORT, got '${raw}'`);
  return out;
}
