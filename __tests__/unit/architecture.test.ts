/**
 * The seams stay where they are: no import cycles between src/ folders, the generic codec
 * contract and the neutral types depend on no provider, and the decide step does no I/O.
 * Read from the source's own import statements, so a new import that breaks a seam fails here.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SRC = resolve('src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
}

/** Every import/export-from specifier of a file (relative ones resolved to src-relative paths). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
    const spec = m[1];
    out.push(spec.startsWith('.') ? relative(SRC, resolve(dirname(file), spec)).replace(/\.js$/, '.ts') : spec);
  }
  return out;
}

/** The top folder of a src-relative path; files directly in src/ (the package entry) are '.'. */
const folderOf = (srcPath: string) => (srcPath.includes(sep) ? srcPath.split(sep)[0] : '.');

const files = sourceFiles(SRC);
const rel = (f: string) => relative(SRC, f);

describe('architecture', () => {
  it('reads a realistic number of files and imports (the checks below are not vacuous)', () => {
    expect(files.length).toBeGreaterThan(40);
    expect(files.flatMap(importsOf).filter((s) => !s.startsWith('node:')).length).toBeGreaterThan(100);
  });

  it('has no import cycles between src/ folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const f of files) {
      const from = folderOf(rel(f));
      // The package entry re-exports everything; it is nobody's dependency.
      if (from === '.') continue;
      for (const spec of importsOf(f)) {
        if (spec.startsWith('node:') || spec.startsWith('..') || !spec.includes(sep)) continue;
        const to = folderOf(spec);
        if (to !== from && to !== '.') (edges.get(from) ?? edges.set(from, new Set()).get(from)!).add(to);
      }
    }
    expect(edges.size).toBeGreaterThan(5);
    // Depth-first search for a back edge; report the cycle's path.
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (node: string, path: string[]) => {
      state.set(node, 'open');
      for (const next of edges.get(node) ?? []) {
        if (state.get(next) === 'open') cycles.push([...path, node, next].slice(path.indexOf(next) >= 0 ? path.indexOf(next) : 0).join(' -> '));
        else if (!state.has(next)) visit(next, [...path, node]);
      }
      state.set(node, 'done');
    };
    for (const node of edges.keys()) if (!state.has(node)) visit(node, []);
    expect(cycles).toEqual([]);
  });

  it('the codec contract and the neutral types import no provider folder', () => {
    const generic = files.filter((f) => rel(f) === join('providers', 'codec.ts') || rel(f).startsWith(`canonical${sep}`));
    expect(generic.length).toBeGreaterThan(2);
    for (const f of generic) {
      const providerImports = importsOf(f).filter((s) => s.startsWith(`providers${sep}`) && s !== join('providers', 'codec.ts'));
      expect([rel(f), providerImports]).toEqual([rel(f), []]);
    }
  });

  it('the pure steps (decide, respond, stream plan, matching, rendering) do no I/O and read no clock', () => {
    const pure = ['engine/decide.ts', 'engine/respond.ts', 'engine/chaos-respond.ts', 'engine/stream-plan.ts', 'fixture-set/match.ts', 'fixture-set/render.ts', 'chaos/decide.ts'].map((p) => join(SRC, p));
    for (const f of pure) {
      const text = readFileSync(f, 'utf8');
      const io = importsOf(f).filter((s) => s.startsWith('node:') || s.startsWith(`time${sep}`) || s.startsWith(`stream${sep}writer`));
      expect([rel(f), io, /Math\.random|Date\.now|performance\.now|setTimeout/.test(text)]).toEqual([rel(f), [], false]);
    }
  });
});
