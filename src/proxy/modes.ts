/**
 * Record/replay modes, as VCR and nock.back name them: `replay` answers from fixtures only (the
 * default), `record` proxies every LLM request upstream and saves it, `record-missing` answers
 * from fixtures and proxies (and saves) only what no fixture matches, `passthrough` proxies
 * and saves nothing.
 */

export type ProxyMode = 'replay' | 'record' | 'record-missing' | 'passthrough';
export const PROXY_MODES: readonly ProxyMode[] = ['replay', 'record', 'record-missing', 'passthrough'];

/** The request header that picks a mode for one request (only when the server allows it). */
export const MODE_HEADER = 'x-llmposter-mode';

/** The request header that names the file a recording goes to (`recorded/<id>.yaml`). */
export const TEST_ID_HEADER = 'x-llmposter-test-id';

export class ProxyConfigError extends Error {}

/** @example parseMode('record-missing', '--mode') // 'record-missing' */
export function parseMode(raw: string, source: string): ProxyMode {
  const v = raw.trim().toLowerCase();
  if ((PROXY_MODES as readonly string[]).includes(v)) return v as ProxyMode;
  throw new ProxyConfigError(`${source} must be one of ${PROXY_MODES.join(', ')}, got ${JSON.stringify(raw)}`);
}

/** Modes that save what they proxy. */
export function saves(mode: ProxyMode): boolean {
  return mode === 'record' || mode === 'record-missing';
}
