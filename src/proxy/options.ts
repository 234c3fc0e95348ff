/**
 * startServer's record/replay options (the CLI flags mirror them), checked and turned into a
 * LlmProxy. Every problem is a ProxyConfigError with one clear message (the CLI exits 2 with it).
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Logger } from '../log/logger.js';
import { Recorder } from '../record/recorder.js';
import { compileRedactions, RedactPatternError, Redactor } from '../record/redact.js';
import type { Clock } from '../time/clock.js';
import { parseMode, ProxyConfigError, saves, type ProxyMode } from './modes.js';
import { DEFAULT_UPSTREAM_TIMEOUT_MS, LlmProxy } from './proxy.js';
import { resolveUpstreams, UPSTREAM_NAMES, type UpstreamName } from './upstreams.js';

export interface RecordReplayOptions {
  /** `replay` (default: fixtures only), `record`, `record-missing` or `passthrough`. */
  mode?: ProxyMode;
  /** Upstream base URLs by provider (`openai`, `anthropic`, `gemini`, `azure`); the real APIs by default (Azure has none). */
  upstreams?: Partial<Record<UpstreamName, string>>;
  /** Environment variable names whose keys replace the client's: `{ openai: 'OPENAI_API_KEY' }`. */
  upstreamKeyEnv?: Partial<Record<UpstreamName, string>>;
  /** Where recordings go; default `<first fixtures folder>/recorded` (loaded as fixtures too). */
  recordDir?: string;
  /** Also save each answer's frames verbatim with their offsets (`raw:`). */
  recordExact?: boolean;
  /** Save what arrived before a client abort, with `failure: {truncate_after_frames}`. */
  recordPartial?: boolean;
  /** Regular expressions (sources) masked in everything saved, and in request journal entries as they are read. */
  redact?: string[];
  /** Honour the `x-llmposter-mode` request header. */
  allowModeHeader?: boolean;
  /** No byte from an upstream for this long: 504. Default 120000. */
  upstreamTimeoutMs?: number;
}

export interface ProxySetup {
  proxy: LlmProxy | undefined;
  /** The record folder, to be loaded with the fixtures (undefined when nothing can be recorded). */
  recordDir: string | undefined;
  /** The compiled `--redact` patterns (also applied by the request journal, with or without a proxy). */
  redact: RegExp[];
}

/** Does anything in these options proxy? (Then binding beyond loopback needs an explicit yes.) */
export function proxies(o: RecordReplayOptions): boolean {
  return (o.mode !== undefined && o.mode !== 'replay') || o.allowModeHeader === true;
}

/** The default record folder: `recorded` inside the first fixtures folder (a file's folder), else `./recorded`. */
export function defaultRecordDir(fixturePaths: readonly string[]): string {
  const first = fixturePaths[0];
  if (first === undefined) return 'recorded';
  let dir = first;
  try {
    if (!statSync(first).isDirectory()) dir = dirname(first);
  } catch {
    dir = dirname(first);
  }
  return join(dir, 'recorded');
}

export function setUpProxy(
  o: RecordReplayOptions,
  ctx: { fixturePaths: readonly string[]; env: Record<string, string | undefined>; reload: () => Promise<void>; clock: Clock; logger: Logger },
): ProxySetup {
  const mode = o.mode === undefined ? 'replay' : parseMode(o.mode, 'mode');
  let patterns: RegExp[];
  try {
    patterns = compileRedactions(o.redact ?? []);
  } catch (err) {
    if (err instanceof RedactPatternError) throw new ProxyConfigError(err.message);
    throw err;
  }
  if (!proxies({ ...o, mode })) {
    for (const [flag, v] of [['--record-exact', o.recordExact], ['--record-partial', o.recordPartial]] as const) {
      if (v) throw new ProxyConfigError(`${flag} needs --mode record or record-missing (or --allow-mode-header)`);
    }
    return { proxy: undefined, recordDir: undefined, redact: patterns };
  }
  const upstreams = resolveUpstreams(o.upstreams);
  const keys: Partial<Record<UpstreamName, string>> = {};
  for (const [name, variable] of Object.entries(o.upstreamKeyEnv ?? {})) {
    if (!(UPSTREAM_NAMES as readonly string[]).includes(name)) throw new ProxyConfigError(`upstream key for unknown provider ${JSON.stringify(name)}; use one of ${UPSTREAM_NAMES.join(', ')}`);
    const value = variable === undefined ? undefined : ctx.env[variable];
    if (value === undefined || value.trim() === '') throw new ProxyConfigError(`--upstream-key-env ${name}=${variable}: the environment variable ${variable} is not set or empty`);
    keys[name as UpstreamName] = value.trim();
  }
  const timeoutMs = o.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new ProxyConfigError(`--upstream-timeout must be a whole number of ms >= 1, got ${timeoutMs}`);
  const canSave = saves(mode) || o.allowModeHeader === true;
  let recorder: Recorder | undefined;
  let recordDir: string | undefined;
  if (canSave) {
    recordDir = o.recordDir ?? defaultRecordDir(ctx.fixturePaths);
    try {
      mkdirSync(recordDir, { recursive: true });
    } catch (err) {
      throw new ProxyConfigError(`cannot create the record folder ${recordDir}: ${(err as Error).message}`);
    }
    try {
      recorder = new Recorder({
        dir: recordDir,
        // The injected keys are masked wherever they might turn up.
        redactor: new Redactor(patterns, Object.values(keys)),
        exact: o.recordExact ?? false,
        partial: o.recordPartial ?? false,
        reload: ctx.reload,
        logger: ctx.logger,
        unixSeconds: () => ctx.clock.unixSeconds(),
      });
    } catch (err) {
      throw new ProxyConfigError((err as Error).message);
    }
  } else if (o.recordExact || o.recordPartial) {
    throw new ProxyConfigError(`${o.recordExact ? '--record-exact' : '--record-partial'} has no effect with --mode passthrough, which saves nothing`);
  }
  const proxy = new LlmProxy({ mode, allowModeHeader: o.allowModeHeader ?? false, upstreams, keys, timeoutMs, recorder, clock: ctx.clock, logger: ctx.logger });
  return { proxy, recordDir, redact: patterns };
}

export { ProxyConfigError };
