/**
 * One http.Server, two planes: LLM routes go straight to their handler (node:http speed), the
 * rest (health, admin, jobs, 404s) to express. See the README's Architecture section.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NeutralError } from '../canonical/answer.js';
import type { Logger } from '../log/logger.js';
import { errorForClient } from '../providers/client-error-shape.js';
import type { Access } from './access.js';
import { baseUrlHint } from './base-url-hint.js';
import { failRequest } from './internal-error.js';
import type { RouteTable } from './route-table.js';

/**
 * An error answered before any route ran, in the shape of the API the client speaks. The body
 * was not read, so the connection is closed rather than drained for reuse.
 */
function refuse(req: IncomingMessage, path: string, res: ServerResponse, err: NeutralError, requestId: string): void {
  const e = errorForClient(path, req.headers)(err);
  res.writeHead(e.status, { ...e.headers, 'content-length': String(Buffer.byteLength(e.body)), 'x-request-id': requestId, connection: 'close' });
  res.end(e.body);
}

export function createListener(opts: {
  /** Every response carries an id; deterministic so two identical runs produce identical headers. */
  nextRequestId: () => string;
  routes: RouteTable;
  control: (req: IncomingMessage, res: ServerResponse) => void;
  access: Access;
  logger: Logger;
}) {
  const { access } = opts;
  return (req: IncomingMessage, res: ServerResponse) => {
    const requestId = opts.nextRequestId();
    // Hot path: one Set lookup of the Host header as sent.
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const denied = access.checkHost(req);
    if (denied) return refuse(req, path, res, denied, requestId);
    const route = opts.routes.find(req.method, path);
    if (!route) {
      const refused = access.checkControl(req, path) ?? baseUrlHint(opts.routes, req.method, path, req.headers.host);
      if (refused) return refuse(req, path, res, refused, requestId);
      res.setHeader('x-request-id', requestId);
      return opts.control(req, res);
    }
    // Data-plane handlers pass the id along with their own headers: one writeHead, no merging.
    try {
      const pending = route.handler(req, res, { params: route.params, search: q === -1 ? '' : url.slice(q + 1), requestId });
      if (pending) pending.catch((err: unknown) => failRequest(res, requestId, opts.logger, path, err));
    } catch (err) {
      failRequest(res, requestId, opts.logger, path, err);
    }
  };
}
