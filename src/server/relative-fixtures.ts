/**
 * What the server shows of fixture files, in `/health`, the `x-llmposter-fixture` header,
 * diagnostics and logs: paths relative to the fixtures root, never absolute ones. A page that
 * reads an answer learns nothing about the machine's folders, and the ids are the same on
 * every machine that checks out the same fixtures.
 *
 * The root is the folder given to `--fixtures` (a file's folder for a file), or the deepest
 * folder holding all of them when several are given: `--fixtures ./fixtures` shows
 * `01-basics.yaml#0`; `-f a/ -f b/x.yaml` shows `a/1.yaml#0` and `b/x.yaml#0`.
 */
import { statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { FixtureLoadError, type Fixture, type FixtureSet } from '../fixture-set/types.js';

/** The deepest folder that holds every given path (a folder counts as itself). */
export function fixturesRoot(paths: readonly string[]): string {
  const dirs = paths.map((p) => {
    const abs = resolve(p);
    try {
      return statSync(abs).isDirectory() ? abs : dirname(abs);
    } catch {
      return dirname(abs);
    }
  });
  if (dirs.length === 0) return process.cwd();
  let common = dirs[0].split(sep);
  for (const d of dirs.slice(1)) {
    const parts = d.split(sep);
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join(sep) || sep;
}

/**
 * A file as shown to users: relative to `root`, with `/` separators.
 * @example displayPath('/home/me/app/fixtures/a.yaml', '/home/me/app/fixtures') // 'a.yaml'
 */
export function displayPath(file: string, root: string): string {
  const rel = relative(root, resolve(file));
  // Another drive (Windows) has no relative path: the name alone still identifies the file.
  const shown = rel === '' || isAbsolute(rel) ? resolve(file).split(sep).pop()! : rel;
  return shown.split(sep).join('/');
}

/**
 * The set with every id, key and location relative to `root`. Ids keep their meaning
 * (`file#index`) and stay stable across reloads, so sequence positions and `times` counters,
 * which are keyed by them, carry over as before.
 */
export function relativeFixtureSet(set: FixtureSet, root: string): FixtureSet {
  const shown = new Map(set.files.map((f) => [f, displayPath(f, root)]));
  const rename = (file: string) => shown.get(file) ?? displayPath(file, root);
  const fixtures = set.fixtures.map((f): Fixture => {
    const hash = f.id.lastIndexOf('#');
    const file = f.id.slice(0, hash);
    const id = rename(file) + f.id.slice(hash);
    return { ...f, id, key: id + f.key.slice(f.id.length), location: { ...f.location, file: rename(f.location.file) } };
  });
  return { ...set, fixtures, files: set.files.map(rename) };
}

/**
 * A reload's load error with its files relative to `root`, as `/admin/reload` answers it and
 * the log shows it (other errors unchanged).
 */
export function relativeLoadError(err: unknown, root: string): unknown {
  if (!(err instanceof FixtureLoadError)) return err;
  return new FixtureLoadError(err.problems.map((p) => ({ ...p, file: displayPath(p.file, root) })));
}
