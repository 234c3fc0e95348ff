/**
 * The six built-in load-chaos presets (ChaosLLM's, with its values), one YAML file each in
 * `presets/`: the same format as a `--config` file, so a preset can be copied and edited. Each
 * file's first line is `# llmposter load-chaos preset "NAME": DESCRIPTION.`; `llmposter presets`
 * shows it.
 */
import { readFileSync } from 'node:fs';
import { yaml } from '../util/lazy-yaml.js';
import { ChaosConfigError, DEFAULT_CHAOS_CONFIG, deepFreeze, mergeChaosConfig, validateChaosConfig, type ChaosConfigPatch } from './config.js';
import type { ChaosConfig } from './types.js';

export const PRESET_NAMES = ['gentle', 'realistic', 'stress_aimd', 'chaos', 'silent', 'stress_extreme'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export const PRESETS_DIR = new URL('../../presets/', import.meta.url);

export const isPresetName = (name: string): name is PresetName => (PRESET_NAMES as readonly string[]).includes(name);

function presetText(name: string): string {
  // Only the listed names ever reach the file system: `--preset ../x` names no file.
  if (!isPresetName(name)) {
    throw new ChaosConfigError([{ path: 'preset', message: `unknown preset '${name.slice(0, 60)}'; one of ${PRESET_NAMES.join(', ')} (see \`llmposter presets\`)` }]);
  }
  return readFileSync(new URL(`${name}.yaml`, PRESETS_DIR), 'utf8');
}

/**
 * A preset's file as written: the values its table row sets, nothing else.
 * @example presetPatch('gentle').error_injection?.rate_limit_pct // 1
 */
export function presetPatch(name: string): ChaosConfigPatch {
  return yaml().parse(presetText(name)) as ChaosConfigPatch;
}

/**
 * A preset as a complete config: the built-in defaults, then the preset's values.
 * @example loadPreset('stress_aimd').error_injection.burst.interval_sec // 30
 */
export function loadPreset(name: string): ChaosConfig {
  const config = mergeChaosConfig(DEFAULT_CHAOS_CONFIG, presetPatch(name));
  const problems = validateChaosConfig(config);
  // A shipped preset is never invalid; if one is, say which.
  if (problems.length > 0) throw new ChaosConfigError(problems.map((p) => ({ ...p, message: `${p.message} (in preset ${name})` })));
  return deepFreeze(config);
}

export interface PresetInfo {
  name: PresetName;
  description: string;
}

/**
 * Every preset with its one-line description, in the order of ChaosLLM's preset table.
 * @example listPresets()[0] // { name: 'gentle', description: 'basic functionality: ...' }
 */
export function listPresets(): PresetInfo[] {
  return PRESET_NAMES.map((name) => {
    const first = presetText(name).split('\n', 1)[0];
    const m = /^# llmposter load-chaos preset "[^"]+": (.*?)\.?$/.exec(first);
    return { name, description: m ? m[1] : '' };
  });
}
