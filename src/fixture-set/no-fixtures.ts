/**
 * Why a fixture set is empty, in one line: `validate` reports it as an error (exit 2), the
 * server as a warning at start (it still serves jobs, and a watched folder may fill up later).
 * An empty set is almost always a wrong path or file extension, not an intention.
 */

/**
 * @example noFixturesMessage(['./fixtures'], 0)
 * // 'no fixtures found in ./fixtures: no fixture files (a folder\'s *.yaml / *.yml files are read, not its subfolders)'
 */
export function noFixturesMessage(paths: readonly string[], files: number): string {
  if (paths.length === 0) return 'no fixtures found: no fixture paths given (--fixtures <file-or-folder>)';
  const where = `no fixtures found in ${paths.join(', ')}`;
  if (files === 0) return `${where}: no fixture files (a folder's *.yaml / *.yml files are read, not its subfolders)`;
  return `${where}: ${files === 1 ? 'its file has an empty' : `its ${files} files have empty`} "fixtures:" list${files === 1 ? '' : 's'}`;
}
