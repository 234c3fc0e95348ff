/** `llmposter [serve]`: run the server until SIGINT/SIGTERM; SIGHUP reloads fixtures. */
import { Command, Option } from 'commander';
import { addChaosOptions, chaosChoiceFromOptions } from '../chaos/cli-options.js';
import { ChaosConfigError, formatChaosProblem } from '../chaos/config.js';
import { resolveChaosStart, type ChaosFileSettings } from '../chaos/resolve.js';
import { FixtureLoadError } from '../fixture-set/types.js';
import { addJobsOptions, jobsOverridesFromOptions } from '../jobs/cli-options.js';
import { JobsConfigError } from '../jobs/config.js';
import { createLogger } from '../log/logger.js';
import { MetricsDbError } from '../metrics/store.js';
import { ModelsFileError } from '../models/load.js';
import { isLoopbackBind } from '../server/access.js';
import { TransportLimitsError } from '../server/transport-limits.js';
import { addRecordOptions, recordOptionsFrom, type RecordFlagValues } from './record-options.js';
import { ProxyConfigError } from '../proxy/modes.js';
import { addRateLimitOptions, RateLimitConfigError, rateLimitsFromOptions } from './rate-limit-options.js';
import type { BindAddress } from './bind-address.js';
import { generatorSpec, GeneratorSpecError, MAX_TARGET_TOKENS } from '../generate/generator-spec.js';
import { bindOption, collect, generatorOption, hostOption, intOption, nonNegativeNumberOption, profileOption, seedOption } from './parse.js';
import { profileList } from '../pacing/profiles.js';
import { runValidate, stdio } from './validate.js';
import { exitWhenFlushed } from '../util/exit-when-flushed.js';
import { growHeapForLoad } from '../util/heap-growth.js';
import { settleHeap } from '../util/settle-heap.js';

interface ServeOptions extends RecordFlagValues {
  fixtures?: string[];
  port: number;
  host?: string;
  bind?: BindAddress;
  seed?: number;
  watch: boolean;
  diagnostics?: boolean;
  verbose?: boolean;
  logFormat: 'text' | 'json';
  freezeTime?: number;
  maxBodyBytes?: number;
  headersTimeout?: number;
  requestTimeout?: number;
  maxConnections?: number;
  allowHost?: string[];
  adminToken?: string;
  validate?: boolean;
  metricsDb?: string;
  allowExternalBind?: boolean;
  generate?: string;
  targetTokens?: number;
  models?: string;
  rpm?: number;
  tpm?: number;
  rateLimits?: string;
  profile?: string;
  promptMsPer1kTokens?: number;
  journalSize?: number;
  [jobsOption: string]: unknown;
}

export function serveCommand(): Command {
  const cmd = new Command('serve')
    .description('serve the fixtures (the default command)')
    .option('-f, --fixtures <path>', 'fixture file or folder (repeatable)', collect)
    .option('-p, --port <port>', 'port to listen on; 0 = any free port', intOption('--port', 0, 65535), 2112)
    .option('-b, --bind <host[:port]>', 'address (and port) to bind, e.g. 127.0.0.1:8080 or [::1]:8080 (default 127.0.0.1)', bindOption)
    .option('--host <host>', 'address to bind (--bind without a port)', hostOption)
    .option('--seed <int>', 'server seed for every random choice (default 2112)', seedOption)
    .option('--no-watch', 'do not hot-reload fixtures when files change')
    .option('--diagnostics', 'name the nearest fixture in no-match 404 bodies')
    .option('--verbose', 'log every request (matched fixture, outcome, seed) to stderr')
    .addOption(new Option('--log-format <format>', 'stderr log format').choices(['text', 'json']).default('text'))
    .option('--freeze-time <unix-seconds>', 'pin every `created` timestamp (byte-identical runs)', intOption('--freeze-time', 0))
    .option('--max-body-bytes <n>', 'reject larger request bodies with 413 (default 33554432)', intOption('--max-body-bytes', 1))
    .option('--headers-timeout <ms>', 'answer 408 and close when the request headers take longer (default 10000; 0 = no limit)', intOption('--headers-timeout', 0))
    .option('--request-timeout <ms>', 'answer 408 and close when the whole request takes longer to arrive (default 20000; 0 = no limit)', intOption('--request-timeout', 0))
    .option('--max-connections <n>', 'close new connections beyond this many open ones (default 4096; 0 = no limit)', intOption('--max-connections', 0))
    .option('--allow-external-bind', 'allow binding to an address other machines can reach (0.0.0.0, ::, a LAN address); without it only loopback is accepted')
    .option('--allow-host <name>', 'also serve requests whose Host header names this (repeatable; * = any); guards against DNS rebinding', collect)
    .addOption(new Option('--admin-token <token>', 'require Authorization: Bearer <token> on /admin/*').env('LLMPOSTER_ADMIN_TOKEN'))
    .option('--validate', 'validate the fixtures and exit (same as `llmposter validate`)')
    .option('--generate <kind>', 'answer requests no fixture matches with generated text: lorem, random, sequence, echo or fixed:<text> (load chaos\' --response-mode answers first)', generatorOption)
    .option('--target-tokens <n>', `length of --generate lorem, random or sequence in tokens (1-${MAX_TARGET_TOKENS})`, intOption('--target-tokens', 1, MAX_TARGET_TOKENS))
    .option('--models <file>', 'the model catalogue (YAML or JSON list of {id, context_window, max_output_tokens, owned_by?}) served at /v1/models and held to for context-length errors; default: LLMSim\'s models plus current Claude and Gemini')
    .option('--metrics-db <path>', 'record every LLM request to this SQLite file (ChaosLLM\'s schema; /admin/stats, /admin/export); metrics are on in memory with load chaos, off otherwise')
    .option('--profile <name>', `pace answers like a real model (LLMSim's latency profiles): auto (by the request's model) or one of ${profileList()}; off by default`, profileOption)
    .option('--prompt-ms-per-1k-tokens <ms>', 'with --profile: add this many ms to the time to first token per 1,000 prompt tokens', nonNegativeNumberOption('--prompt-ms-per-1k-tokens'))
    .option('--journal-size <n>', 'keep the last n LLM requests in the request journal (GET /admin/requests); 0 = off (default 1000)', intOption('--journal-size', 0, 1_000_000));
  addJobsOptions(cmd);
  addChaosOptions(cmd);
  addRateLimitOptions(cmd);
  addRecordOptions(cmd);
  cmd.action(async (opts: ServeOptions) => {
    const fixtures = opts.fixtures ?? [];
    if (opts.validate) {
      exitWhenFlushed(await runValidate(fixtures, stdio));
      return;
    }
    if (opts.promptMsPer1kTokens !== undefined && opts.profile === undefined) {
      cmd.error('error: --prompt-ms-per-1k-tokens needs --profile (auto or a profile name) to add to');
    }
    // Load chaos only when asked for (a preset, a config file or a chaos flag).
    const chaosChoice = chaosChoiceFromOptions(opts);
    let chaos: ReturnType<typeof resolveChaosStart> | undefined;
    let rateLimits;
    try {
      chaos = chaosChoice.given ? resolveChaosStart(chaosChoice) : undefined;
      rateLimits = rateLimitsFromOptions(opts);
    } catch (err) {
      process.exitCode = startupExitCode(err, '', 0);
      return;
    }
    const generate = generateOption(cmd, opts);
    const { host, port } = bindAddress(cmd, opts, chaos?.settings);
    if (!isLoopbackBind(host) && !opts.allowExternalBind) {
      // Opt-in, not a warning: a mock with an open admin API should not be one typo from the LAN
      // (and a recording proxy forwards API keys: it must not become an open relay).
      stdio.err(`llmposter: ${host} is not a loopback address, so other machines could reach the server: add --allow-external-bind to serve there (and consider --admin-token), or bind 127.0.0.1`);
      process.exitCode = 2;
      return;
    }
    const logger = createLogger({ format: opts.logFormat, verbose: opts.verbose });
    let server;
    try {
      // Loaded here, not at import: `--help`, `validate` and `presets` never need the server.
      const { startServer } = await import('../server/start-server.js');
      server = await startServer({
        fixtures,
        port,
        host,
        seed: opts.seed,
        watch: opts.watch && fixtures.length > 0,
        diagnostics: opts.diagnostics,
        freezeTime: opts.freezeTime,
        maxBodyBytes: opts.maxBodyBytes,
        headersTimeoutMs: opts.headersTimeout,
        requestTimeoutMs: opts.requestTimeout,
        maxConnections: opts.maxConnections,
        allowedHosts: opts.allowHost,
        adminToken: opts.adminToken,
        logger,
        verbose: opts.verbose,
        jobs: jobsOverridesFromOptions(opts),
        chaos: chaos?.config,
        chaosPreset: chaosChoice.preset,
        metricsDb: opts.metricsDb ?? chaos?.settings.metricsDb,
        generate,
        models: opts.models,
        rateLimits,
        pacing: opts.profile === undefined ? undefined : { profile: opts.profile, promptMsPer1kTokens: opts.promptMsPer1kTokens },
        ...recordOptionsFrom(opts),
        allowExternalBind: opts.allowExternalBind,
        journalSize: opts.journalSize,
      });
    } catch (err) {
      process.exitCode = startupExitCode(err, host, port);
      return;
    }
    // Fewer major collections under load (see heap-growth.ts), set before the collection
    // below so that the limit it leaves is already the roomier one; then start-up's tables
    // into the old generation before traffic comes (see settle-heap.ts).
    growHeapForLoad();
    settleHeap();
    process.stdout.write(`llmposter listening on ${server.url}\n`);
    const shutdown = () => {
      server.close().then(() => process.exit(0));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    process.on('SIGHUP', () => {
      server.reload().catch((e: Error) => logger.error(`fixture reload failed; still serving the previous set\n${e.message}`));
    });
  });
  return cmd;
}

/** `--generate` with its `--target-tokens`; a target with no generator, or one that cannot be sized, is a usage error. */
function generateOption(cmd: Command, opts: ServeOptions): { kind: string; targetTokens?: number } | undefined {
  if (opts.generate === undefined) {
    if (opts.targetTokens !== undefined) cmd.error('error: --target-tokens sizes the --generate answer; add --generate lorem (or random, sequence)');
    return undefined;
  }
  try {
    generatorSpec(opts.generate, opts.targetTokens);
  } catch (err) {
    if (!(err instanceof GeneratorSpecError)) throw err;
    cmd.error(`error: --generate ${opts.generate}: ${err.message.replace('target_tokens', '--target-tokens')}`);
  }
  return { kind: opts.generate, targetTokens: opts.targetTokens };
}

/**
 * `--bind HOST:PORT`, `--host` and `--port` together; two different answers are a usage error.
 * A `--config` file's `server` section fills in what no flag gives.
 */
function bindAddress(cmd: Command, opts: ServeOptions, file: ChaosFileSettings = {}): { host: string; port: number } {
  const bind = opts.bind ?? {};
  if (bind.host !== undefined && opts.host !== undefined && bind.host !== opts.host) {
    cmd.error(`error: --bind ${bind.host} and --host ${opts.host} disagree; give one of them`);
  }
  if (bind.port !== undefined && cmd.getOptionValueSource('port') === 'cli' && bind.port !== opts.port) {
    cmd.error(`error: --bind port ${bind.port} and --port ${opts.port} disagree; give one of them`);
  }
  const portFromCli = cmd.getOptionValueSource('port') === 'cli' ? opts.port : undefined;
  return { host: bind.host ?? opts.host ?? file.host ?? '127.0.0.1', port: bind.port ?? portFromCli ?? file.port ?? opts.port };
}

/** One clear message per failure; 1 = runtime (port in use), 2 = bad config, fixtures or address. */
function startupExitCode(err: unknown, host: string, port: number): number {
  const e = err as NodeJS.ErrnoException;
  if (err instanceof FixtureLoadError) {
    stdio.err(err.message);
    stdio.err(`llmposter: ${err.problems.length} fixture problem(s); not starting`);
    return 2;
  }
  if (err instanceof ChaosConfigError) {
    for (const p of err.problems) stdio.err(`llmposter: invalid load-chaos config: ${formatChaosProblem(p)}`);
    return 2;
  }
  if (err instanceof ModelsFileError) {
    for (const p of err.problems) stdio.err(`llmposter: invalid models ${err.source}: ${p}`);
    return 2;
  }
  if (err instanceof JobsConfigError || err instanceof TransportLimitsError || err instanceof MetricsDbError || err instanceof RateLimitConfigError || err instanceof ProxyConfigError) {
    stdio.err(`llmposter: ${err.message}`);
    return 2;
  }
  const shown = host.includes(':') ? `[${host}]` : host;
  if (e?.code === 'EADDRINUSE') {
    stdio.err(`llmposter: port ${port} on ${host} is already in use (pick another with --port, or --port 0 for any free port)`);
    return 1;
  }
  if (e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN' || e?.code === 'EAI_NONAME') {
    stdio.err(`llmposter: cannot bind to ${host}: the name does not resolve to an address (use an IP address such as 127.0.0.1, 0.0.0.0 or ::1)`);
    return 2;
  }
  if (e?.code === 'EADDRNOTAVAIL') {
    stdio.err(`llmposter: cannot bind to ${shown}:${port}: ${host} is not an address of this machine (use 127.0.0.1 for this machine only, 0.0.0.0 for every interface)`);
    return 2;
  }
  if (e?.code === 'EACCES') {
    stdio.err(`llmposter: cannot listen on ${shown}:${port}: permission denied (ports below 1024 need privileges; pick another with --port)`);
    return 1;
  }
  stdio.err(`llmposter: ${e?.stack ?? String(err)}`);
  return 1;
}
