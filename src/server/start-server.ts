/**
 * The programmatic API: start a real llmposter server in-process.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_SEED } from '../random/rng.js';
import { Engine } from '../engine/engine.js';
import { loadFixtures } from '../fixture-set/load.js';
import { watchFixtures } from '../fixture-set/watch.js';
import { createJobSimulator, type JobSimulator } from '../jobs/simulator.js';
import { resolveJobsConfig, type JobsSettingsInput } from '../jobs/config.js';
import { createLogger, type LogFormat, type Logger } from '../log/logger.js';
import { warmTokenizer } from '../generate/tokens.js';
import { ResponseWriter } from '../stream/writer.js';
import { frozenClock, systemClock, type Clock } from '../time/clock.js';
import { createControlPlane } from './control-plane.js';
import { createListener } from './listener.js';
import { DEFAULT_MAX_BODY_BYTES } from '../http/read-body.js';
import { buildDataRoutes } from './routes.js';
import { jobFixtureReply } from './job-fixture-reply.js';

export interface StartServerOptions {
  /** Fixture files or folders (folders load their *.yaml / *.yml in name order). */
  fixtures?: string | string[];
  /** Default 2112; 0 picks a free port (read it back from `port`). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Server seed for every random choice. Default 2112. */
  seed?: number;
  /** Hot-reload fixtures on file changes. Default false here (the CLI defaults to true). */
  watch?: boolean;
  /** Name the nearest fixture in no-match 404 bodies. */
  diagnostics?: boolean;
  /** Pin `created` to these unix seconds (byte-identical bodies across runs). */
  freezeTime?: number;
  /** Replace the clock entirely (tests). */
  clock?: Clock;
  /** Requests with larger bodies get a 413. Default 32 MiB. */
  maxBodyBytes?: number;
  verbose?: boolean;
  logFormat?: LogFormat;
  /** Replace the stderr logger. */
  logger?: Logger;
  /** Job simulator settings; they win over the DUMMYLLM_* environment. */
  jobs?: Partial<JobsSettingsInput>;
  /** Environment the DUMMYLLM_* settings are read from. Default process.env. */
  env?: Record<string, string | undefined>;
}

export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:2112` (point an SDK's baseURL at `${url}/v1`). */
  url: string;
  port: number;
  host: string;
  seed: number;
  /** Re-read the fixtures; on error the previous set keeps serving and this rejects. */
  reload(): Promise<void>;
  /** Reset scenario states, sequence positions, `times` counters, id counters and jobs. */
  reset(): void;
  /** Stop: end open streams, stop the watcher, close the listener. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Start llmposter.
 * @example
 * import { startServer } from 'llmposter';
 * import OpenAI from 'openai';
 * const server = await startServer({ fixtures: './fixtures', port: 0 });
 * const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test' });
 * // ... await server.close();
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const seed = options.seed ?? DEFAULT_SEED;
  const logger = options.logger ?? createLogger({ format: options.logFormat, verbose: options.verbose });
  const clock = options.clock ?? (options.freezeTime !== undefined ? frozenClock(options.freezeTime) : systemClock);
  const paths = options.fixtures === undefined ? [] : Array.isArray(options.fixtures) ? options.fixtures : [options.fixtures];
  const jobsConfig = resolveJobsConfig({ env: options.env ?? process.env, overrides: options.jobs });

  warmTokenizer();
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const engine = new Engine({ seed });
  engine.setFixtures(await loadFixtures(paths));
  const writer = new ResponseWriter(clock);

  // Reloads can overlap (an edit lands while the previous reload is still reading files).
  // The last one *started* saw the newest disk state, so only its result is applied; an older
  // reload finishing late must not bring back a file that has since been removed.
  let reloads = 0;
  const reload = async () => {
    const mine = ++reloads;
    const set = await loadFixtures(paths);
    if (mine !== reloads) return;
    engine.setFixtures(set);
    logger.info(`reloaded ${set.fixtures.length} fixtures from ${set.files.length} files`);
  };

  const jobs: JobSimulator = await createJobSimulator(jobsConfig, {
    clock,
    logger,
    maxBodyBytes,
    // llm.chat jobs answer from the fixtures exactly as /v1/chat/completions would.
    fixtureReply: jobFixtureReply(engine),
  });

  const reset = () => {
    engine.state.reset();
    jobs.reset();
  };

  const control = createControlPlane({ engine, writer, logger, reload, reset, jobs });
  const routes = buildDataRoutes({ engine, writer, clock, logger, diagnostics: options.diagnostics ?? false, maxBodyBytes, verbose: options.verbose ?? false });
  const server: Server = createServer(createListener({ seed, routes, control, logger }));
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: options.port ?? 2112, host, backlog: 4096 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await jobs.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;

  const watcher = options.watch
    ? watchFixtures(paths, () => {
        reload().catch((err: Error) => logger.error(`fixture reload failed; still serving the previous set\n${err.message}`));
      })
    : null;

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      await watcher?.close();
      writer.endAll();
      await jobs.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    })();
    return closing;
  };

  const urlHost = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${urlHost}:${port}`, port, host, seed, reload, reset, close };
}
