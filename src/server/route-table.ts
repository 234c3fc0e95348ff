/**
 * The data plane's router. Exact `METHOD path` keys are one Map lookup (the hot path); paths
 * with parameters (`/v1beta/models/{model}:generateContent`,
 * `/openai/deployments/{deployment}/chat/completions`) are compiled to regexes once and tried
 * only when no exact path matched. A `{name}` matches within one path segment and may be
 * followed by literal text in the same segment (Gemini's `:generateContent`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RouteContext {
  /** Path parameters, percent-decoded. */
  params: Readonly<Record<string, string>>;
  /** The raw query string after `?` ('' when none). */
  search: string;
  /** This response's `x-request-id`. */
  requestId: string;
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, ctx: RouteContext) => void | Promise<void>;

interface PatternRoute {
  method: string;
  regex: RegExp;
  names: string[];
  handler: RouteHandler;
}

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

export class RouteTable {
  /** method -> path -> handler: two lookups, no string built per request. */
  private readonly exact = new Map<string, Map<string, RouteHandler>>();
  private readonly patterns: PatternRoute[] = [];

  /**
   * @example table.add('POST', '/v1beta/models/{model}:generateContent', handler)
   */
  add(method: string, path: string, handler: RouteHandler): this {
    if (!path.includes('{')) {
      let byPath = this.exact.get(method);
      if (!byPath) this.exact.set(method, (byPath = new Map()));
      byPath.set(path, handler);
      return this;
    }
    const names: string[] = [];
    const source = path
      .split(/(\{[A-Za-z_][A-Za-z0-9_]*\})/)
      .map((piece) => {
        const m = /^\{(.+)\}$/.exec(piece);
        if (!m) return piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(m[1]);
        // Lazy, so a literal suffix in the same segment (":generateContent") stays outside.
        return '([^/]+?)';
      })
      .join('');
    this.patterns.push({ method, regex: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  /** The handler and parameters for a request, or undefined (the control plane takes it). */
  find(method: string | undefined, path: string): { handler: RouteHandler; params: Readonly<Record<string, string>> } | undefined {
    const handler = method === undefined ? undefined : this.exact.get(method)?.get(path);
    if (handler) return { handler, params: NO_PARAMS };
    for (const r of this.patterns) {
      if (r.method !== method) continue;
      const m = r.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.names.forEach((name, i) => (params[name] = decodeParam(m[i + 1])));
      return { handler: r.handler, params };
    }
    return undefined;
  }
}

/** Percent-decode a path parameter; malformed escapes (`%ZZ`) stay as sent rather than throw. */
function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
