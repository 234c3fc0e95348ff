/**
 * The jobs API routes (control plane). Paths are absolute (`/v1/jobs...`), so the app mounts
 * the router with a plain `app.use(router)`. Every failure answers in the one error shape of
 * `errors.ts`, including unknown sub-paths and wrong methods under `/v1/jobs`.
 */
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Logger } from '../log/logger.js';
import { parseIntIn } from '../util/parse-int.js';
import { sendJobsError } from './errors.js';
import { streamJobEvents } from './events.js';
import { checkJobRequest, readJsonBody } from './request.js';
import type { JobRunner } from './runner.js';
import { JOB_STATES, requestView, statusView, type JobRecord, type JobState } from './types.js';

export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 1000;

export interface JobsRouterOptions {
  logger: Logger;
  bodyLimit: number;
}

function methodNotAllowed(allow: string): RequestHandler {
  return (req, res) => {
    res.setHeader('Allow', allow);
    sendJobsError(res, 'METHOD_NOT_ALLOWED', `${req.method} is not supported on ${req.path} (allowed: ${allow})`);
  };
}

function queryValues(v: unknown): string[] {
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.flatMap((x) => (typeof x === 'string' ? x.split(',') : [String(x)])).map((s) => s.trim()).filter(Boolean);
}

/**
 * Build the router over a runner.
 * @example app.use(createJobsRouter(runner, { logger, bodyLimit: DEFAULT_JOB_BODY_LIMIT }))
 */
export function createJobsRouter(runner: JobRunner, opts: JobsRouterOptions): Router {
  const router = express.Router();

  /** Look the job up or answer 404; handlers get the job or nothing. */
  const withJob = (handler: (req: Request, res: Response, job: JobRecord) => void): RequestHandler => (req, res) => {
    const id = String(req.params.id);
    const job = runner.get(id);
    if (!job) {
      sendJobsError(res, 'NOT_FOUND', `job '${id}' not found`, 'id');
      return;
    }
    handler(req, res, job);
  };

  router
    .route('/v1/jobs')
    .post(async (req, res) => {
      const body = await readJsonBody(req, opts.bodyLimit);
      if (!body.ok) {
        // Stop reading whatever is left of an oversized body; the connection is not reusable.
        if (body.code === 'PAYLOAD_TOO_LARGE') res.setHeader('Connection', 'close');
        sendJobsError(res, body.code, body.message);
        return;
      }
      const check = checkJobRequest(body.value);
      if (!check.ok) {
        sendJobsError(res, 'BAD_REQUEST', check.message, check.param);
        return;
      }
      const submitted = runner.submit(check.request);
      if (!submitted.ok) {
        if (submitted.reason === 'closed') {
          sendJobsError(res, 'SHUTTING_DOWN', 'the job simulator is shutting down');
        } else {
          res.setHeader('Retry-After', '1');
          sendJobsError(res, 'QUEUE_FULL', `the job store is full: all ${runner.config.maxJobs} stored jobs are queued or running (raise --jobs-max, or cancel some)`);
        }
        return;
      }
      const { job } = submitted;
      res.status(201).json({ id: job.id, state: job.state, created_at: job.created_at });
    })
    .get((req, res) => {
      const states = queryValues(req.query.state);
      for (const s of states) {
        if (!(JOB_STATES as readonly string[]).includes(s)) {
          sendJobsError(res, 'BAD_REQUEST', `unknown state '${s}' (allowed: ${JOB_STATES.join(', ')})`, 'state');
          return;
        }
      }
      let limit = DEFAULT_LIST_LIMIT;
      const rawLimit = queryValues(req.query.limit);
      if (rawLimit.length) {
        try {
          limit = parseIntIn(rawLimit[rawLimit.length - 1], { name: "'limit'", min: 1, max: MAX_LIST_LIMIT });
        } catch (err) {
          sendJobsError(res, 'BAD_REQUEST', (err as Error).message, 'limit');
          return;
        }
      }
      const { jobs, total } = runner.list({ states: states as JobState[], limit });
      res.json({ object: 'list', data: jobs.map(statusView), total, has_more: total > jobs.length });
    })
    .all(methodNotAllowed('GET, POST'));

  router
    .route('/v1/jobs/:id')
    .get(withJob((_req, res, job) => res.json(statusView(job))))
    .all(methodNotAllowed('GET'));

  router
    .route('/v1/jobs/:id/cancel')
    .post(
      withJob((_req, res, job) => {
        const after = runner.cancel(job.id) ?? job;
        res.json({ id: after.id, state: after.state });
      }),
    )
    .all(methodNotAllowed('POST'));

  router
    .route('/v1/jobs/:id/request')
    .get(withJob((_req, res, job) => res.json(requestView(job))))
    .all(methodNotAllowed('GET'));

  router
    .route('/v1/jobs/:id/events')
    .get(withJob((req, res, job) => streamJobEvents(req, res, runner, job)))
    .all(methodNotAllowed('GET'));

  router.use('/v1/jobs', (req, res) => {
    sendJobsError(res, 'NOT_FOUND', `unknown jobs endpoint: ${req.method} ${req.originalUrl.split('?')[0]}`);
  });

  const onError: ErrorRequestHandler = (err, req, res, next) => {
    if (!req.originalUrl.startsWith('/v1/jobs')) return next(err);
    opts.logger.error('jobs API error', { error: (err as Error)?.stack ?? String(err) });
    if (res.headersSent) {
      res.end();
      return;
    }
    sendJobsError(res, 'INTERNAL', 'llmposter internal error in the jobs API (see server log)');
  };
  router.use(onError);
  return router;
}
