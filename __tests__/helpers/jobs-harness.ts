/**
 * A tiny server for the jobs tests: the simulator's router on a bare express app (no body
 * middleware, so the router's own parsing is what is tested), on 127.0.0.1 port 0, spoken to
 * with fetch. Pass a fake clock to move job time by hand: `clock.advance(ms)`, then read the
 * state over HTTP.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { resolveJobsConfig, type JobsConfig, type JobsSettingsInput } from '../../src/jobs/config.js';
import { createJobSimulator, type JobSimulator, type JobSimulatorDeps } from '../../src/jobs/simulator.js';
import type { JobStatusView } from '../../src/jobs/types.js';
import { silentLogger } from '../../src/log/logger.js';
import { systemClock, type Clock } from '../../src/time/clock.js';

export interface HttpReply {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
  text: string;
}

export interface JobsHarness<C extends Clock = Clock> {
  url: string;
  /** The simulator's clock (the system clock unless the test passed one). */
  clock: C;
  sim: JobSimulator;
  config: JobsConfig;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpReply>;
  get(path: string): Promise<HttpReply>;
  /** POST a value as JSON, or a string as is (for malformed bodies). */
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpReply>;
  /** Submit a job and return its id (asserting the 201). */
  submit(body: Record<string, unknown>): Promise<string>;
  /** Poll `GET /v1/jobs/{id}` until `done` holds; throws after `deadlineMs` (generous by default). */
  waitFor(id: string, done: (job: JobStatusView) => boolean, deadlineMs?: number): Promise<JobStatusView>;
  /** Poll until the job reaches a final state. */
  waitFinal(id: string, deadlineMs?: number): Promise<JobStatusView>;
  close(): Promise<void>;
}

export const FINAL = new Set(['ok', 'fail', 'timeout', 'cancelled']);

export interface HarnessOptions<C extends Clock = Clock> {
  settings?: Partial<JobsSettingsInput>;
  /** Drives every job timer; e.g. `createFakeClock()`. Default the system clock. */
  clock?: C;
  env?: Record<string, string | undefined>;
  deps?: Partial<JobSimulatorDeps>;
  /** Mount `express.json()` before the router (the router must still work). */
  withJsonMiddleware?: boolean;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * @example const h = await startJobsHarness({ settings: { mode: 'echo', latencyMs: 20 } }); ... await h.close();
 * @example const h = await startJobsHarness({ clock: createFakeClock() }); ... h.clock.advance(20);
 */
export async function startJobsHarness<C extends Clock = Clock>(opts: HarnessOptions<C> = {}): Promise<JobsHarness<C>> {
  const config = resolveJobsConfig({ env: opts.env ?? {}, overrides: { latencyMs: 20, ...opts.settings } });
  const clock = (opts.clock ?? opts.deps?.clock ?? systemClock) as C;
  const sim = await createJobSimulator(config, { logger: silentLogger, ...opts.deps, clock });
  const app = express();
  if (opts.withJsonMiddleware) app.use(express.json());
  app.get('/health', (_req, res) => res.json({ status: 'ok', jobs: sim.health() }));
  app.use(sim.router);
  app.use((_req, res) => res.status(404).json({ error: 'app 404' }));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const request = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpReply> => {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' || body instanceof Uint8Array ? (body as string) : JSON.stringify(body);
      if (!('content-type' in headers)) (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const res = await fetch(url + path, init);
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json, text };
  };

  const waitFor = async (id: string, done: (job: JobStatusView) => boolean, deadlineMs = 10_000) => {
    const until = Date.now() + deadlineMs;
    for (;;) {
      const r = await request('GET', `/v1/jobs/${id}`);
      if (r.status !== 200) throw new Error(`GET /v1/jobs/${id} -> ${r.status} ${r.text}`);
      if (done(r.json)) return r.json as JobStatusView;
      if (Date.now() > until) throw new Error(`job ${id} did not reach the expected state; last: ${r.text}`);
      await sleep(10);
    }
  };

  return {
    url,
    clock,
    sim,
    config,
    request,
    get: (path) => request('GET', path),
    post: (path, body, headers) => request('POST', path, body, headers),
    async submit(body) {
      const r = await request('POST', '/v1/jobs', body);
      if (r.status !== 201) throw new Error(`submit -> ${r.status} ${r.text}`);
      return r.json.id as string;
    },
    waitFor,
    waitFinal: (id, deadlineMs) => waitFor(id, (j) => FINAL.has(j.state), deadlineMs),
    async close() {
      await sim.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A chat job body. */
export function chatJob(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { op: 'llm.chat', args: { model: 'llama3.1:8b', messages: [{ role: 'user', content: text }] }, ...extra };
}
