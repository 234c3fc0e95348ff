/**
 * From the command line to one validated config. Precedence, lowest first: built-in
 * defaults < `--preset NAME` < `--config FILE` < chaos flags (and later, at runtime,
 * `POST /admin/config`). A problem names the key and, when known, where the value came from.
 */
import { readFileSync } from 'node:fs';
import { yaml } from '../util/lazy-yaml.js';
import { ChaosConfigError, DEFAULT_CHAOS_CONFIG, deepFreeze, mergeChaosConfig, validateChaosConfig, type ChaosConfigPatch, type ChaosProblem } from './config.js';
import { presetPatch } from './presets.js';
import type { ChaosConfig } from './types.js';

/**
 * ChaosLLM's `server` and `metrics` sections: not load chaos, but start-up settings. They are
 * honoured where no flag says otherwise: `server.host`/`server.port` below `--bind`, `--host`
 * and `--port`; `metrics.database` below `--metrics-db`.
 */
export interface ChaosFileSettings {
  host?: string;
  port?: number;
  metricsDb?: string;
}

export interface ChaosConfigFile {
  patch: ChaosConfigPatch;
  settings: ChaosFileSettings;
  /** Problems in the `server` and `metrics` sections (the rest is validated after merging). */
  problems: ChaosProblem[];
}

/** Check the `server` and `metrics` sections by hand: they are few keys, and not part of the runtime config. */
function startSettings(value: Record<string, unknown>): { settings: ChaosFileSettings; problems: ChaosProblem[] } {
  const settings: ChaosFileSettings = {};
  const problems: ChaosProblem[] = [];
  const section = (name: 'server' | 'metrics', keys: string[]): Record<string, unknown> | undefined => {
    const v = value[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) {
      problems.push({ path: name, message: 'must be an object' });
      return undefined;
    }
    for (const k of Object.keys(v)) if (!keys.includes(k)) problems.push({ path: `${name}.${k}`, message: `unknown key in ${name} (known: ${keys.join(', ')})` });
    return v as Record<string, unknown>;
  };
  const server = section('server', ['host', 'port']);
  if (server?.host !== undefined) {
    if (typeof server.host === 'string' && server.host !== '') settings.host = server.host;
    else problems.push({ path: 'server.host', message: 'must be an address such as 127.0.0.1' });
  }
  if (server?.port !== undefined) {
    if (Number.isInteger(server.port) && (server.port as number) >= 0 && (server.port as number) <= 65535) settings.port = server.port as number;
    else problems.push({ path: 'server.port', message: `must be a port number from 0 to 65535, got ${JSON.stringify(server.port)}` });
  }
  const metrics = section('metrics', ['database', 'timeseries_bucket_sec']);
  if (metrics?.database !== undefined) {
    if (typeof metrics.database === 'string' && metrics.database !== '') settings.metricsDb = metrics.database;
    else problems.push({ path: 'metrics.database', message: 'must be a file path' });
  }
  if (metrics?.timeseries_bucket_sec !== undefined && metrics.timeseries_bucket_sec !== 1) {
    problems.push({ path: 'metrics.timeseries_bucket_sec', message: `llmposter's timeseries buckets are 1 second (ChaosLLM's default); set 1 or leave it out, got ${JSON.stringify(metrics.timeseries_bucket_sec)}` });
  }
  return { settings, problems };
}

/**
 * Read a `--config` YAML file: sections `response`, `latency`, `error_injection` (the load-chaos
 * patch, validated once merged) and ChaosLLM's `server` and `metrics` (start-up settings,
 * checked here). Throws ChaosConfigError when the file cannot be read or is not a YAML mapping.
 * @example readChaosConfigFile('stress.yaml').patch.error_injection?.rate_limit_pct
 */
export function readChaosConfigFile(file: string): ChaosConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'it is a folder' : (e.code ?? e.message);
    throw new ChaosConfigError([{ path: '', message: `--config ${file}: cannot read it (${why})` }]);
  }
  const doc = yaml().parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const at = e.linePos ? `${file}:${e.linePos[0].line}:${e.linePos[0].col}` : file;
    throw new ChaosConfigError([{ path: '', message: `--config ${at}: not valid YAML: ${e.message.split('\n')[0]}` }]);
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return { patch: {}, settings: {}, problems: [] };
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ChaosConfigError([{ path: '', message: `--config ${file}: must be a YAML mapping with the sections response, latency and error_injection (and ChaosLLM's server and metrics)` }]);
  }
  const patch = { ...(value as Record<string, unknown>) };
  const { settings, problems } = startSettings(patch);
  delete patch.server;
  delete patch.metrics;
  return { patch: patch as ChaosConfigPatch, settings, problems };
}

export interface ChaosSources {
  preset?: string;
  /** A `--config` file path. */
  configFile?: string;
  /** From the CLI flags; wins over the file and the preset. */
  flags?: ChaosConfigPatch;
}

/** Whether `patch` sets the value at a problem's path (or a parent of it). */
function sets(patch: unknown, path: string): boolean {
  const keys = path.replace(/\[\d+\]/g, '').split('.');
  let at: unknown = patch;
  for (const k of keys) {
    if (typeof at !== 'object' || at === null || Array.isArray(at) || !(k in at)) return false;
    at = (at as Record<string, unknown>)[k];
    if (typeof at !== 'object' || at === null || Array.isArray(at)) return true;
  }
  return true;
}

/**
 * The config a server starts with: defaults < preset < config file < flags, validated, and the
 * config file's start-up settings. Throws ChaosConfigError listing every problem, each with
 * the source that set the value.
 * @example resolveChaosStart({ configFile: 'chaosllm.yaml' }).settings.port // 8000
 */
export function resolveChaosStart(sources: ChaosSources): { config: ChaosConfig; settings: ChaosFileSettings } {
  const layers: { source: string; patch: ChaosConfigPatch }[] = [];
  const problems: ChaosProblem[] = [];
  let settings: ChaosFileSettings = {};
  if (sources.preset !== undefined) layers.push({ source: `preset ${sources.preset}`, patch: presetPatch(sources.preset) });
  if (sources.configFile !== undefined) {
    const file = readChaosConfigFile(sources.configFile);
    settings = file.settings;
    problems.push(...file.problems.map((p) => ({ ...p, source: `--config ${sources.configFile}` })));
    layers.push({ source: `--config ${sources.configFile}`, patch: file.patch });
  }
  if (sources.flags !== undefined) layers.push({ source: 'the command line', patch: sources.flags });
  const config = mergeChaosConfig(DEFAULT_CHAOS_CONFIG, ...layers.map((l) => l.patch));
  for (const p of validateChaosConfig(config)) problems.push({ ...p, source: [...layers].reverse().find((l) => p.path && sets(l.patch, p.path))?.source });
  if (problems.length > 0) throw new ChaosConfigError(problems);
  return { config: deepFreeze(config), settings };
}

/**
 * The load-chaos config a server starts with (see `resolveChaosStart`).
 * @example resolveChaosConfig({ preset: 'gentle', flags: { error_injection: { rate_limit_pct: 25 } } }).error_injection.rate_limit_pct // 25
 */
export function resolveChaosConfig(sources: ChaosSources): ChaosConfig {
  return resolveChaosStart(sources).config;
}
