/**
 * Record/replay flags: `--mode`, `--upstream PROVIDER=URL`, `--upstream-key-env PROVIDER=ENV`,
 * `--record-dir`, `--record-exact`, `--record-partial`, `--redact REGEX`, `--allow-mode-header`
 * and `--upstream-timeout`. Values are checked as they are parsed (one clear line, exit 2).
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { parseMode, PROXY_MODES, type ProxyMode } from '../proxy/modes.js';
import type { RecordReplayOptions } from '../proxy/options.js';
import { checkUpstreamUrl, splitAssignment, UPSTREAM_NAMES, type UpstreamName } from '../proxy/upstreams.js';
import { compileRedactions } from '../record/redact.js';
import { intOption } from './parse.js';

type Assignments = Partial<Record<UpstreamName, string>>;

function asArgument<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

const modeOption = (raw: string): ProxyMode => asArgument(() => parseMode(raw, '--mode'));

function upstreamOption(raw: string, previous: Assignments = {}): Assignments {
  return asArgument(() => {
    const [name, url] = splitAssignment(raw, '--upstream');
    checkUpstreamUrl(url, `--upstream ${name}`);
    return { ...previous, [name]: url };
  });
}

function keyEnvOption(raw: string, previous: Assignments = {}): Assignments {
  return asArgument(() => {
    const [name, variable] = splitAssignment(raw, '--upstream-key-env');
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) throw new Error(`--upstream-key-env ${name}= needs an environment variable name, got ${JSON.stringify(variable)}`);
    return { ...previous, [name]: variable };
  });
}

function redactOption(raw: string, previous: string[] = []): string[] {
  return asArgument(() => {
    compileRedactions([raw]);
    return [...previous, raw];
  });
}

export function addRecordOptions(cmd: Command): void {
  cmd
    .option('--mode <mode>', `record/replay: ${PROXY_MODES.join(', ')} (default replay: fixtures only)`, modeOption)
    .option('--upstream <provider=url>', `where proxied requests go, per provider (${UPSTREAM_NAMES.join(', ')}; repeatable); default the real APIs, azure has none`, upstreamOption)
    .option('--upstream-key-env <provider=ENV>', 'send the key in this environment variable upstream instead of the client\'s (repeatable), e.g. openai=OPENAI_API_KEY', keyEnvOption)
    .option('--upstream-timeout <ms>', 'no byte from the upstream for this long: 504 (default 120000)', intOption('--upstream-timeout', 1))
    .option('--record-dir <dir>', 'where recordings are written (default <first --fixtures folder>/recorded); loaded as fixtures too')
    .option('--record-exact', 'also save each answer\'s frames verbatim with their timing (raw:), replayed byte for byte')
    .option('--record-partial', 'save what arrived before a client abort, as a truncated stream')
    .option('--redact <regex>', 'mask what this regular expression matches in everything saved and in the request journal (repeatable)', redactOption)
    .option('--allow-mode-header', 'let a request pick its own mode with the x-llmposter-mode header');
}

export interface RecordFlagValues {
  mode?: ProxyMode;
  upstream?: Assignments;
  upstreamKeyEnv?: Assignments;
  upstreamTimeout?: number;
  recordDir?: string;
  recordExact?: boolean;
  recordPartial?: boolean;
  redact?: string[];
  allowModeHeader?: boolean;
}

/** The startServer options the flags ask for. */
export function recordOptionsFrom(opts: RecordFlagValues): RecordReplayOptions {
  return {
    mode: opts.mode,
    upstreams: opts.upstream,
    upstreamKeyEnv: opts.upstreamKeyEnv,
    upstreamTimeoutMs: opts.upstreamTimeout,
    recordDir: opts.recordDir,
    recordExact: opts.recordExact,
    recordPartial: opts.recordPartial,
    redact: opts.redact,
    allowModeHeader: opts.allowModeHeader,
  };
}
