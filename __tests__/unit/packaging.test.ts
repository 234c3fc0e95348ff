/**
 * What `npm publish` would ship, and that the lock file installs: exactly the built code, the
 * schemas, the example fixtures and chaos presets the server reads, README and LICENSE; a lock
 * file `npm ci` accepts; no devDependency that nothing uses.
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

type Deps = Record<string, string>;
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Deps; devDependencies: Deps; optionalDependencies?: Deps; peerDependencies?: Deps; license: string };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { lockfileVersion: number; packages: Record<string, { dependencies?: Deps; devDependencies?: Deps; optionalDependencies?: Deps; peerDependencies?: Deps }> };

function packedFiles(): string[] {
  // --ignore-scripts: no rebuild; the test suite has just built dist/ (pretest).
  const out = execFileSync('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path).sort();
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? (d.name === 'node_modules' ? [] : filesUnder(join(dir, d.name))) : [join(dir, d.name)]));
}

describe('the published package', () => {
  const files = packedFiles();

  it('holds dist, schemas, fixtures, presets, README, LICENSE and package.json, and nothing else', () => {
    const outside = files.filter((f) => !/^(dist|schemas|fixtures|presets)\//.test(f) && !['README.md', 'LICENSE', 'package.json'].includes(f));
    expect(outside).toEqual([]);
    // Every file of each shipped folder (the server reads presets and schemas at run time).
    for (const dir of ['schemas', 'fixtures', 'presets']) expect(files.filter((f) => f.startsWith(`${dir}/`))).toEqual(filesUnder(dir).sort());
    expect(files.filter((f) => f.startsWith('dist/'))).toEqual(filesUnder('dist').sort());
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/fixture-set/fixture-validator.cjs', 'README.md']) expect(files).toContain(f);
  });

  it('ships no sources, tests or source maps (src/ is not shipped, so maps would point at nothing)', () => {
    expect(files.filter((f) => /^(src|__tests__|bench|examples|scripts)\/|\.map$|\.test\./.test(f))).toEqual([]);
  });

  it('ships a licence that matches package.json', () => {
    expect(files).toContain('LICENSE');
    expect(readFileSync('LICENSE', 'utf8')).toMatch(new RegExp(`^${pkg.license} License`));
  });

  it('has no devDependency that no test, bench or example imports', () => {
    // Tools run by name rather than imported: the compiler, the test runner and its ESM transform.
    const RUN_BY_NAME = new Set(['typescript', 'jest', 'ts-jest']);
    const text = ['__tests__', 'bench', 'examples'].flatMap(filesUnder).filter((f) => /\.(ts|mjs|js)$/.test(f)).map((f) => readFileSync(f, 'utf8')).join('\n') + readFileSync('jest.config.js', 'utf8');
    const unused = Object.keys(pkg.devDependencies).filter((d) => {
      if (RUN_BY_NAME.has(d)) return false;
      // @types/x is used when x (or node, for @types/node) is.
      const name = d.startsWith('@types/') ? d.slice('@types/'.length) : d;
      if (name === 'node') return false;
      // Imported (`'x'`, `'x/sub'`) or started from node_modules by path (the bench's peers).
      return !text.includes(`'${name}'`) && !text.includes(`'${name}/`) && !text.includes(`"${name}"`) && !text.includes(`node_modules/${name}/`);
    });
    expect(unused).toEqual([]);
  });
});

describe('the lock file', () => {
  it("records package.json's dependency ranges as they are (no edit without `npm install`)", () => {
    const root = lock.packages[''];
    expect(lock.lockfileVersion).toBe(3);
    for (const kind of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const) expect([kind, root[kind] ?? {}]).toEqual([kind, pkg[kind] ?? {}]);
    // Every dependency is resolved in the lock.
    const unresolved = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)].filter((d) => !lock.packages[`node_modules/${d}`]);
    expect(unresolved).toEqual([]);
  });

  it('is accepted by `npm ci` (a dry run: nothing is installed)', () => {
    // npm ci refuses a lock that does not satisfy package.json, or that misses a package an
    // install would add; the dry run makes the same check. --prefer-offline: package metadata
    // from the local cache when there.
    const out = execFileSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    // Exit 0 is the check (execFileSync throws otherwise); the summary compares with node_modules.
    expect(out).toMatch(/(added|changed|removed) \d+ packages? in|up to date/);
  }, 150_000);
});
