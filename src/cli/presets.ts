/** `llmposter presets`: the built-in load-chaos presets, one line each (`--preset NAME` uses one). */
import { Command } from 'commander';
import { listPresets } from '../chaos/presets.js';

/**
 * The lines `llmposter presets` prints: name, padded, then its description.
 * @example presetLines()[0] // 'gentle          basic functionality: ...'
 */
export function presetLines(): string[] {
  const presets = listPresets();
  const width = Math.max(...presets.map((p) => p.name.length)) + 2;
  return presets.map((p) => `${p.name.padEnd(width)}${p.description}`);
}

export function presetsCommand(): Command {
  return new Command('presets').description('list the load-chaos presets (use one with --preset NAME)').action(() => {
    process.stdout.write(presetLines().join('\n') + '\n');
  });
}
