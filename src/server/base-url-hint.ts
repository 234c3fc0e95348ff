/**
 * The most common setup mistake: a client's base URL without `/v1` (the OpenAI SDKs append
 * `/chat/completions` to it), or with `/v1` once too often (the Anthropic and Gemini SDKs add
 * `/v1/messages` and `/v1beta/...` themselves, so their base URL is the server alone). A plain
 * "unknown endpoint" 404 leaves the user guessing; this one says what to change.
 */
import type { NeutralError } from '../canonical/answer.js';
import type { RouteTable } from './route-table.js';

/**
 * The base URL an SDK wants for `path`: the server alone for the SDKs that add their own
 * version segment (Anthropic, Gemini), else the server plus `/v1`.
 */
function baseUrlFor(path: string, server: string): string {
  return path.startsWith('/v1/messages') || path.startsWith('/v1beta/') || /^\/v1\/models\/[^/]+:/.test(path) ? server : `${server}/v1`;
}

/**
 * The 404 for a path that is an LLM route once `/v1` is added or an extra leading segment
 * removed, else undefined.
 * @example baseUrlHint(routes, 'POST', '/chat/completions', '127.0.0.1:2112')?.message // "... base URL probably lacks /v1 ..."
 */
export function baseUrlHint(routes: RouteTable, method: string | undefined, path: string, host: string | undefined): NeutralError | undefined {
  const server = `http://${host ?? '127.0.0.1:2112'}`;
  // `/v1/v1/messages`, `/v1/v1beta/models/x:generateContent`: the base URL has a segment too many.
  const extra = /^\/[^/]+(\/.+)$/.exec(path);
  if (extra && routes.find(method, extra[1])) {
    const meant = extra[1];
    const first = path.slice(0, path.length - meant.length);
    return {
      status: 404,
      message: `Unknown endpoint: ${method} ${path}. The path starts with an extra ${first}: use ${method} ${meant}; an SDK's base URL for it is ${baseUrlFor(meant, server)}.`,
    };
  }
  if (!path.startsWith('/v1/') && routes.find(method, `/v1${path}`)) {
    return { status: 404, message: `Unknown endpoint: ${method} ${path}. Did you mean ${method} /v1${path}? The client's base URL probably lacks /v1: set it to ${baseUrlFor(`/v1${path}`, server)}.` };
  }
  return undefined;
}
