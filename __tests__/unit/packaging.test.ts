/**
 * What `npm publish` would ship: a licence, source maps whose sources are in the package, and
 * no devDependency that nothing uses (each is install time for every contributor and CI run).
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { devDependencies: Record<string, string>; license: string };

function packedFiles(): string[] {
  // --ignore-scripts: no rebuild; the test suite has just built dist/ (pretest).
  const out = execFileSync('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? (d.name === 'node_modules' ? [] : filesUnder(join(dir, d.name))) : [join(dir, d.name)]));
}

describe('the published package', () => {
  const files = packedFiles();

  it('ships a licence that matches package.json', () => {
    expect(files).toContain('LICENSE');
    expect(readFileSync('LICENSE', 'utf8')).toMatch(new RegExp(`^${pkg.license} License`));
  });

  it('ships the sources every source map points at', () => {
    const maps = files.filter((f) => f.endsWith('.js.map'));
    expect(maps.length).toBeGreaterThan(10);
    const shipped = new Set(files);
    const missing = maps.flatMap((m) => {
      const { sources } = JSON.parse(readFileSync(m, 'utf8')) as { sources: string[] };
      return sources.map((s) => normalize(join(dirname(m), s))).filter((s) => !shipped.has(s));
    });
    expect(missing).toEqual([]);
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
