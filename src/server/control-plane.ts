/**
 * The express control plane: health, admin, the jobs API and every 404. None of it is on the
 * LLM hot path, so express's convenience costs nothing that matters here.
 */
import express, { type ErrorRequestHandler, type Router } from 'express';
import type { Engine } from '../engine/engine.js';
import type { Logger } from '../log.js';

export interface ControlPlaneDeps {
  engine: Engine;
  logger: Logger;
  /** Reload fixtures from disk; rejects with the load problems. */
  reload(): Promise<void>;
  /** Reset scenario states, sequence positions, counters and jobs. */
  reset(): void;
  jobs?: { router: Router; health(): Record<string, unknown> };
}

function openAiShapedError(status: number, message: string, type: string, code: string | null) {
  return { error: { message, type, param: null, code } };
}

export function createControlPlane(deps: ControlPlaneDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.get('/health', (_req, res) => {
    const { engine } = deps;
    res.json({
      status: 'ok',
      fixtures: engine.fixtures.fixtures.length,
      files: engine.fixtures.files,
      seed: engine.opts.seed,
      responses_in_flight: engine.writer.inFlight,
      ...(deps.jobs ? { jobs: deps.jobs.health() } : {}),
    });
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
      res.status(400).json(openAiShapedError(400, (err as Error).message, 'invalid_request_error', 'invalid_fixtures'));
    }
  });

  if (deps.jobs) app.use(deps.jobs.router);

  app.use((req, res) => {
    res.status(404).json(openAiShapedError(404, `Unknown endpoint: ${req.method} ${req.path}`, 'not_found_error', 'not_found'));
  });

  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500;
    if (status >= 500) deps.logger.error('control plane error', { error: err?.stack ?? String(err) });
    res.status(status).json(openAiShapedError(status, status >= 500 ? 'llmposter internal error (see server log)' : String(err?.message ?? 'Bad request'), status >= 500 ? 'server_error' : 'invalid_request_error', null));
  };
  app.use(onError);
  return app;
}
