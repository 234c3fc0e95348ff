/**
 * The async job simulator (dummyLLM-compatible): a deterministic job backend for testing
 * queues, runners and workers. Behaviour is configured on the server only; see the README, "Async job simulator".
 */
import type { Router } from 'express';
import { basename } from 'node:path';
import type { Logger } from '../log/logger.js';
import type { Clock } from '../time/clock.js';
import { JobsConfigError, type JobsConfig } from './config.js';
import type { FixtureReply } from './modes.js';
import { DEFAULT_JOB_BODY_LIMIT } from './request.js';
import { createJobsRouter } from './routes.js';
import { JobRunner } from './runner.js';
import { FileJobLog, type JobLog } from './job-log.js';
import { JobStore, JobStoreError } from './store.js';

export interface JobSimulator {
  /** Mounts `/v1/jobs`, `/v1/jobs/{id}`, `/v1/jobs/{id}/cancel|request|events`; `app.use(router)`. */
  router: Router;
  /** The job settings for `GET /health`: mode, latency_ms, seed, random_weights, ... */
  health(): Record<string, unknown>;
  /** Forget every job and restart the sequence (the next job is number 1 again). */
  reset(): void;
  /** Stop every timer, end open event streams and flush the store. */
  close(): Promise<void>;
}

export interface JobSimulatorDeps {
  clock: Clock;
  logger: Logger;
  /** Answers `llm.chat` jobs from the fixtures; absent or null means ELIZA answers. */
  fixtureReply?: FixtureReply;
  /** Request body cap for `POST /v1/jobs` (default 32 MiB). */
  maxBodyBytes?: number;
  /** Replace the storage (tests count writes with a `MemoryJobLog`); default: memory, or `config.dbPath`. */
  storeLog?: JobLog;
}

/**
 * Create the simulator. With `config.dbPath` the store is loaded from that file; jobs it left
 * queued or running are failed with code `INTERRUPTED`. Rejects with `JobsConfigError` when
 * the file is unreadable or not a job store.
 * @example
 * const jobs = await createJobSimulator(resolveJobsConfig({ env: process.env }), { clock: systemClock, logger });
 * app.use(jobs.router);
 * // ... await jobs.close();
 */
export async function createJobSimulator(config: JobsConfig, deps: JobSimulatorDeps): Promise<JobSimulator> {
  let store: JobStore;
  try {
    store = await JobStore.open({
      log: deps.storeLog ?? (config.dbPath ? new FileJobLog(config.dbPath) : undefined),
      maxJobs: config.maxJobs,
      maxBytes: config.maxBytes,
      flushIntervalMs: config.flushIntervalMs,
      clock: deps.clock,
      onWriteError: (err) => deps.logger.error(err.message),
    });
  } catch (err) {
    // A bad store file is a configuration problem: the CLI exits 2 on JobsConfigError.
    if (err instanceof JobStoreError) throw new JobsConfigError(`--jobs-db: ${err.message}`);
    throw err;
  }
  const runner = new JobRunner(config, store, { clock: deps.clock, logger: deps.logger, fixtureReply: deps.fixtureReply });
  const interrupted = runner.interruptLeftovers();
  if (config.dbPath) {
    deps.logger.info(`jobs: loaded ${store.size} jobs from ${config.dbPath}${interrupted ? `; ${interrupted} left unfinished by the last run marked fail (INTERRUPTED)` : ''}`);
  }
  if (config.dbPath || deps.storeLog) {
    // Rewrite at once, in the current format and with the interruptions: an unwritable path
    // should fail at startup, not minutes into a run.
    try {
      await store.flush();
    } catch (err) {
      throw new JobsConfigError(`--jobs-db: ${(err as Error).message}`);
    }
  }
  const router = createJobsRouter(runner, { logger: deps.logger, bodyLimit: deps.maxBodyBytes ?? DEFAULT_JOB_BODY_LIMIT });

  let closing: Promise<void> | null = null;
  return {
    router,
    health: () => ({
      mode: config.mode,
      latency_ms: config.latencyMs,
      seed: config.seed,
      random_weights: config.mode === 'random' ? { ...config.weights } : null,
      enforce_timeout: config.enforceTimeout,
      queue_ms: config.queueMs,
      // The file's name only: /health must not tell a web page where the user's folders are.
      db: config.dbPath === null ? null : basename(config.dbPath),
      max_jobs: config.maxJobs,
      max_bytes: config.maxBytes,
      count: store.size,
      bytes: store.bytes,
      by_state: runner.countByState(),
    }),
    reset: () => runner.reset(),
    close: () => {
      closing ??= (async () => {
        runner.close();
        try {
          await store.close();
        } catch (err) {
          deps.logger.error((err as Error).message);
        }
      })();
      return closing;
    },
  };
}
