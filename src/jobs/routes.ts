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
        const { maxJobs, maxBytes } = runner.config;
        if (submitted.reason === 'closed') {
          sendJobsError(res, 'SHUTTING_DOWN', 'the job simulator is shutting down');
        } else if (submitted.reason === 'too_large') {
          sendJobsError(res, 'PAYLOAD_TOO_LARGE', `the job's request is ${submitted.bytes} bytes as JSON; the job store holds at most ${maxBytes} bytes of requests (raise --jobs-max-bytes)`, 'args');
        } else {
          res.setHeader('Retry-After', '1');
          sendJobsError(res, 'QUEUE_FULL', `the job store is full: the stored jobs that are still queued or running fill its caps (${maxJobs} jobs, ${maxBytes} bytes of requests; raise --jobs-max / --jobs-max-bytes, or cancel some)`);
        }
        return;
      }
      const { job } = submitted;
      // The acknowledgement describes the job as submitted, even if it has moved on by now.
      const created = { id: job.id, state: job.state, created_at: job.created_at };
      try {
        // With --jobs-db, 201 means the job is on disk: a crash after it cannot lose the job.
        await runner.store.durable();
      } catch (err) {
        runner.withdraw(job.id);
        sendJobsError(res, 'STORE_UNAVAILABLE', `the job was not accepted: ${(err as Error).message}`);
        return;
      }
      res.status(201).json(created);
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
    if (res.headersSent) {
      opts.logger.error('jobs API error', { error: (err as Error)?.stack ?? String(err) });
      res.end();
      return;
    }
    // express's own client errors: a path with bad percent-encoding (`/v1/jobs/%ZZ`) fails to
    // decode before any handler runs. That is the client's mistake, not a server error.
    const status = (err as { status?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message = err instanceof URIError ? `the path ${JSON.stringify(req.originalUrl.split('?')[0])} is not valid percent-encoding` : String((err as Error).message);
      sendJobsError(res, status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', message);
      return;
    }
    opts.logger.error('jobs API error', { error: (err as Error)?.stack ?? String(err) });
    sendJobsError(res, 'INTERNAL', 'llmposter internal error in the jobs API (see server log)');
  };
  router.use(onError);
  return router;
}
