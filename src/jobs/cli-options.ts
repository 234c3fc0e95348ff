/**
 * The `--jobs-*` flags of `llmposter serve`. Values are passed through as raw strings;
 * `resolveJobsConfig` validates them, so flags, env and the programmatic API share one set of
 * rules and one set of error messages.
 */
import type { Command } from 'commander';
import { JOBS_MODES } from './types.js';
import type { JobsSettingsInput } from './config.js';

/**
 * Add the job simulator flags to a command.
 * @example addJobsOptions(new Command('serve')).parse(['--jobs-mode', 'random'], { from: 'user' })
 */
export function addJobsOptions(cmd: Command): Command {
  return cmd
    .option('--jobs-mode <mode>', `job simulator mode: ${JOBS_MODES.join('|')} (env DUMMYLLM_MODE, default ok)`)
    .option('--jobs-latency-ms <ms>', 'base job latency; slow mode is 6x (env DUMMYLLM_LATENCY_MS, default 250)')
    .option('--jobs-weights <spec>', 'random-mode weights, e.g. "ok=70,echo=10,slow=10,fail=5,hang=3,timeout=2,flaky=0" (env DUMMYLLM_RANDOM_WEIGHTS)')
    .option('--jobs-seed <int>', 'job simulator seed: modes, flaky outcomes, ELIZA replies (env DUMMYLLM_SEED, default 1337)')
    .option('--jobs-enforce-timeout', "end every job still unfinished after its timeout_ms in state 'timeout'")
    .option('--jobs-db <path>', 'persist jobs in this JSON file (default: in memory)')
    .option('--jobs-max <n>', 'job store cap; the oldest finished jobs are evicted past it (default 10000)')
    .option('--jobs-max-bytes <n>', "job store cap on the stored requests' JSON size; same eviction (default 67108864 = 64 MiB)")
    .option('--jobs-queue-ms <ms>', "time a job spends 'queued' before 'running' (default 0)")
    .option('--jobs-flush-ms <ms>', 'state changes wait up to this long to be written to --jobs-db (default 250; submissions are written before their 201)');
}

/**
 * Turn parsed options into `resolveJobsConfig` overrides; unset flags stay unset so env applies.
 * @example jobsOverridesFromOptions(cmd.opts()) // { mode: 'random', seed: '7' }
 */
export function jobsOverridesFromOptions(opts: Record<string, unknown>): Partial<JobsSettingsInput> {
  const out: Partial<JobsSettingsInput> = {};
  const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
  if (str(opts.jobsMode) !== undefined) out.mode = str(opts.jobsMode);
  if (str(opts.jobsLatencyMs) !== undefined) out.latencyMs = str(opts.jobsLatencyMs);
  if (str(opts.jobsWeights) !== undefined) out.weights = str(opts.jobsWeights);
  if (str(opts.jobsSeed) !== undefined) out.seed = str(opts.jobsSeed);
  if (opts.jobsEnforceTimeout === true) out.enforceTimeout = true;
  if (str(opts.jobsDb) !== undefined) out.dbPath = str(opts.jobsDb);
  if (str(opts.jobsMax) !== undefined) out.maxJobs = str(opts.jobsMax);
  if (str(opts.jobsMaxBytes) !== undefined) out.maxBytes = str(opts.jobsMaxBytes);
  if (str(opts.jobsQueueMs) !== undefined) out.queueMs = str(opts.jobsQueueMs);
  if (str(opts.jobsFlushMs) !== undefined) out.flushIntervalMs = str(opts.jobsFlushMs);
  return out;
}
