/**
 * The most common setup mistake: a client's base URL without `/v1` (the OpenAI SDKs append
 * `/chat/completions` to it), or with `/v1` twice. A plain "unknown endpoint" 404 leaves the
 * user guessing; this one says what to change.
 */
import type { NeutralError } from '../canonical/answer.js';
import type { RouteTable } from './route-table.js';

/**
 * The 404 for a path that is an LLM route once `/v1` is added or a doubled one removed, else
 * undefined.
 * @example baseUrlHint(routes, 'POST', '/chat/completions', '127.0.0.1:2112')?.message // "... base URL probably lacks /v1 ..."
 */
export function baseUrlHint(routes: RouteTable, method: string | undefined, path: string, host: string | undefined): NeutralError | undefined {
  const base = `http://${host ?? '127.0.0.1:2112'}/v1`;
  if (path.startsWith('/v1/v1/') && routes.find(method, path.slice(3))) {
    return { status: 404, message: `Unknown endpoint: ${method} ${path}. The path has /v1 twice: the client's base URL probably ends in /v1 and the path adds it again; use ${method} ${path.slice(3)} (base URL ${base}).` };
  }
  if (!path.startsWith('/v1/') && routes.find(method, `/v1${path}`)) {
    return { status: 404, message: `Unknown endpoint: ${method} ${path}. Did you mean ${method} /v1${path}? The client's base URL probably lacks /v1: set it to ${base}.` };
  }
  return undefined;
}
