/**
 * Where each provider's requests go when they are proxied: the real APIs by default, any http(s)
 * URL instead (`--upstream openai=http://127.0.0.1:9000`). Azure has no default: every Azure
 * resource has its own host, so it must be given.
 */
import { ProxyConfigError } from './modes.js';

/** The upstreams a user names (`responses` goes where `openai` goes). */
export type UpstreamName = 'openai' | 'anthropic' | 'gemini' | 'azure';
export const UPSTREAM_NAMES: readonly UpstreamName[] = ['openai', 'anthropic', 'gemini', 'azure'];

export const DEFAULT_UPSTREAMS: Readonly<Record<UpstreamName, string | undefined>> = {
  openai: 'https://api.openai.com',
  anthropic: 'https://api.anthropic.com',
  gemini: 'https://generativelanguage.googleapis.com',
  azure: undefined,
};

/**
 * `PROVIDER=VALUE` as the repeatable flags take it.
 * @example splitAssignment('openai=http://127.0.0.1:9000', '--upstream') // ['openai', 'http://127.0.0.1:9000']
 */
export function splitAssignment(raw: string, flag: string): [UpstreamName, string] {
  const eq = raw.indexOf('=');
  const name = (eq < 0 ? raw : raw.slice(0, eq)).trim().toLowerCase();
  const value = eq < 0 ? '' : raw.slice(eq + 1).trim();
  if (!(UPSTREAM_NAMES as readonly string[]).includes(name)) {
    throw new ProxyConfigError(`${flag} needs PROVIDER=VALUE with PROVIDER one of ${UPSTREAM_NAMES.join(', ')}, got ${JSON.stringify(raw)}`);
  }
  if (value === '') throw new ProxyConfigError(`${flag} ${name}= needs a value after the =`);
  return [name as UpstreamName, value];
}

/**
 * An upstream base URL, checked: http or https only, no query or fragment. Credentials in the
 * URL (`https://user:pass@host`) are allowed for forwarding but never shown or saved.
 */
export function checkUpstreamUrl(raw: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ProxyConfigError(`${source} is not a URL: ${JSON.stringify(safeShow(raw))} (use e.g. https://api.openai.com)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ProxyConfigError(`${source} must be an http:// or https:// URL, got ${url.protocol}`);
  if (url.search || url.hash) throw new ProxyConfigError(`${source} must not have a query or fragment (the request's own path and query are appended)`);
  return url;
}

/** A URL as it may be logged or written: the host (and port), never the credentials. */
export function displayHost(url: URL): string {
  return url.host;
}

/** Never echo what looks like `user:pass@` back in an error. */
function safeShow(raw: string): string {
  return raw.replace(/\/\/[^/@]*@/, '//***@');
}

/** The upstream table: defaults, overridden by the given ones. Throws ProxyConfigError. */
export function resolveUpstreams(given: Partial<Record<UpstreamName, string>> = {}): Partial<Record<UpstreamName, URL>> {
  const out: Partial<Record<UpstreamName, URL>> = {};
  for (const name of UPSTREAM_NAMES) {
    const raw = given[name] ?? DEFAULT_UPSTREAMS[name];
    if (raw !== undefined) out[name] = checkUpstreamUrl(raw, `upstream ${name}`);
  }
  for (const name of Object.keys(given)) {
    if (!(UPSTREAM_NAMES as readonly string[]).includes(name)) throw new ProxyConfigError(`unknown upstream ${JSON.stringify(name)}; use one of ${UPSTREAM_NAMES.join(', ')}`);
  }
  return out;
}
