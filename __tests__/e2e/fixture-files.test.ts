/**
 * Which fixture files a user's paths mean, seen from the command line: empty folders are an
 * error for `validate` and a warning for the server; symbolic links to files (a Kubernetes
 * ConfigMap mount) load like files.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chat, postRaw, tempDir } from '../helpers/server.js';
import { eventually, runCli, startCli, type RunningCli } from '../helpers/cli.js';

const started: RunningCli[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) if (s.child.exitCode === null) await s.stop('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dir(files: Record<string, string> = {}): string {
  const d = tempDir();
  dirs.push(d);
  for (const [n, t] of Object.entries(files)) writeFileSync(join(d, n), t);
  return d;
}

/** A folder laid out as Kubernetes mounts a ConfigMap: `a.yaml -> ..data/a.yaml`, `..data -> ..<timestamp>`. */
function configMapDir(files: Record<string, string>): string {
  const d = dir();
  const real = '..2024_01_01_00_00_00.123456789';
  mkdirSync(join(d, real));
  for (const [n, t] of Object.entries(files)) writeFileSync(join(d, real, n), t);
  symlinkSync(real, join(d, '..data'));
  for (const n of Object.keys(files)) symlinkSync(join('..data', n), join(d, n));
  return d;
}

const HELLO = 'fixtures:\n  - match: { user_message: "hello" }\n    response: { content: "hi from the config map" }\n';

describe('no fixtures found', () => {
  it('validate on a folder without fixture files exits 2 saying so (not "ok: 0 fixtures")', async () => {
    const empty = dir({ 'notes.txt': 'not yaml', 'fixtures.json': '{}' });
    for (const args of [['validate', empty], ['--validate', '-f', empty]]) {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`no fixtures found in ${empty}: no fixture files`);
    }
  });

  it('validate on files whose lists are empty exits 2', async () => {
    const d = dir({ 'a.yaml': 'fixtures: []\n' });
    const r = await runCli(['validate', d]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no fixtures found');
  });

  it('a server started on an empty folder warns on stderr, serves, and loads files added later', async () => {
    const d = dir();
    const s = await startCli(['-f', d, '-p', '0']);
    started.push(s);
    expect(s.stderr()).toMatch(/warn: no fixtures found in .*every LLM request gets a 404/);
    expect((await postRaw(`${s.url}/v1/chat/completions`, chat('hello'))).status).toBe(404);
    writeFileSync(join(d, 'a.yaml'), HELLO);
    expect(await eventually(async () => (await postRaw(`${s.url}/v1/chat/completions`, chat('hello'))).status === 200)).toBe(true);
  });

  it('a server started without --fixtures warns too', async () => {
    const s = await startCli(['-p', '0']);
    started.push(s);
    expect(s.stderr()).toMatch(/warn: no fixtures found: no fixture paths given/);
  });
});

describe('symbolic links', () => {
  it('a ConfigMap-style folder of links loads and serves (validate and serve)', async () => {
    const d = configMapDir({ 'a.yaml': HELLO });
    const v = await runCli(['validate', d]);
    expect(v).toMatchObject({ code: 0, stdout: 'ok: 1 fixture in 1 file\n' });

    const s = await startCli(['-f', d, '-p', '0', '--no-watch']);
    started.push(s);
    const res = await postRaw(`${s.url}/v1/chat/completions`, chat('hello'));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).choices[0].message.content).toBe('hi from the config map');
  });
});

describe('fixture mistakes rejected at load, naming file:line', () => {
  it('validate lists headers HTTP cannot send, blank match keys, finish-word typos and .nan', async () => {
    const d = dir({
      'bad.yaml': [
        'fixtures:',
        '  - error:',
        '      status: 429',
        '      headers: { Retry-After: "1", retry-after: "2" }',
        '  - error: { status: 500, headers: { "bad name": "x", x-ok: "a\\nb" } }',
        '  - match: { headers: { " ": "x" }, metadata: { "": "y" } }',
        '    response: { content: a }',
        '  - response: { content: a, finish_reason: lenght }',
        '  - match: { temperature: .nan }',
        '    response: { content: a }',
        '  - response: { content: a, finish_reason: my_own_word }',
        '',
      ].join('\n'),
    });
    const r = await runCli(['validate', d]);
    expect(r.code).toBe(2);
    const file = join(d, 'bad.yaml');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^${file}:4:\\d+: header "retry-after" repeats "Retry-After"`)),
      expect.stringMatching(new RegExp(`^${file}:5:\\d+: header name "bad name" is not a valid HTTP header name`)),
      expect.stringMatching(new RegExp(`^${file}:5:\\d+: "x-ok": header value has a line break`)),
      expect.stringMatching(new RegExp(`^${file}:6:\\d+: header name must not be blank`)),
      expect.stringMatching(new RegExp(`^${file}:6:\\d+: metadata key must not be blank`)),
      expect.stringMatching(new RegExp(`^${file}:8:\\d+: finish_reason "lenght" is not a known word; did you mean "length"\\?`)),
      expect.stringMatching(new RegExp(`^${file}:9:\\d+: "match.temperature" is .nan, not a number`)),
      '7 problems in 1 file',
    ]);
  });
});
