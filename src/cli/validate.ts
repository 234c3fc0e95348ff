/**
 * `llmposter validate <paths...>` (also `--validate`): load fixtures exactly as the server
 * would and report. Exit codes follow the CLI convention: 0 ok, 2 bad fixtures, no fixtures at
 * all, or usage, 1 anything unexpected.
 */
import { Command } from 'commander';
import { noFixturesMessage } from '../fixture-set/no-fixtures.js';
import { FixtureLoadError, formatProblem } from '../fixture-set/types.js';
import { exitWhenFlushed } from '../util/exit-when-flushed.js';

export interface ValidateIo {
  out(line: string): void;
  err(line: string): void;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Validate fixture files/folders; one summary line on `out`, or every problem on `err`.
 *
 * @example
 * const code = await runValidate(['./fixtures'], { out: console.log, err: console.error });
 * // prints "ok: 12 fixtures in 3 files", code === 0
 */
export async function runValidate(paths: string[], io: ValidateIo): Promise<number> {
  if (paths.length === 0) {
    io.err('llmposter validate: no fixture paths given; usage: llmposter validate <file-or-folder...>');
    return 2;
  }
  try {
    // Loaded here: `llmposter --help` loads this module (for --validate) and needs no YAML parser.
    const { loadFixtures } = await import('../fixture-set/load.js');
    const set = await loadFixtures(paths);
    // Nothing to serve is almost always a wrong path or extension, not an intention.
    if (set.fixtures.length === 0) {
      io.err(`llmposter validate: ${noFixturesMessage(paths, set.files.length)}`);
      return 2;
    }
    io.out(`ok: ${plural(set.fixtures.length, 'fixture')} in ${plural(set.files.length, 'file')}`);
    return 0;
  } catch (err) {
    if (err instanceof FixtureLoadError) {
      for (const p of err.problems) io.err(formatProblem(p));
      const files = new Set(err.problems.map((p) => p.file)).size;
      io.err(`${plural(err.problems.length, 'problem')} in ${plural(files, 'file')}`);
      return 2;
    }
    io.err(`llmposter validate: ${(err as Error).message}`);
    return 1;
  }
}

/** The process's own stdout/stderr, one line per call. */
export const stdio: ValidateIo = { out: (l) => process.stdout.write(l + '\n'), err: (l) => process.stderr.write(l + '\n') };

export function validateCommand(): Command {
  return new Command('validate')
    .description('check fixture files: exit 0 with a summary, or list every problem as file:line:col and exit 2')
    .argument('<paths...>', 'fixture files or folders')
    .action(async (paths: string[]) => {
      exitWhenFlushed(await runValidate(paths, stdio));
    });
}
