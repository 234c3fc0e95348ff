/**
 * How long a client may take to send a request, and how many connections may be open at once.
 * Node's defaults hold a silent or stalled socket for 300 s and accept any number of them: a
 * slow or broken client (or a slowloris) ties up the server long after a real API would have
 * answered 408.
 */
import type { ServerOptions } from 'node:http';

export interface TransportLimits {
  /** The request line and headers must arrive within this many ms; 0 = no limit. */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this many ms; 0 = no limit. */
  requestTimeoutMs: number;
  /** New connections beyond this many open ones are closed at once; 0 = no limit. */
  maxConnections: number;
}

export const DEFAULT_TRANSPORT_LIMITS: Readonly<TransportLimits> = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 20_000,
  maxConnections: 4096,
};

/** A setting that cannot work; the CLI prints the message and exits 2. */
export class TransportLimitsError extends Error {}

/** Fill in defaults and check the combination Node itself would reject. */
export function resolveTransportLimits(given: Partial<TransportLimits>): TransportLimits {
  const limits = { ...DEFAULT_TRANSPORT_LIMITS };
  for (const key of Object.keys(limits) as (keyof TransportLimits)[]) {
    const v = given[key];
    if (v === undefined) continue;
    if (!Number.isInteger(v) || v < 0) throw new TransportLimitsError(`${key} must be an integer >= 0, got ${v}`);
    limits[key] = v;
  }
  const { headersTimeoutMs: h, requestTimeoutMs: r } = limits;
  // Node refuses headersTimeout > requestTimeout (the headers are part of the request).
  if (r > 0 && h > r) {
    throw new TransportLimitsError(`the headers timeout (${h} ms) must not be longer than the request timeout (${r} ms): lower --headers-timeout or raise --request-timeout`);
  }
  return limits;
}

/**
 * The http.Server options for these limits. Node checks the two timeouts only every
 * `connectionsCheckingInterval` (30 s by default, so a 20 s timeout fired after up to 50 s):
 * check four times per shortest timeout, at most once a second.
 */
export function serverOptions(limits: TransportLimits): ServerOptions {
  const shortest = Math.min(...[limits.headersTimeoutMs, limits.requestTimeoutMs].filter((ms) => ms > 0));
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Number.isFinite(shortest) ? Math.min(1000, Math.max(10, Math.floor(shortest / 4))) : 30_000,
    // A missing Host header gets the same OpenAI-shaped 400 as every other bad request, from
    // the listener's host check, instead of Node's empty one.
    requireHostHeader: false,
  };
}
