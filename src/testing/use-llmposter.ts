/**
 * `useLlmposter()`: one llmposter server per test file. Called at the top level of a jest or
 * vitest file, it registers `beforeAll` (start on a free port), `beforeEach` (a clean journal,
 * scenarios and counters for every test), `afterEach` (undo the test's fixture and chaos
 * changes) and `afterAll` (close, put the environment back), and returns a handle whose members
 * work from the first hook on.
 *
 * What a test changes is undone after it, not before the next one: fixtures or chaos set in a
 * `beforeAll` (a nested `describe`'s too) run between two tests, so they are kept, for the rest
 * of the file; those set in a test or a `beforeEach` are dropped when the test ends.
 */
import { startServer, type RunningServer, type StartServerOptions } from '../server/start-server.js';
import type { FixtureSnapshot, FixturesInput } from '../server/runtime-fixtures.js';
import type { JournalFilter, WaitOptions } from '../journal/journal.js';
import type { JournalEntry } from '../journal/entry.js';
import type { ChaosConfigPatch } from '../chaos/config.js';
import type { ChaosConfig } from '../chaos/types.js';
import { silentLogger } from '../log/logger.js';
import { findHooks, type TestHooks } from './hooks.js';
import { sdkEnv, setEnv } from './sdk-env.js';

export interface UseLlmposterOptions extends Omit<StartServerOptions, 'env' | 'port'> {
  /**
   * Point the official SDKs at this server through their environment variables while the file
   * runs (`OPENAI_BASE_URL` = url + `/v1`, `ANTHROPIC_BASE_URL`, `GOOGLE_GEMINI_BASE_URL`, and a
   * placeholder API key for each SDK that has none), restored after. Default false.
   */
  env?: boolean;
  /** Default 0 (a free port). */
  port?: number;
  /** The environment the job simulator's DUMMYLLM_* settings are read from (startServer's `env`). */
  serverEnv?: Record<string, string | undefined>;
  /**
   * Keep the runtime fixtures a test added or cleared for the tests after it. Default false: after
   * each test they are put back as they were before it (same fixtures, same ids).
   */
  keepFixtures?: boolean;
  /** The runner's hooks, when they are not global (vitest without `globals: true`). */
  hooks?: Partial<TestHooks>;
  /** The environment `env: true` writes to (and restores). Default `process.env`. */
  processEnv?: Record<string, string | undefined>;
}

/** What `useLlmposter()` returns; every member needs the server, i.e. works from `beforeAll` on. */
export interface LlmposterHandle {
  /** The running server (everything `startServer()` returns). */
  readonly server: RunningServer;
  /** Base URL, e.g. `http://127.0.0.1:40123` (OpenAI SDK: `${url}/v1`). */
  readonly url: string;
  readonly port: number;
  /** The journal's entries, newest first (see `RunningServer.requests`). */
  requests(filter?: JournalFilter): JournalEntry[];
  lastRequest(filter?: JournalFilter): JournalEntry | undefined;
  waitForRequests(n: number, opts?: WaitOptions & JournalFilter): Promise<JournalEntry[]>;
  /**
   * Add fixtures in front of the file ones (see `RunningServer.addFixtures`). Added in a test (or
   * a `beforeEach`), they are dropped when it ends (unless `keepFixtures`); added in a
   * `beforeAll`, they stay for the rest of the file.
   */
  addFixtures(fixtures: FixturesInput): string[];
  /** Drop every runtime fixture, those added in `beforeAll` included (in a test: until it ends). */
  clearFixtures(): number;
  /** Scenarios, sequences, `times` counts and the journal back to the start (runs before each test). */
  reset(): void;
  /** Replace the load-chaos config; set in a test, the config from before it is back when it ends. */
  setChaos(config: ChaosConfigPatch): ChaosConfig;
  reload(): Promise<void>;
}

/** Thrown when the handle is used before `beforeAll` started the server, or after `afterAll`. */
export class ServerNotStartedError extends Error {}

/**
 * Start llmposter for this test file.
 * @example
 * import { useLlmposter } from 'llmposter/testing';
 * const llm = useLlmposter({ fixtures: './fixtures', env: true });
 * test('sends the system prompt', async () => {
 *   await myCodeThatCallsOpenAI();
 *   expect(llm.lastRequest()?.body).toMatchObject({ messages: [{ role: 'system' }] });
 * });
 */
export function useLlmposter(options: UseLlmposterOptions = {}): LlmposterHandle {
  const hooks = findHooks(options.hooks, 'useLlmposter()');
  const { env, port, serverEnv, keepFixtures, hooks: _hooks, processEnv = process.env, ...rest } = options;
  let server: RunningServer | undefined;
  let startError: unknown;
  let restoreEnv: (() => void) | undefined;
  let state: 'before' | 'running' | 'closed' = 'before';
  // What the current test started from: put back when it ends.
  let before: { fixtures: FixtureSnapshot; chaos: ChaosConfig } | undefined;

  const running = (): RunningServer => {
    if (server) return server;
    if (startError !== undefined) throw new ServerNotStartedError(`useLlmposter(): the server failed to start in beforeAll: ${(startError as Error)?.message ?? String(startError)}`, { cause: startError });
    throw new ServerNotStartedError(
      state === 'closed'
        ? 'useLlmposter(): the server was closed in afterAll; use it inside tests and hooks of the file that called useLlmposter().'
        : 'useLlmposter(): the server starts in beforeAll; use the handle inside tests and hooks (beforeAll, beforeEach, ...), not at the top level of the file.',
    );
  };

  hooks.beforeAll(async () => {
    try {
      server = await startServer({ logger: silentLogger, ...rest, port: port ?? 0, env: serverEnv ?? process.env });
    } catch (err) {
      startError = err;
      throw err;
    }
    state = 'running';
    if (env) restoreEnv = setEnv(processEnv, sdkEnv(server.url, processEnv));
  });

  hooks.beforeEach(() => {
    const s = running();
    s.reset();
    before = { fixtures: s.snapshotFixtures(), chaos: s.chaos.get() };
  });

  hooks.afterEach(() => {
    const s = server;
    if (!s || !before) return;
    // Changes over HTTP (POST /admin/fixtures, /admin/config) are undone too: both are compared, not tracked.
    if (!keepFixtures) s.restoreFixtures(before.fixtures);
    if (s.chaos.get() !== before.chaos) s.setChaos(before.chaos);
    before = undefined;
  });

  hooks.afterAll(async () => {
    restoreEnv?.();
    state = 'closed';
    const s = server;
    server = undefined;
    await s?.close();
  });

  return {
    get server() {
      return running();
    },
    get url() {
      return running().url;
    },
    get port() {
      return running().port;
    },
    requests: (filter) => running().requests(filter),
    lastRequest: (filter) => running().lastRequest(filter),
    waitForRequests: (n, opts) => running().waitForRequests(n, opts),
    addFixtures: (fixtures) => running().addFixtures(fixtures),
    clearFixtures: () => running().clearFixtures(),
    reset: () => running().reset(),
    setChaos: (config) => running().setChaos(config),
    reload: () => running().reload(),
  };
}
