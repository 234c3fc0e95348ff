import { afterAll, describe, it, expect } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runValidate } from '../../../src/cli/validate.js';

const root = mkdtempSync(join(tmpdir(), 'llmposter-validate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(paths: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runValidate(paths, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('runValidate', () => {
  it('counts fixtures and files with correct plurals', async () => {
    const file = join(root, 'one.yaml');
    writeFileSync(file, 'fixtures:\n  - response: { content: "x" }\n');
    expect(await run([file])).toEqual({ code: 0, out: ['ok: 1 fixture in 1 file'], err: [] });
  });

  it('lists every problem as file:line:col: message on stderr and exits 2', async () => {
    const a = join(root, 'a.yaml');
    const b = join(root, 'b.yaml');
    writeFileSync(a, 'fixtures:\n  - match: { user_message: { regex: "(" } }\n    response: { content: "x" }\n');
    writeFileSync(b, 'fixtures:\n  - response: { content: "x" }\n    error: { status: 500, message: "y" }\n  - respons: {}\n');
    const r = await run([a, b, join(root, 'missing.yaml')]);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err).toEqual([
      `${join(root, 'missing.yaml')}:1:1: no such file or folder; check the path given to --fixtures / validate`,
      expect.stringMatching(new RegExp(`^${a}:2:37: invalid regex "\\("`)),
      expect.stringMatching(new RegExp(`^${b}:3:5: fixture has both response and error`)),
      expect.stringMatching(new RegExp(`^${b}:4:5: unknown key "respons"`)),
      '4 problems in 3 files',
    ]);
  });

  it('a folder without fixture files is an error (exit 2), not "ok: 0 fixtures"', async () => {
    const empty = mkdtempSync(join(root, 'empty-'));
    writeFileSync(join(empty, 'notes.md'), '# not fixtures');
    expect(await run([empty])).toEqual({
      code: 2,
      out: [],
      err: [`llmposter validate: no fixtures found in ${empty}: no fixture files (a folder's *.yaml / *.yml files are read, not its subfolders)`],
    });
  });

  it('files that hold only empty lists are an error too (exit 2)', async () => {
    const file = join(root, 'empty-list.yaml');
    writeFileSync(file, 'fixtures: []\n');
    expect(await run([file])).toEqual({ code: 2, out: [], err: [`llmposter validate: no fixtures found in ${file}: its file has an empty "fixtures:" list`] });
  });

  it('no paths is a usage error (exit 2)', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/no fixture paths given/);
  });
});
