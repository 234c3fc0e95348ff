/**
 * llmposter's programmatic API.
 * @example
 * import { startServer } from 'llmposter';
 * const server = await startServer({ fixtures: './fixtures', port: 0, seed: 7 });
 */
export { startServer, JournalOffError, type StartServerOptions, type RunningServer } from './server/start-server.js';
export { DEFAULT_JOURNAL_SIZE, type JournalFilter, type WaitOptions, type RequestJournal } from './journal/journal.js';
export { BODY_CAP_BYTES, type JournalEntry, type NearMiss } from './journal/entry.js';
export { loadFixtures } from './fixture-set/load.js';
export type { FixturesInput, FixtureSnapshot } from './server/runtime-fixtures.js';
export type { FixtureListing } from './server/fixtures-routes.js';
export type * from './fixture-set/fixture-object.js';
export { FixtureLoadError, type FixtureProblem, type FixtureSet, type Fixture } from './fixture-set/types.js';
export { DEFAULT_SEED } from './random/rng.js';
export { GeneratorSpecError } from './generate/generator-spec.js';
export { systemClock, type Clock } from './time/clock.js';
export { createFakeClock, type FakeClock } from './time/fake-clock.js';
export type { Logger, LogFormat } from './log/logger.js';
export { JobsConfigError, type JobsSettingsInput } from './jobs/config.js';
export { loadPreset, PRESET_NAMES } from './chaos/presets.js';
export { CHAOS_OFF_CONFIG, ChaosConfigError, DEFAULT_CHAOS_CONFIG, mergeChaosConfig, type ChaosConfigPatch } from './chaos/config.js';
export type { ChaosConfig, ErrorInjectionConfig } from './chaos/types.js';
export { ModelsFileError, type ModelSpec } from './models/load.js';
export { DEFAULT_MODELS } from './models/default-models.js';
export type { ModelInfo } from './models/catalogue.js';
export type { LiveStats, LiveStatsSnapshot } from './metrics/live-stats.js';
export { RateLimitConfigError, type RateLimitsConfig, type LimitPair } from './rate-limit/config.js';
export { PROFILES, PROFILE_NAMES, profileForModel, type ProfileName, type LatencyProfile } from './pacing/profiles.js';
export type { PacingOptions } from './pacing/options.js';
export { ProxyConfigError, type RecordReplayOptions } from './proxy/options.js';
export { PROXY_MODES, type ProxyMode } from './proxy/modes.js';
