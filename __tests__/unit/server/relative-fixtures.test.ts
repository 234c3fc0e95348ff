import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFixtures } from '../../../src/fixture-set/load.js';
import { displayPath, fixturesRoot, relativeFixtureSet } from '../../../src/server/relative-fixtures.js';

const base = mkdtempSync(join(tmpdir(), 'llmposter-rel-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const FIXTURE = 'fixtures:\n  - name: one\n    response: { content: "x" }\n';

describe('relative fixture paths', () => {
  it('the root is the folder given, a file’s folder, or the common folder of several', () => {
    mkdirSync(join(base, 'a', 'deep'), { recursive: true });
    mkdirSync(join(base, 'b'), { recursive: true });
    writeFileSync(join(base, 'b', 'x.yaml'), FIXTURE);
    expect(fixturesRoot([join(base, 'a')])).toBe(join(base, 'a'));
    expect(fixturesRoot([join(base, 'b', 'x.yaml')])).toBe(join(base, 'b'));
    expect(fixturesRoot([join(base, 'a', 'deep'), join(base, 'b', 'x.yaml')])).toBe(base);
  });

  it('shows paths with / under the root', () => {
    expect(displayPath(join(base, 'a', 'deep', 'f.yaml'), base)).toBe('a/deep/f.yaml');
    expect(displayPath(join(base, 'f.yaml'), join(base))).toBe('f.yaml');
  });

  it('rewrites ids, keys, locations and files, keeping the content hash in the key', async () => {
    const set = await loadFixtures([join(base, 'b')]);
    const rel = relativeFixtureSet(set, join(base, 'b'));
    expect(rel.files).toEqual(['x.yaml']);
    const [f] = rel.fixtures;
    expect(f.id).toBe('x.yaml#0');
    expect(f.key.startsWith('x.yaml#0:')).toBe(true);
    expect(f.key.slice('x.yaml#0'.length)).toBe(set.fixtures[0].key.slice(set.fixtures[0].id.length));
    expect(f.location).toMatchObject({ file: 'x.yaml', line: 2 });
    expect(f.name).toBe('one');
  });
});
