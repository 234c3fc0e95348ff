/**
 * What someone who installs the published package gets: `npm pack`, then `npm install` of the
 * tarball into an empty project, then the entry points the README names. Runs against the build
 * (`pretest` builds dist/). The install is --prefer-offline (dependencies from this machine's
 * npm cache when it has them) and --ignore-scripts: better-sqlite3 would otherwise compile
 * SQLite from source for minutes; nothing here turns on the metrics database that needs it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const REPO = process.cwd();
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string; exports: Record<string, unknown> };

let scratch: string;
let project: string;
const inProject = (file: string, args: string[] = []) => exec(process.execPath, [file, ...args], { cwd: project });

beforeAll(async () => {
  expect(existsSync(join(REPO, 'dist/index.js'))).toBe(true);
  scratch = mkdtempSync(join(tmpdir(), 'llmposter-tarball-'));
  project = join(scratch, 'project');
  // --ignore-scripts: no rebuild (the suite has just built dist/).
  await exec('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', scratch], { cwd: REPO });
  await exec('mkdir', [project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', private: true }));
  await exec('npm', ['install', join(scratch, `llmposter-${pkg.version}.tgz`), '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: project, timeout: 300_000 });
}, 330_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Start a process in its own group, wait for llmposter's "listening on" line; stop() ends the group. */
function startInProject(cmd: string, args: string[]): Promise<{ url: string; stop(): void }> {
  const child = spawn(cmd, args, { cwd: project, detached: true });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const stop = () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no listening line; stderr: ${err}`));
    }, 60_000);
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /llmposter listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], stop });
      }
    });
    child.on('close', (code) => reject(new Error(`exited ${code}; stderr: ${err}`)));
  });
}

const hello = (url: string) =>
  fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'example: hello' }] }) }).then(
    (r) => r.json() as Promise<{ choices: Array<{ message: { content: string } }> }>,
  );

describe('the packed tarball, installed into an empty project', () => {
  it('`npx llmposter --fixtures ...` serves the bundled example fixtures', async () => {
    const server = await startInProject('npx', ['llmposter', '--fixtures', 'node_modules/llmposter/fixtures', '--port', '0']);
    try {
      expect((await hello(server.url)).choices[0].message.content).toBe('Hello! I am llmposter, a mock LLM.');
    } finally {
      server.stop();
    }
  }, 90_000);

  // The program both module systems run: start a server in-process and ask it something.
  const program = (load: string) => `${load}
const server = await startServer({ fixtures: 'node_modules/llmposter/fixtures', port: 0, logger: { info() {}, warn() {}, error() {}, debug() {} } });
const res = await fetch(server.url + '/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'example: hello' }] }) });
console.log((await res.json()).choices[0].message.content);
await server.close();`;

  it("ESM: import { startServer } from 'llmposter'", async () => {
    writeFileSync(join(project, 'esm.mjs'), program("import { startServer } from 'llmposter';"));
    expect((await inProject('esm.mjs')).stdout.trim()).toBe('Hello! I am llmposter, a mock LLM.');
  }, 60_000);

  it("CommonJS: require('llmposter') (Node 20.19+ loads the ESM package: it has no top-level await)", async () => {
    writeFileSync(join(project, 'cjs.cjs'), `const { startServer } = require('llmposter');\n(async () => {${program('')}\n})();`);
    const { stdout, stderr } = await inProject('cjs.cjs');
    expect(stdout.trim()).toBe('Hello! I am llmposter, a mock LLM.');
    expect(stderr).not.toMatch(/ERR_REQUIRE_ASYNC_MODULE|top-level await/);
  }, 60_000);

  it("'llmposter/schema.json' is the fixture schema, for import and require", async () => {
    const schema = readFileSync(join(REPO, 'schemas/fixture.schema.json'), 'utf8');
    writeFileSync(join(project, 'schema.mjs'), "import s from 'llmposter/schema.json' with { type: 'json' };\nconsole.log(JSON.stringify(s));");
    writeFileSync(join(project, 'schema.cjs'), "console.log(JSON.stringify(require('llmposter/schema.json')));");
    expect(JSON.parse((await inProject('schema.mjs')).stdout)).toEqual(JSON.parse(schema));
    expect(JSON.parse((await inProject('schema.cjs')).stdout)).toEqual(JSON.parse(schema));
  }, 60_000);

  it("'llmposter/testing' loads through the exports map, by import (ES module) and by require (its CommonJS entry)", async () => {
    expect(pkg.exports['./testing']).toEqual({
      import: { types: './dist/testing/index.d.ts', default: './dist/testing/index.js' },
      require: { types: './dist/testing/index.d.cts', default: './dist/testing/index.cjs' },
    });
    writeFileSync(join(project, 'testing.mjs'), "const t = await import('llmposter/testing');\nconsole.log(typeof t.useLlmposter);");
    writeFileSync(join(project, 'testing.cjs'), "console.log(typeof require('llmposter/testing').useLlmposter);");
    expect((await inProject('testing.mjs')).stdout.trim()).toBe('function');
    expect((await inProject('testing.cjs')).stdout.trim()).toBe('function');
  }, 60_000);

  it('`npx llmposter init` writes fixtures whose schema comment finds the installed schema, and they validate', async () => {
    const { stdout } = await exec('npx', ['llmposter', 'init', 'mocks'], { cwd: project });
    expect(stdout).toContain('npx llmposter --fixtures mocks');
    const first = readFileSync(join(project, 'mocks/starter.yaml'), 'utf8').split('\n')[0];
    expect(first).toBe('# yaml-language-server: $schema=../node_modules/llmposter/schemas/fixture.schema.json');
    expect((await exec('npx', ['llmposter', 'validate', 'mocks'], { cwd: project })).stdout).toMatch(/^ok: 7 fixtures in 1 file/);
  }, 60_000);
});
