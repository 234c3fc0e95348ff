import { afterAll, describe, it, expect } from '@jest/globals';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watchFixtures, type FixtureWatcher } from '../../../src/fixture-set/watch.js';

const root = mkdtempSync(join(tmpdir(), 'llmposter-watch-'));
const open: FixtureWatcher[] = [];
afterAll(async () => {
  await Promise.all(open.map((w) => w.close()));
  rmSync(root, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll until `cond` holds; generous on purpose (CI file systems are slow), no upper bound asserted. */
async function eventually(cond: () => boolean, ms = 5000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(25)) if (cond()) return true;
  return cond();
}

async function start(paths: string[]) {
  let calls = 0;
  const w = watchFixtures(paths, () => calls++);
  open.push(w);
  await w.ready;
  return { w, calls: () => calls };
}

describe('watchFixtures', () => {
  it('fires on add, change and unlink of YAML files in a watched folder', async () => {
    const dir = mkdtempSync(join(root, 'dir-'));
    const { calls } = await start([dir]);
    const file = join(dir, 'a.yaml');

    writeFileSync(file, 'fixtures: []\n');
    expect(await eventually(() => calls() >= 1)).toBe(true);

    const before = calls();
    writeFileSync(file, 'fixtures:\n  - response: { content: x }\n');
    expect(await eventually(() => calls() > before)).toBe(true);

    const beforeUnlink = calls();
    unlinkSync(file);
    expect(await eventually(() => calls() > beforeUnlink)).toBe(true);
  });

  it('fires for a watched file and debounces a burst of writes into one call', async () => {
    const file = join(root, 'single.yaml');
    writeFileSync(file, 'fixtures: []\n');
    const { calls } = await start([file]);
    for (let i = 0; i < 5; i++) writeFileSync(file, `fixtures: [] # ${i}\n`);
    expect(await eventually(() => calls() >= 1)).toBe(true);
    await sleep(400); // let any stray event land; a burst must not become 5 reloads
    expect(calls()).toBeLessThanOrEqual(2);
  });

  it('sees a file created right after the call, before the initial scan finished', async () => {
    const dir = mkdtempSync(join(root, 'dir-'));
    let calls = 0;
    const w = watchFixtures([dir], () => calls++);
    open.push(w);
    writeFileSync(join(dir, 'early.yaml'), 'fixtures: []\n'); // no `await w.ready` on purpose
    expect(await eventually(() => calls >= 1)).toBe(true);
  });

  it('fires when a Kubernetes ConfigMap volume swaps its ..data link (the *.yaml links stay as they are)', async () => {
    const dir = mkdtempSync(join(root, 'configmap-'));
    mkdirSync(join(dir, '..2024_01_01_v1'));
    writeFileSync(join(dir, '..2024_01_01_v1', 'a.yaml'), 'fixtures: []\n');
    symlinkSync('..2024_01_01_v1', join(dir, '..data'));
    symlinkSync(join('..data', 'a.yaml'), join(dir, 'a.yaml'));
    const { calls } = await start([dir]);
    // What the kubelet does on an update: new folder, new link, renamed over the old one.
    for (const [v, previous] of [['v2', 'v1'], ['v3', 'v2'], ['v4', 'v3']]) {
      const before = calls();
      mkdirSync(join(dir, `..2024_01_01_${v}`));
      writeFileSync(join(dir, `..2024_01_01_${v}`, 'a.yaml'), `fixtures:\n  - response: { content: ${v} }\n`);
      symlinkSync(`..2024_01_01_${v}`, join(dir, '..data_tmp'));
      renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
      rmSync(join(dir, `..2024_01_01_${previous}`), { recursive: true });
      expect(await eventually(() => calls() > before)).toBe(true);
    }
  });

  it('ignores non-YAML files in a watched folder and stops after close()', async () => {
    const dir = mkdtempSync(join(root, 'dir-'));
    const { w, calls } = await start([dir]);
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    writeFileSync(join(dir, '.a.yaml.swp'), 'swap');
    await sleep(500);
    expect(calls()).toBe(0);
    await w.close();
    writeFileSync(join(dir, 'b.yaml'), 'fixtures: []\n');
    await sleep(500);
    expect(calls()).toBe(0);
  });
});
