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
function useLlmposter(options: Testing.UseLlmposterOptions = {}): Testing.LlmposterHandle {
  const hook = (name: keyof Testing.TestHooks) => (options.hooks?.[name] ?? sandbox[name]) as Testing.HookFn | undefined;
  return testing.useLlmposter({
    processEnv: process.env,
    ...options,
    hooks: { beforeAll: hook('beforeAll'), beforeEach: hook('beforeEach'), afterAll: hook('afterAll') },
  });
}

/** See the ES module's `connectLlmposter`: `LLMPOSTER_URL` is read from this sandbox's environment. */
function connectLlmposter(options: Testing.ConnectOptions = {}): Testing.RemoteLlmposter {
  return testing.connectLlmposter({ ...options, url: options.url ?? process.env[testing.URL_ENV] });
}

/** See the ES module's `startGlobalServer` (jest runs global setup outside the sandbox, so this is the same). */
function startGlobalServer(options: Testing.GlobalServerOptions = {}): Promise<() => Promise<void>> {
  return testing.startGlobalServer({ processEnv: process.env, ...options });
}

export = {
  ...testing,
  useLlmposter,
  connectLlmposter,
  startGlobalServer,
};
