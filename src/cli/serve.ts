/** `llmposter [serve]`: run the server until SIGINT/SIGTERM; SIGHUP reloads fixtures. */
import { Command, Option } from 'commander';
import { FixtureLoadError } from '../fixture-set/types.js';
import { addJobsOptions, jobsOverridesFromOptions } from '../jobs/cli-options.js';
import { JobsConfigError } from '../jobs/config.js';
import { createLogger } from '../log/logger.js';
import { startServer } from '../server/start-server.js';
import { collect, intOption, seedOption } from './parse.js';
import { runValidate, stdio } from './validate.js';

interface ServeOptions {
  fixtures?: string[];
  port: number;
  host: string;
  seed?: number;
  watch: boolean;
  diagnostics?: boolean;
  verbose?: boolean;
  logFormat: 'text' | 'json';
  freezeTime?: number;
  maxBodyBytes?: number;
  validate?: boolean;
  [jobsOption: string]: unknown;
}

export function serveCommand(): Command {
  const cmd = new Command('serve')
    .description('serve the fixtures (the default command)')
    .option('-f, --fixtures <path>', 'fixture file or folder (repeatable)', collect)
    .option('-p, --port <port>', 'port to listen on; 0 = any free port', intOption('--port', 0, 65535), 2112)
    .option('-b, --host <host>', 'address to bind', '127.0.0.1')
    .option('--seed <int>', 'server seed for every random choice (default 2112)', seedOption)
    .option('--no-watch', 'do not hot-reload fixtures when files change')
    .option('--diagnostics', 'name the nearest fixture in no-match 404 bodies')
    .option('--verbose', 'log every request (matched fixture, outcome, seed) to stderr')
    .addOption(new Option('--log-format <format>', 'stderr log format').choices(['text', 'json']).default('text'))
    .option('--freeze-time <unix-seconds>', 'pin every `created` timestamp (byte-identical runs)', intOption('--freeze-time', 0))
    .option('--max-body-bytes <n>', 'reject larger request bodies with 413 (default 33554432)', intOption('--max-body-bytes', 1))
    .option('--validate', 'validate the fixtures and exit (same as `llmposter validate`)');
  addJobsOptions(cmd);
  cmd.action(async (opts: ServeOptions) => {
    const fixtures = opts.fixtures ?? [];
    if (opts.validate) {
      process.exitCode = await runValidate(fixtures, stdio);
      return;
    }
    const logger = createLogger({ format: opts.logFormat, verbose: opts.verbose });
    let server;
    try {
      server = await startServer({
        fixtures,
        port: opts.port,
        host: opts.host,
        seed: opts.seed,
        watch: opts.watch && fixtures.length > 0,
        diagnostics: opts.diagnostics,
        freezeTime: opts.freezeTime,
        maxBodyBytes: opts.maxBodyBytes,
        logger,
        verbose: opts.verbose,
        jobs: jobsOverridesFromOptions(opts),
      });
    } catch (err) {
      process.exitCode = startupExitCode(err, opts);
      return;
    }
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

/** One clear message per failure; 1 = runtime (port in use), 2 = bad config or fixtures. */
function startupExitCode(err: unknown, opts: ServeOptions): number {
  const e = err as NodeJS.ErrnoException;
  if (err instanceof FixtureLoadError) {
    stdio.err(err.message);
    stdio.err(`llmposter: ${err.problems.length} fixture problem(s); not starting`);
    return 2;
  }
  if (err instanceof JobsConfigError) {
    stdio.err(`llmposter: ${err.message}`);
    return 2;
  }
  if (e?.code === 'EADDRINUSE') {
    stdio.err(`llmposter: port ${opts.port} on ${opts.host} is already in use (pick another with --port, or --port 0 for any free port)`);
    return 1;
  }
  if (e?.code === 'EADDRNOTAVAIL' || e?.code === 'EACCES') {
    stdio.err(`llmposter: cannot listen on ${opts.host}:${opts.port} (${e.code})`);
    return 1;
  }
  stdio.err(`llmposter: ${e?.stack ?? String(err)}`);
  return 1;
}
