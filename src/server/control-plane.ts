/**
 * The express control plane: health, admin, the jobs API and every 404. None of it is on the
 * LLM hot path, so express's convenience costs nothing that matters here.
 */
import express, { type ErrorRequestHandler, type Response, type Router } from 'express';
import type { ChaosConfigStore } from '../chaos/config-store.js';
import { formatChaosProblem } from '../chaos/config.js';
import type { Engine } from '../engine/engine.js';
import { parseJsonBody } from '../http/json-body.js';
import { readBodyAsync } from '../http/read-body.js';
import type { ReloadHealth } from '../fixture-set/reload-status.js';
import type { Logger } from '../log/logger.js';
import type { NeutralError } from '../canonical/answer.js';
import { encodeOpenAiError } from '../providers/openai/errors.js';
import { errorForClient } from '../providers/client-error-shape.js';
import type { ResponseWriter } from '../stream/writer.js';
import { metricsRoutes } from '../metrics/admin-routes.js';
import type { MetricsStore } from '../metrics/store.js';
import type { LiveStats } from '../metrics/live-stats.js';
import { fixturesRoutes } from './fixtures-routes.js';
import type { RuntimeFixtures } from './runtime-fixtures.js';
import type { RequestJournal } from '../journal/journal.js';
import { journalRoutes } from '../journal/admin-routes.js';

export interface ControlPlaneDeps {
  engine: Engine;
  writer: ResponseWriter;
  logger: Logger;
  /** Reload fixtures from disk; rejects with the load problems. */
  reload(): Promise<void>;
  /** Reset scenario states, sequence positions, counters, jobs and the request journal. */
  reset(): void;
  /** Prometheus exposition (`GET /metrics`), when metrics are on. */
  prometheus?: { scrape(): Promise<{ contentType: string; body: string }> };
  /** Load chaos for `/health`: whether it is on and whether a burst is. */
  chaosHealth?: () => { enabled: boolean; in_burst: boolean };
  jobs?: { router: Router; health(): Record<string, unknown> };
  /** Hot reload's state for `/health`: the serving set's age and the last reload error. */
  reloadHealth?(): ReloadHealth;
  /** Load chaos: `GET /admin/config` reads it, `POST /admin/config` deep-merges a partial into it. */
  chaos?: ChaosConfigStore;
  /** Load chaos' metrics for `/admin/stats` and `/admin/export` (absent = metrics off: stats say so). */
  metrics?: MetricsStore;
  /** Live traffic counters for `/admin/stats` (`live`) and `/llmsim/stats`. */
  live?: LiveStats;
  /** Fixtures added at runtime: `/admin/fixtures` adds, lists and drops them. */
  runtimeFixtures?: RuntimeFixtures;
  /** The request journal (`/admin/requests`); absent = off, and those routes say so. */
  journal?: RequestJournal;
}

/** A load-chaos config is a few hundred bytes; 1 MiB is generous and bounds the read. */
const CONFIG_BODY_LIMIT = 1 << 20;

/** Control-plane errors speak OpenAI's shape, like the LLM routes most clients call. */
function sendError(res: Response, err: NeutralError, extra?: Record<string, unknown>): void {
  const e = encodeOpenAiError(err, extra);
  res.status(e.status).set(e.headers).send(e.body);
}

export function createControlPlane(deps: ControlPlaneDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.get('/health', (_req, res) => {
    const { engine, writer } = deps;
    res.json({
      status: 'ok',
      fixtures: engine.fixtures.fixtures.length,
      runtime_fixtures: engine.runtimeFixtures.length,
      files: engine.fixtures.files,
      seed: engine.opts.seed,
      responses_in_flight: writer.inFlight,
      backpressure_pauses: writer.backpressurePauses,
      ...(deps.reloadHealth ? { reload: deps.reloadHealth() } : {}),
      ...(deps.chaosHealth ? { chaos: deps.chaosHealth() } : {}),
      ...(deps.jobs ? { jobs: deps.jobs.health() } : {}),
    });
  });

  // Unguarded, as scrape targets are: counts only, no prompts, no config.
  app.get('/metrics', async (_req, res) => {
    if (!deps.prometheus) {
      sendError(res, { status: 404, message: 'Metrics are off: start llmposter with load chaos (--preset, --config, a chaos flag) or --metrics-db to record them.' });
      return;
    }
    const { contentType, body } = await deps.prometheus.scrape();
    res.type(contentType).send(body);
  });

  app.post('/admin/reset', (_req, res) => {
    deps.reset();
    res.json({ status: 'reset' });
  });

  app.post('/admin/reload', async (_req, res) => {
    try {
      await deps.reload();
      res.json({ status: 'reloaded', fixtures: deps.engine.fixtures.fixtures.length });
    } catch (err) {
      sendError(res, { status: 400, message: (err as Error).message }, { code: 'invalid_fixtures' });
    }
  });

  const chaos = deps.chaos;
  if (chaos) {
    app.get('/admin/config', (_req, res) => {
      res.json(chaos.get());
    });

    // A partial config, deep-merged and validated; every problem in one 400, nothing changed.
    app.post('/admin/config', async (req, res) => {
      const body = parseJsonBody(await readBodyAsync(req, CONFIG_BODY_LIMIT), CONFIG_BODY_LIMIT);
      if (!body.ok) {
        if (body.aborted) return;
        if (body.closeConnection) res.set('connection', 'close');
        sendError(res, { status: body.status, message: body.message });
        return;
      }
      const result = chaos.update(body.json);
      if (result.ok) {
        res.json({ status: 'ok', config: result.config });
        return;
      }
      const n = result.problems.length;
      const message = `Invalid load-chaos config (${n} problem${n === 1 ? '' : 's'}; nothing changed): ${result.problems.map(formatChaosProblem).join('; ')}`;
      sendError(res, { status: 400, message }, { code: 'invalid_config', problems: result.problems.map(({ path, message }) => ({ path, message })) });
    });
  }

  app.use(metricsRoutes(deps.metrics, deps.live));
  app.use(journalRoutes(deps.journal));

  if (deps.runtimeFixtures) app.use(fixturesRoutes(deps.engine, deps.runtimeFixtures));

  if (deps.jobs) app.use(deps.jobs.router);

  // In the shape of the API the client speaks (an Anthropic or Gemini SDK at a wrong path).
  app.use((req, res) => {
    const e = errorForClient(req.path, req.headers)({ status: 404, message: `Unknown endpoint: ${req.method} ${req.path}` });
    res.status(e.status).set(e.headers).send(e.body);
  });

  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500;
    if (status >= 500) deps.logger.error('control plane error', { error: err?.stack ?? String(err) });
    sendError(res, { status, message: status >= 500 ? 'llmposter internal error (see server log)' : String(err?.message ?? 'Bad request') });
  };
  app.use(onError);
  return app;
}
