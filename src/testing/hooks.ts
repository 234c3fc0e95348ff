/**
 * The test runner's lifecycle hooks. jest puts `beforeAll`, `beforeEach`, `afterEach` and `afterAll` on the
 * global object of every test file (ESM and CommonJS alike), vitest does with `globals: true`;
 * otherwise the caller passes them (`import { beforeAll, beforeEach, afterEach, afterAll } from 'vitest'`).
 */

/** A hook registrar as jest and vitest both shape it: a function given a (possibly async) body. */
export type HookFn = (fn: () => unknown) => void;

export interface TestHooks {
  beforeAll: HookFn;
  beforeEach: HookFn;
  afterEach: HookFn;
  afterAll: HookFn;
}

const NAMES = ['beforeAll', 'beforeEach', 'afterEach', 'afterAll'] as const;

/** Thrown when neither the options nor the global object provide the hooks. */
export class HooksNotFoundError extends Error {}

/**
 * The hooks given, else the global ones; throws HooksNotFoundError naming what is missing and
 * how to pass them. `caller` names the helper in the message.
 */
export function findHooks(given: Partial<TestHooks> | undefined, caller: string): TestHooks {
  const g = globalThis as Record<string, unknown>;
  const found: Partial<TestHooks> = {};
  const missing: string[] = [];
  for (const name of NAMES) {
    const fn = given?.[name] ?? g[name];
    if (typeof fn === 'function') found[name] = fn as HookFn;
    else missing.push(name);
  }
  if (missing.length > 0) {
    throw new HooksNotFoundError(
      `${caller} needs the test runner's ${missing.join(', ')}, and ${missing.length === 1 ? 'it is' : 'they are'} not global here. ` +
        'Call it at the top level of a jest or vitest test file. Under vitest, either set `test: { globals: true }` in vitest.config, ' +
        "or pass them: import { beforeAll, beforeEach, afterEach, afterAll } from 'vitest'; " +
        `${caller}({ hooks: { beforeAll, beforeEach, afterEach, afterAll } }).`,
    );
  }
  return found as TestHooks;
}
