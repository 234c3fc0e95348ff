/**
 * `require('llmposter/testing')`: the CommonJS entry. llmposter is an ES module; Node >= 20.19
 * `require()`s ES modules natively, but jest's own module registry (what `require` is inside a
 * CommonJS jest test) refuses them before Node 24.9. So this entry loads the ES module with
 * Node's real `require` (from the `Module` class jest's `node:module` stand-in extends), and
 * hands it what lives in the test file's sandbox instead of Node's: the runner's hooks and the
 * `process.env` the SDKs in the test read.
 */
import type * as Testing from './index.js' with { 'resolution-mode': 'import' };

type NodeRequire = (id: string) => unknown;

function esmTesting(): typeof Testing {
  try {
    return require('./index.js') as typeof Testing;
  } catch (err) {
    // jest (CommonJS, Node < 24.9): "Must use import to load ES Module". Use Node's loader.
    const stand_in = require('node:module') as { createRequire(file: string): NodeRequire };
    const real = Object.getPrototypeOf(stand_in) as { createRequire?(file: string): NodeRequire };
    if (typeof real?.createRequire !== 'function' || real.createRequire === stand_in.createRequire) throw err;
    return real.createRequire(__filename)('./index.js') as typeof Testing;
  }
}

const testing = esmTesting();
const sandbox = globalThis as Record<string, unknown>;

/** See the ES module's `useLlmposter`: the hooks and the environment are this file's sandbox's. */
function sandboxUseLlmposter(options: Testing.UseLlmposterOptions = {}): Testing.LlmposterHandle {
  const hook = (name: keyof Testing.TestHooks) => (options.hooks?.[name] ?? sandbox[name]) as Testing.HookFn | undefined;
  return testing.useLlmposter({
    processEnv: process.env,
    serverEnv: process.env,
    ...options,
    hooks: { beforeAll: hook('beforeAll'), beforeEach: hook('beforeEach'), afterEach: hook('afterEach'), afterAll: hook('afterAll') },
  });
}

/** See the ES module's `connectLlmposter`: `LLMPOSTER_URL` is read from this sandbox's environment. */
function sandboxConnectLlmposter(options: Testing.ConnectOptions = {}): Testing.RemoteLlmposter {
  return testing.connectLlmposter({ ...options, url: options.url ?? process.env[testing.URL_ENV] });
}

/** See the ES module's `startGlobalServer` (jest runs global setup outside the sandbox, so this is the same). */
function sandboxStartGlobalServer(options: Testing.GlobalServerOptions = {}): Promise<() => Promise<void>> {
  return testing.startGlobalServer({ processEnv: process.env, serverEnv: process.env, ...options });
}

/**
 * A namespace rather than an object literal, so that `export =` carries the types as well:
 * `import type { LlmposterHandle } from 'llmposter/testing'` works in a CommonJS TypeScript
 * file as in an ES module one. Every value of the ES entry is here (a test checks the keys).
 */
namespace llmposterTesting {
  export const useLlmposter = sandboxUseLlmposter;
  export const connectLlmposter = sandboxConnectLlmposter;
  export const startGlobalServer = sandboxStartGlobalServer;
  export const ServerNotStartedError = testing.ServerNotStartedError;
  export type ServerNotStartedError = Testing.ServerNotStartedError;
  export const HooksNotFoundError = testing.HooksNotFoundError;
  export type HooksNotFoundError = Testing.HooksNotFoundError;
  export const LlmposterAdminError = testing.LlmposterAdminError;
  export type LlmposterAdminError = Testing.LlmposterAdminError;
  export const PLACEHOLDER_API_KEY = testing.PLACEHOLDER_API_KEY;
  export const stopGlobalServer = testing.stopGlobalServer;
  export const globalServer = testing.globalServer;
  export const globalSetup = testing.globalSetup;
  export const globalTeardown = testing.globalTeardown;
  export const URL_ENV = testing.URL_ENV;
  export const testIdHeaders = testing.testIdHeaders;
  export const TEST_ID_HEADER = testing.TEST_ID_HEADER;
  export type UseLlmposterOptions = Testing.UseLlmposterOptions;
  export type LlmposterHandle = Testing.LlmposterHandle;
  export type TestHooks = Testing.TestHooks;
  export type HookFn = Testing.HookFn;
  export type GlobalServerOptions = Testing.GlobalServerOptions;
  export type ConnectOptions = Testing.ConnectOptions;
  export type RemoteLlmposter = Testing.RemoteLlmposter;
  export type JournalEntry = Testing.JournalEntry;
  export type NearMiss = Testing.NearMiss;
  export type JournalFilter = Testing.JournalFilter;
  export type WaitOptions = Testing.WaitOptions;
  export type FixturesInput = Testing.FixturesInput;
  export type FixtureSnapshot = Testing.FixtureSnapshot;
  export type FixtureObject = Testing.FixtureObject;
  export type FixtureFileObject = Testing.FixtureFileObject;
  export type FixtureMatchObject = Testing.FixtureMatchObject;
  export type FixtureResponseObject = Testing.FixtureResponseObject;
  export type FixtureErrorObject = Testing.FixtureErrorObject;
  export type FixturePattern = Testing.FixturePattern;
}

export = llmposterTesting;
