/** Which files a list of fixture paths means (shared by the loader and the watcher). */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureFiles, YAML_FILE } from '../../../src/fixture-set/paths.js';

const root = mkdtempSync(join(tmpdir(), 'llmposter-paths-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

/** A fresh folder holding `files` (empty content) and `dirs`. */
function folder(files: string[], dirs: string[] = []): string {
  const dir = join(root, `d${n++}`);
  mkdirSync(dir);
  for (const d of dirs) mkdirSync(join(dir, d), { recursive: true });
  for (const f of files) writeFileSync(join(dir, f), 'fixtures: []\n');
  return dir;
}

describe('YAML_FILE', () => {
  it.each<[string, boolean]>([
    ['a.yaml', true],
    ['a.yml', true],
    ['A.YAML', true],
    ['a.YmL', true],
    ['a.yaml.bak', false],
    ['a.json', false],
    ['yaml', false],
    ['a.yamll', false],
    ['a.ya', false],
  ])('%s -> %s', (name, expected) => {
    expect(YAML_FILE.test(name)).toBe(expected);
  });
});

describe('fixtureFiles', () => {
  it('expands a folder to its *.yaml and *.yml files only, sorted by code unit (upper case first)', () => {
    const dir = folder(['b.yaml', 'a.yml', 'C.YAML', '10.yaml', '9.yaml', 'notes.txt', 'x.json', 'a.yaml.bak', 'README'], ['sub']);
    writeFileSync(join(dir, 'sub', 'nested.yaml'), 'fixtures: []\n');
    expect(fixtureFiles([dir])).toEqual({
      files: ['10.yaml', '9.yaml', 'C.YAML', 'a.yml', 'b.yaml'].map((f) => join(dir, f)),
      missing: [],
    });
  });

  it('does not recurse and skips a folder whose name looks like a YAML file', () => {
    const dir = folder(['top.yaml'], ['deep.yaml', 'sub']);
    writeFileSync(join(dir, 'sub', 'inner.yaml'), 'fixtures: []\n');
    expect(fixtureFiles([dir]).files).toEqual([join(dir, 'top.yaml')]);
  });

  it('keeps an explicitly named file whatever its extension, as spelled', () => {
    const dir = folder(['fixtures.txt', 'no-extension', 'c.json']);
    const paths = [join(dir, 'fixtures.txt'), join(dir, 'no-extension'), join(dir, 'c.json')];
    expect(fixtureFiles(paths)).toEqual({ files: paths, missing: [] });
  });

  it('keeps the given order across paths: files and folders in the order named', () => {
    const a = folder(['2.yaml', '1.yaml']);
    const b = folder(['0.yaml']);
    const single = join(b, '0.yaml');
    expect(fixtureFiles([b, a, single]).files).toEqual([join(b, '0.yaml'), join(a, '1.yaml'), join(a, '2.yaml')]);
    expect(fixtureFiles([a, b]).files).toEqual([join(a, '1.yaml'), join(a, '2.yaml'), join(b, '0.yaml')]);
  });

  it('reads a file named twice once, under its first spelling', () => {
    const dir = folder(['a.yaml', 'b.yaml']);
    const spelled = `${dir}/./b.yaml`; // not normalised: the loader reports it as spelled
    expect(fixtureFiles([spelled, dir, join(dir, 'a.yaml')]).files).toEqual([spelled, join(dir, 'a.yaml')]);
    expect(fixtureFiles([dir, dir]).files).toEqual([join(dir, 'a.yaml'), join(dir, 'b.yaml')]);
  });

  it('reports paths that do not exist, in order, and still expands the rest', () => {
    const dir = folder(['a.yaml']);
    const gone1 = join(root, 'missing-folder');
    const gone2 = join(dir, 'missing.yaml');
    expect(fixtureFiles([gone1, dir, gone2])).toEqual({ files: [join(dir, 'a.yaml')], missing: [gone1, gone2] });
  });

  it('follows symbolic links to files, as a Kubernetes ConfigMap mounts its keys', () => {
    // A ConfigMap volume: each key is a link `a.yaml -> ..data/a.yaml`, `..data` a link to a
    // hidden timestamped folder holding the real files.
    const dir = folder([], ['..2024_01_01_00_00_00.1']);
    writeFileSync(join(dir, '..2024_01_01_00_00_00.1', 'a.yaml'), 'fixtures: []\n');
    writeFileSync(join(dir, '..2024_01_01_00_00_00.1', 'b.yml'), 'fixtures: []\n');
    symlinkSync('..2024_01_01_00_00_00.1', join(dir, '..data'));
    symlinkSync(join('..data', 'a.yaml'), join(dir, 'a.yaml'));
    symlinkSync(join('..data', 'b.yml'), join(dir, 'b.yml'));
    expect(fixtureFiles([dir])).toEqual({ files: [join(dir, 'a.yaml'), join(dir, 'b.yml')], missing: [] });
  });

  it('skips broken links (editor lock files such as .#a.yaml) and links to folders', () => {
    const dir = folder(['real.yaml'], ['sub.yaml']);
    symlinkSync('user@host.1234:1700000000', join(dir, '.#real.yaml'));
    symlinkSync('sub.yaml', join(dir, 'dir-link.yaml'));
    symlinkSync('real.yaml', join(dir, 'z-link.yaml'));
    expect(fixtureFiles([dir]).files).toEqual([join(dir, 'real.yaml'), join(dir, 'z-link.yaml')]);
  });

  it('an empty folder and an empty list give nothing', () => {
    expect(fixtureFiles([folder([])])).toEqual({ files: [], missing: [] });
    expect(fixtureFiles([])).toEqual({ files: [], missing: [] });
  });
});
