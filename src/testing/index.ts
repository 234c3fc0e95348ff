/**
 * `llmposter/testing`: llmposter in jest and vitest tests.
 * - `useLlmposter()`: one server per test file, reset before each test.
 * - `startGlobalServer()` / `globalSetup` / `globalTeardown`: one server per run, shared through
 *   `LLMPOSTER_URL`; `connectLlmposter({ testId })` in the test files.
 * - `testIdHeaders()`: tag a client's requests with an `x-llmposter-test-id`.
 * @example
 * import { useLlmposter } from 'llmposter/testing';
 * const llm = useLlmposter({ fixtures: './fixtures', env: true });
 */
export { useLlmposter, ServerNotStartedError, type UseLlmposterOptions, type LlmposterHandle } from './use-llmposter.js';
export { HooksNotFoundError, type TestHooks, type HookFn } from './hooks.js';
export { PLACEHOLDER_API_KEY } from './sdk-env.js';
export { startGlobalServer, stopGlobalServer, globalServer, globalSetup, globalTeardown, URL_ENV, type GlobalServerOptions } from './global-server.js';
export { connectLlmposter, LlmposterAdminError, type ConnectOptions, type RemoteLlmposter } from './remote.js';
export { testIdHeaders, TEST_ID_HEADER } from './test-id.js';
export type { JournalEntry, NearMiss } from '../journal/entry.js';
export type { JournalFilter, WaitOptions } from '../journal/journal.js';
export type { FixturesInput, FixtureSnapshot } from '../server/runtime-fixtures.js';
export type { FixtureObject, FixtureFileObject, FixtureMatchObject, FixtureResponseObject, FixtureErrorObject, FixturePattern } from '../fixture-set/fixture-object.js';
