import { describe, expect, it } from '@jest/globals';
import { DEFAULT_TRANSPORT_LIMITS, resolveTransportLimits, serverOptions, TransportLimitsError } from '../../../src/server/transport-limits.js';

describe('transport limits', () => {
  it('defaults: a stalled request is answered within 30 s, checked every second', () => {
    const limits = resolveTransportLimits({});
    expect(limits).toEqual(DEFAULT_TRANSPORT_LIMITS);
    const o = serverOptions(limits);
    expect(o.requestTimeout! + o.connectionsCheckingInterval!).toBeLessThanOrEqual(30_000);
    expect(o.headersTimeout).toBe(10_000);
  });

  it('small timeouts are checked often enough to matter; 0 turns a timeout off', () => {
    expect(serverOptions(resolveTransportLimits({ headersTimeoutMs: 200, requestTimeoutMs: 400 })).connectionsCheckingInterval).toBe(50);
    expect(serverOptions(resolveTransportLimits({ headersTimeoutMs: 0, requestTimeoutMs: 0 })).connectionsCheckingInterval).toBe(30_000);
  });

  it('refuses a headers timeout longer than the request timeout, and negative values', () => {
    expect(() => resolveTransportLimits({ headersTimeoutMs: 5000, requestTimeoutMs: 1000 })).toThrow(TransportLimitsError);
    expect(() => resolveTransportLimits({ maxConnections: -1 })).toThrow(/maxConnections/);
  });
});
