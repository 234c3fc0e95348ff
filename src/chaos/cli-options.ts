/**
 * The load-chaos flags of `llmposter serve`: `--preset`, `--config`, one flag per rate named
 * like its key (`--rate-limit-pct` sets `error_injection.rate_limit_pct`), latency, modes and
 * bursts. A value that is not a number in range is a usage error naming the flag and the key;
 * the merged config is validated by `resolveChaosConfig`.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { CHAOS_RATE_KEYS, type ChaosConfigPatch } from './config.js';
import { PRESET_NAMES } from './presets.js';
import { RESPONSE_MODES, type ErrorInjectionConfig } from './types.js';

/** `rate_limit_pct` -> `--rate-limit-pct` (and `capacity_529_pct` -> `--capacity-529-pct`). */
export const flagOf = (key: string) => `--${key.replace(/_/g, '-')}`;

/** commander's camelCase attribute for a flag: `--capacity-529-pct` -> `capacity529Pct`. */
const attrOf = (flag: string) => flag.replace(/^--/, '').replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** A decimal number (no sign, no exponent) in [min, max], or > min when `exclusiveMin`. */
function numberOption(key: string, min: number, max = Infinity, exclusiveMin = false) {
  return (raw: string): number => {
    const text = raw.trim();
    const n = Number(text);
    const inRange = exclusiveMin ? n > min : n >= min;
    if (!/^\d+(\.\d+)?$/.test(text) || !inRange || n > max) {
      const range = max === 100 && min === 0 ? 'a percentage from 0 to 100' : exclusiveMin ? `a number greater than ${min}` : `a number >= ${min}`;
      throw new InvalidArgumentError(`${key} must be ${range}.`);
    }
    return n;
  };
}

const LATENCY: [flag: string, key: 'base_ms' | 'jitter_ms'][] = [
  ['--latency-base-ms', 'base_ms'],
  ['--latency-jitter-ms', 'jitter_ms'],
];

/**
 * Add the load-chaos flags to a command.
 * @example addChaosOptions(new Command('serve')).parse(['--preset', 'gentle', '--rate-limit-pct', '25'], { from: 'user' })
 */
export function addChaosOptions(cmd: Command): Command {
  cmd
    .addOption(new Option('--preset <name>', 'load chaos: start from a preset (see `llmposter presets`)').choices(PRESET_NAMES))
    .option('--config <file>', 'load chaos: a ChaosLLM-style YAML config (response, latency, error_injection); wins over --preset');
  for (const key of CHAOS_RATE_KEYS) {
    cmd.option(`${flagOf(key)} <pct>`, `load chaos: error_injection.${key} (0-100)`, numberOption(`error_injection.${key}`, 0, 100));
  }
  for (const [flag, key] of LATENCY) cmd.option(`${flag} <ms>`, `load chaos: latency.${key}`, numberOption(`latency.${key}`, 0));
  return cmd
    .addOption(new Option('--response-mode <mode>', 'load chaos: answer requests no fixture matches with generated text').choices([...RESPONSE_MODES]))
    .option('--response-template <template>', "load chaos: the template mode's template (response.template.body), e.g. '{\"label\": \"{{ random_choice([\'a\', \'b\']) }}\"}'")
    .option('--response-preset-file <jsonl>', 'load chaos: the preset mode\'s bank, one {"content": ...} per line (response.preset.file)')
    .addOption(new Option('--response-preset-selection <how>', 'load chaos: response.preset.selection').choices(['random', 'sequential']))
    .option('--no-header-overrides', 'load chaos: ignore X-Fake-Response-Mode / X-Fake-Template (response.allow_header_overrides: false)')
    .addOption(new Option('--selection-mode <mode>', 'load chaos: how fault rates combine').choices(['priority', 'weighted']))
    .option('--burst', 'load chaos: enable bursts of 429/529 (error_injection.burst.enabled)')
    .option('--no-burst', 'load chaos: disable bursts (e.g. a preset\'s)')
    .option('--burst-interval-sec <sec>', 'load chaos: error_injection.burst.interval_sec', numberOption('error_injection.burst.interval_sec', 0, Infinity, true))
    .option('--burst-duration-sec <sec>', 'load chaos: error_injection.burst.duration_sec', numberOption('error_injection.burst.duration_sec', 0));
}

export interface ChaosCliChoice {
  preset?: string;
  configFile?: string;
  flags: ChaosConfigPatch;
  /** Whether any chaos flag, preset or config file was given (none = the server runs without load chaos). */
  given: boolean;
}

/**
 * The chaos part of parsed options: preset, config file, and the flags as a patch (unset
 * flags stay unset so the file and the preset apply).
 * @example chaosChoiceFromOptions({ rateLimitPct: 25 }).flags // { error_injection: { rate_limit_pct: 25 } }
 */
export function chaosChoiceFromOptions(opts: Record<string, unknown>): ChaosCliChoice {
  const ei: Partial<Record<keyof ErrorInjectionConfig, unknown>> = {};
  for (const key of CHAOS_RATE_KEYS) {
    const v = opts[attrOf(flagOf(key))];
    if (typeof v === 'number') ei[key] = v;
  }
  if (typeof opts.selectionMode === 'string') ei.selection_mode = opts.selectionMode;
  const burst: Record<string, unknown> = {};
  if (typeof opts.burst === 'boolean') burst.enabled = opts.burst;
  if (typeof opts.burstIntervalSec === 'number') burst.interval_sec = opts.burstIntervalSec;
  if (typeof opts.burstDurationSec === 'number') burst.duration_sec = opts.burstDurationSec;
  if (Object.keys(burst).length > 0) ei.burst = burst;
  const latency: Record<string, number> = {};
  for (const [flag, key] of LATENCY) {
    const v = opts[attrOf(flag)];
    if (typeof v === 'number') latency[key] = v;
  }
  const flags: Record<string, unknown> = {};
  const response: Record<string, unknown> = {};
  if (typeof opts.responseMode === 'string') response.mode = opts.responseMode;
  if (typeof opts.responseTemplate === 'string') response.template = { body: opts.responseTemplate };
  const preset: Record<string, unknown> = {};
  if (typeof opts.responsePresetFile === 'string') preset.file = opts.responsePresetFile;
  if (typeof opts.responsePresetSelection === 'string') preset.selection = opts.responsePresetSelection;
  if (Object.keys(preset).length > 0) response.preset = preset;
  // commander sets `headerOverrides` to true by default: only the --no- form is a choice.
  if (opts.headerOverrides === false) response.allow_header_overrides = false;
  if (Object.keys(response).length > 0) flags.response = response;
  if (Object.keys(latency).length > 0) flags.latency = latency;
  if (Object.keys(ei).length > 0) flags.error_injection = ei;
  const presetName = typeof opts.preset === 'string' ? opts.preset : undefined;
  const configFile = typeof opts.config === 'string' ? opts.config : undefined;
  return { preset: presetName, configFile, flags: flags as ChaosConfigPatch, given: presetName !== undefined || configFile !== undefined || Object.keys(flags).length > 0 };
}
