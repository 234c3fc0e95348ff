/**
 * `GET /admin/stats` and `GET /admin/export` (control plane; the listener guards `/admin/*`).
 * Stats come from the store's running aggregates, with the live counters under `live` (those
 * even when metrics are off); `GET /llmsim/stats` answers the live counters alone, flat, as
 * LLMSim does (unguarded, like `/metrics`: counts only). The export streams NDJSON page by
 * page and waits for the socket to drain, so a large run is never one string in memory.
 */
import { Router, type Response } from 'express';
import type { MetricsStore } from './store.js';
import type { LiveStats } from './live-stats.js';

export const METRICS_OFF_HINT =
  'metrics are off: start llmposter with --metrics-db <path> (or any load chaos: --preset, --config or a chaos flag; programmatically `metrics: true`, `metricsDb` or `chaos`)';

export function metricsRoutes(store: MetricsStore | undefined, live?: LiveStats): Router {
  const router = Router();

  router.get('/admin/stats', (_req, res) => {
    const liveStats = live ? { live: live.snapshot() } : {};
    if (!store) {
      res.json({ enabled: false, hint: METRICS_OFF_HINT, ...liveStats });
      return;
    }
    res.json({ ...store.stats(), ...liveStats });
  });

  if (live) router.get('/llmsim/stats', (_req, res) => void res.json(live.snapshot()));

  router.get('/admin/export', (_req, res) => {
    if (!store) {
      res.status(404).json({ error: { type: 'invalid_request_error', code: 'metrics_off', message: METRICS_OFF_HINT } });
      return;
    }
    res.writeHead(200, { 'content-type': 'application/x-ndjson', 'content-disposition': 'attachment; filename="llmposter-metrics.ndjson"' });
    const pages = store.exportPages();
    pump(res, pages);
  });

  return router;
}

/** Write the pages, pausing on backpressure; stop when the client goes away. */
function pump(res: Response, pages: Generator<Record<string, unknown>[]>): void {
  let gone = false;
  res.on('close', () => {
    gone = true;
  });
  const next = () => {
    try {
      for (;;) {
        if (gone) return void pages.return(undefined);
        const { value, done } = pages.next();
        if (done) return void res.end();
        let chunk = '';
        for (const row of value) chunk += JSON.stringify(row) + '\n';
        if (!res.write(chunk)) {
          res.once('drain', next);
          return;
        }
      }
    } catch (err) {
      // Headers are out: all that is left is to cut the stream short.
      res.destroy(err as Error);
    }
  };
  next();
}
