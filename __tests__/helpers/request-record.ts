/** A finished-request record as the LLM routes hand it to metrics: a plain 200 from a fixture. */
import type { RequestRecord } from '../../src/metrics/record.js';

let n = 0;

/** `overrides` win; each call gets its own request id. */
export function requestRecord(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    requestId: `req_${n++}`,
    arrivedAtMs: Date.UTC(2026, 0, 1, 12, 0, 0),
    endpoint: '/v1/chat/completions',
    provider: 'openai',
    model: 'gpt-4o',
    deployment: null,
    outcome: 'response',
    status: 200,
    end: 'completed',
    latencyMs: 10,
    injectedDelayMs: 0,
    messageCount: 1,
    promptTokens: 5,
    responseTokens: 7,
    responseMode: 'fixture',
    fixtureId: 'f.yaml#0',
    ...overrides,
  };
}
