/**
 * One http.Server, two planes: LLM routes go straight to the engine (node:http speed), the rest
 * (health, admin, jobs, 404s) to express. See ARCHITECTURE.md "Data plane and control plane".
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { seededHex } from '../random/rng.js';
import type { Logger } from '../log.js';
import type { RouteHandler } from './routes.js';

export function createListener(opts: {
  seed: number;
  routes: Map<string, RouteHandler>;
  control: (req: IncomingMessage, res: ServerResponse) => void;
  logger: Logger;
}) {
  let requestNo = 0;
  return (req: IncomingMessage, res: ServerResponse) => {
    // Every response carries an id; deterministic so two identical runs produce identical headers.
    res.setHeader('x-request-id', `req_${seededHex(opts.seed, 'request-id', requestNo++, 24)}`);
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const handler = opts.routes.get(`${req.method} ${path}`);
    if (!handler) return opts.control(req, res);
    Promise.resolve(handler(req, res)).catch((err: unknown) => {
      opts.logger.error('request failed', { path, error: (err as Error)?.stack ?? String(err) });
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'llmposter internal error (see server log)', type: 'server_error', param: null, code: 'server_error' } }));
      } else res.destroy();
    });
  };
}
