/**
 * One llmposter server for a whole test run, started by the runner's global setup (in the
 * runner's main process) and found by the test files (in the workers) through `LLMPOSTER_URL`.
 * Workers are started after global setup, so they inherit the variables it sets.
 *
 * jest: `globalSetup` and `globalTeardown` are two modules, each a default-exported function.
 * vitest: one `globalSetup` module exporting `setup` and `teardown`, or a default function that
 * returns the teardown. `startGlobalServer()` returns its teardown, so it fits both.
 */
import { startServer, type RunningServer } from '../server/start-server.js';
import { silentLogger } from '../log/logger.js';
import { sdkEnv, setEnv } from './sdk-env.js';
import type { UseLlmposterOptions } from './use-llmposter.js';

/** The variable the global server's URL is shared through. */
export const URL_ENV = 'LLMPOSTER_URL';

export type GlobalServerOptions = Omit<UseLlmposterOptions, 'hooks' | 'keepFixtures'>;

interface GlobalState {
  server: RunningServer;
  restoreEnv: () => void;
}

// jest loads its globalSetup and globalTeardown modules separately (and may transform them), so
// the server is kept where both see it: on the global object of the runner's process.
const KEY = Symbol.for('llmposter.testing.globalServer');
const slot = globalThis as { [KEY]?: GlobalState };

/**
 * Start the run's server, set `LLMPOSTER_URL` (and, with `env: true`, the SDKs' variables), and
 * return the teardown (vitest's default-export shape). Starting twice in one process throws.
 * @example
 * // jest.global-setup.mjs                     // vitest.global-setup.ts
 * import { startGlobalServer } from 'llmposter/testing';
 * export default () => startGlobalServer({ fixtures: './fixtures', env: true });
 */
export async function startGlobalServer(options: GlobalServerOptions = {}): Promise<() => Promise<void>> {
  if (slot[KEY]) throw new Error(`startGlobalServer(): a global llmposter server is already running at ${slot[KEY].server.url}; call stopGlobalServer() first`);
  const { env, port, serverEnv, processEnv = process.env, ...rest } = options;
  const server = await startServer({ logger: silentLogger, ...rest, port: port ?? 0, env: serverEnv ?? process.env });
  const vars = { [URL_ENV]: server.url, ...(env ? sdkEnv(server.url, processEnv) : {}) };
  slot[KEY] = { server, restoreEnv: setEnv(processEnv, vars) };
  return stopGlobalServer;
}

/** Close the run's server and put the environment back; nothing to do when none runs. */
export async function stopGlobalServer(): Promise<void> {
  const state = slot[KEY];
  if (!state) return;
  delete slot[KEY];
  state.restoreEnv();
  await state.server.close();
}

/** The run's server in the process that started it (global setup / teardown), else undefined. */
export function globalServer(): RunningServer | undefined {
  return slot[KEY]?.server;
}

/**
 * Zero-configuration global setup: a server with no fixture files (tests add theirs with
 * `connectLlmposter().addFixtures()`), `env: true`. Takes whatever arguments the runner passes
 * and ignores them. jest: `export { globalSetup as default } from 'llmposter/testing'`;
 * vitest: `export { globalSetup as setup, globalTeardown as teardown } from 'llmposter/testing'`.
 */
export async function globalSetup(..._runnerArgs: unknown[]): Promise<() => Promise<void>> {
  return startGlobalServer({ env: true });
}

/** The teardown matching `globalSetup` (and `startGlobalServer`). */
export async function globalTeardown(..._runnerArgs: unknown[]): Promise<void> {
  await stopGlobalServer();
}
