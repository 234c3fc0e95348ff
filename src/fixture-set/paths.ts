/**
 * Which files a list of fixture paths means: a file as given (whatever its extension), a folder's
 * `*.yaml` / `*.yml` (not recursive) in code-unit order of their names, so the order is the same
 * on every machine. Symbolic links to files count as files (a Kubernetes ConfigMap mounts every
 * key as a link into a hidden folder); a broken link is skipped (editors leave some as locks,
 * like Emacs's `.#name.yaml`). A file named twice is read once. The loader and the watcher both use this,
 * so "what gets reloaded" and "what gets watched for changes" can never disagree.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const YAML_FILE = /\.ya?ml$/i;

export interface FixtureFiles {
  /** Files to read, in load order, as the user spelled their paths. */
  files: string[];
  /** Paths that do not exist. */
  missing: string[];
}

/** @example fixtureFiles(['./fixtures', './extra.yaml']) // { files: ['fixtures/01-basics.yaml', ..., './extra.yaml'], missing: [] } */
export function fixtureFiles(paths: readonly string[]): FixtureFiles {
  const files: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const add = (f: string) => {
    const abs = resolve(f);
    if (!seen.has(abs)) {
      seen.add(abs);
      files.push(f);
    }
  };
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      missing.push(p);
      continue;
    }
    if (!isDir) {
      add(p);
      continue;
    }
    let names: string[];
    try {
      names = readdirSync(p, { withFileTypes: true })
        .filter((d) => YAML_FILE.test(d.name) && (d.isFile() || (d.isSymbolicLink() && linksToFile(join(p, d.name)))))
        .map((d) => d.name);
    } catch {
      // Vanished (or unreadable) between stat and readdir: nothing to read from it.
      continue;
    }
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const n of names) add(join(p, n));
  }
  return { files, missing };
}

/** A symbolic link whose target exists and is a file. */
function linksToFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
