/**
 * `GET /v1/jobs/{id}/events`: a job's state changes as Server-Sent Events. The first event is
 * the job as it is now; one event follows each change; the stream ends after a final state
 * (ok, fail, timeout, cancelled). Each event is `event: state`, `id: <n>` and the same JSON as
 * `GET /v1/jobs/{id}`. A finished job gets one event and the stream ends at once.
 */
import type { Request, Response } from 'express';
import { CONTENT_TYPE, STREAM_HEADERS, sseFrame } from '../stream/framing.js';
import type { JobRunner } from './runner.js';
import { FINAL_STATES, statusView, type JobRecord } from './types.js';

/** Comment lines keep idle proxies from closing a stream that waits on a long job. */
export const HEARTBEAT_MS = 15_000;

/**
 * Stream one job's events on `res` until it finishes, the client leaves, or the simulator
 * resets or closes.
 * @example router.get('/v1/jobs/:id/events', (req, res) => streamJobEvents(req, res, runner, job))
 */
export function streamJobEvents(_req: Request, res: Response, runner: JobRunner, job: JobRecord): void {
  res.status(200);
  res.set({ 'content-type': CONTENT_TYPE.sse, ...STREAM_HEADERS, 'x-accel-buffering': 'no' });
  res.flushHeaders();

  let n = 0;
  const send = (j: JobRecord) => {
    n += 1;
    res.write(sseFrame({ id: n, event: 'state', data: JSON.stringify(statusView(j)) }));
  };

  send(job);
  if (FINAL_STATES.has(job.state)) {
    res.end();
    return;
  }

  let ended = false;
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  const finish = () => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    unsubscribe();
    if (!res.writableEnded) res.end();
  };
  const unsubscribe = runner.subscribe(job.id, {
    change(j) {
      if (ended) return;
      send(j);
      if (FINAL_STATES.has(j.state)) finish();
    },
    gone: finish,
  });
  // res 'close' fires when the client goes away (req 'close' may fire as soon as the request
  // body is read, which for a GET is immediately).
  res.on('close', finish);
}
