/**
 * `useLlmposter()`: one llmposter server per test file. Called at the top level of a jest or
 * vitest file, it registers `beforeAll` (start on a free port), `beforeEach` (a clean slate for
 * every test) and `afterAll` (close, put the environment back), and returns a handle whose
 * members work from the first hook on.
 */
import { startServer, type RunningServer, type StartServerOptions } from '../server/start-server.js';
import type { FixturesInput } from '../server/runtime-fixtures.js';
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
   * Keep fixtures a test added with `addFixtures()` for the tests after it. Default false: before
   * each test, only the fixtures added before the first test (in `beforeAll`) remain.
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
   * Add fixtures in front of the file ones (see `RunningServer.addFixtures`). Added in a test,
   * they are dropped before the next one (unless `keepFixtures`); added in `beforeAll`, they stay.
   */
  addFixtures(fixtures: FixturesInput): string[];
  /** Drop every runtime fixture, those added in `beforeAll` included. */
  clearFixtures(): number;
  /** Scenarios, sequences, `times` counts and the journal back to the start (runs before each test). */
  reset(): void;
  /** Replace the load-chaos config; set in a test, the file's config is back for the next test. */
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
  let restoreEnv: (() => void) | undefined;
  let state: 'before' | 'running' | 'closed' = 'before';
  // Fixtures added before the first test belong to the file; those added later, to one test.
  let testsStarted = false;
  const fileFixtures: FixturesInput[] = [];
  // A test changed the runtime fixtures / the load-chaos config: put the file's back before the next.
  let fixturesChanged = false;
  let fileChaos: ChaosConfig | undefined;
  let chaosChanged = false;

  const running = (): RunningServer => {
    if (server) return server;
    throw new ServerNotStartedError(
      state === 'closed'
        ? 'useLlmposter(): the server was closed in afterAll; use it inside tests and hooks of the file that called useLlmposter().'
        : 'useLlmposter(): the server starts in beforeAll; use the handle inside tests and hooks (beforeAll, beforeEach, ...), not at the top level of the file.',
    );
  };

  hooks.beforeAll(async () => {
    server = await startServer({ logger: silentLogger, ...rest, port: port ?? 0, env: serverEnv ?? process.env });
    state = 'running';
    if (env) restoreEnv = setEnv(processEnv, sdkEnv(server.url, processEnv));
  });

  hooks.beforeEach(() => {
    const s = running();
    s.reset();
    if (fixturesChanged && !keepFixtures) {
      // clearFixtures() drops them all: put the file's own back.
      s.clearFixtures();
      for (const f of fileFixtures) s.addFixtures(f);
    }
    if (chaosChanged && fileChaos) s.setChaos(fileChaos);
    if (!testsStarted) fileChaos = s.chaos.get();
    testsStarted = true;
    fixturesChanged = false;
    chaosChanged = false;
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
    addFixtures: (fixtures) => {
      const ids = running().addFixtures(fixtures);
      if (testsStarted) fixturesChanged = true;
      else fileFixtures.push(fixtures);
      return ids;
    },
    clearFixtures: () => {
      if (testsStarted) fixturesChanged = true;
      else fileFixtures.length = 0;
      return running().clearFixtures();
    },
    reset: () => running().reset(),
    setChaos: (config) => {
      const applied = running().setChaos(config);
      if (testsStarted) chaosChanged = true;
      return applied;
    },
    reload: () => running().reload(),
  };
}
