/**
 * From the command line to one validated config. Precedence, lowest first: built-in
 * defaults < `--preset NAME` < `--config FILE` < chaos flags (and later, at runtime,
 * `POST /admin/config`). A problem names the key and, when known, where the value came from.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { ChaosConfigError, DEFAULT_CHAOS_CONFIG, deepFreeze, mergeChaosConfig, validateChaosConfig, type ChaosConfigPatch, type ChaosProblem } from './config.js';
import { presetPatch } from './presets.js';
import type { ChaosConfig } from './types.js';

/** ChaosLLM config sections llmposter reads past: its server address and its metrics database. */
export const IGNORED_SECTIONS = ['server', 'metrics'] as const;

export interface ChaosConfigFile {
  patch: ChaosConfigPatch;
  /** ChaosLLM sections present in the file and ignored (`server`, `metrics`). */
  ignored: string[];
}

/**
 * Read a `--config` YAML file (sections `response`, `latency`, `error_injection`; ChaosLLM's
 * `server` and `metrics` are dropped and listed in `ignored`). Not validated here: the merged
 * config is. Throws ChaosConfigError when the file cannot be read or is not a YAML mapping.
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
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const at = e.linePos ? `${file}:${e.linePos[0].line}:${e.linePos[0].col}` : file;
    throw new ChaosConfigError([{ path: '', message: `--config ${at}: not valid YAML: ${e.message.split('\n')[0]}` }]);
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return { patch: {}, ignored: [] };
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ChaosConfigError([{ path: '', message: `--config ${file}: must be a YAML mapping with the sections response, latency and error_injection` }]);
  }
  const patch = { ...(value as Record<string, unknown>) };
  const ignored = IGNORED_SECTIONS.filter((k) => k in patch);
  for (const k of ignored) delete patch[k];
  return { patch: patch as ChaosConfigPatch, ignored };
}

export interface ChaosSources {
  preset?: string;
  /** A `--config` file path. */
  configFile?: string;
  /** From the CLI flags; wins over the file and the preset. */
  flags?: ChaosConfigPatch;
  /** Told once when the config file has sections that are ignored. */
  warn?(line: string): void;
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
 * The config a server starts with: defaults < preset < config file < flags, validated.
 * Throws ChaosConfigError listing every problem, each with the source that set the value.
 * @example resolveChaosConfig({ preset: 'gentle', flags: { error_injection: { rate_limit_pct: 25 } } }).error_injection.rate_limit_pct // 25
 */
export function resolveChaosConfig(sources: ChaosSources): ChaosConfig {
  const layers: { source: string; patch: ChaosConfigPatch }[] = [];
  if (sources.preset !== undefined) layers.push({ source: `preset ${sources.preset}`, patch: presetPatch(sources.preset) });
  if (sources.configFile !== undefined) {
    const file = readChaosConfigFile(sources.configFile);
    if (file.ignored.length > 0) {
      const why = file.ignored.map((k) => (k === 'server' ? 'set the address with --bind or --port' : 'llmposter keeps no metrics database')).join('; ');
      sources.warn?.(`--config ${sources.configFile}: ignoring ChaosLLM's ${file.ignored.join(' and ')} section${file.ignored.length > 1 ? 's' : ''} (${why})`);
    }
    layers.push({ source: `--config ${sources.configFile}`, patch: file.patch });
  }
  if (sources.flags !== undefined) layers.push({ source: 'the command line', patch: sources.flags });
  const config = mergeChaosConfig(DEFAULT_CHAOS_CONFIG, ...layers.map((l) => l.patch));
  const problems = validateChaosConfig(config);
  if (problems.length > 0) {
    throw new ChaosConfigError(problems.map((p): ChaosProblem => ({ ...p, source: [...layers].reverse().find((l) => p.path && sets(l.patch, p.path))?.source })));
  }
  return deepFreeze(config);
}
