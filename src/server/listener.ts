/**
 * One http.Server, two planes: LLM routes go straight to their handler (node:http speed), the
 * rest (health, admin, jobs, 404s) to express. See the README's Architecture section.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log/logger.js';
import { seededHex } from '../random/rng.js';
import { failRequest } from './internal-error.js';
import type { RouteTable } from './route-table.js';

export function createListener(opts: {
  seed: number;
  routes: RouteTable;
  control: (req: IncomingMessage, res: ServerResponse) => void;
  logger: Logger;
}) {
  let requestNo = 0;
  return (req: IncomingMessage, res: ServerResponse) => {
    // Every response carries an id; deterministic so two identical runs produce identical headers.
    const requestId = `req_${seededHex(opts.seed, 'request-id', requestNo++, 24)}`;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const route = opts.routes.find(req.method, path);
    if (!route) {
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
