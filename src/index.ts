/**
 * llmposter's programmatic API.
 * @example
 * import { startServer } from 'llmposter';
 * const server = await startServer({ fixtures: './fixtures', port: 0, seed: 7 });
 */
export { startServer, type StartServerOptions, type RunningServer } from './server/start-server.js';
export { loadFixtures } from './fixtures/load.js';
export { FixtureLoadError, type FixtureProblem, type FixtureSet, type Fixture } from './fixtures/types.js';
export { DEFAULT_SEED } from './chaos/rng.js';
export type { Clock } from './stream/clock.js';
export type { Logger, LogFormat } from './log.js';
export { JobsConfigError, type JobsSettingsInput } from './jobs/config.js';
