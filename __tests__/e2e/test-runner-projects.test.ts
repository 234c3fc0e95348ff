/**
 * llmposter/testing in the projects users have, each run by its own runner in a child process
 * (against the build: `npm run build` first): vitest (globals, hooks imported, global setup)
 * and a CommonJS jest project (`require()`, jest's global setup module shape). Bounded in time.
 */
import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const project = (name: string) => fileURLToPath(new URL(`../fixtures-projects/${name}`, import.meta.url));
const CHILD_TIMEOUT_MS = 90_000;

/** The environment without anything a test run of ours may have set, so nothing leaks in. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: '1' };
  for (const name of Object.keys(env)) {
    if (/^(LLMPOSTER_|OPENAI_|ANTHROPIC_|GOOGLE_|GEMINI_|JEST_|VITEST)/.test(name) || name === 'NODE_OPTIONS') delete env[name];
  }
  return env;
}

function run(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: ROOT, env: cleanEnv(), timeout: CHILD_TIMEOUT_MS, maxBuffer: 8 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, output: `${stdout}\n${stderr}` });
    });
  });
}

describe('llmposter/testing in other runners (child processes)', () => {
  it('the build holds the ES module and CommonJS entries', () => {
    expect(existsSync(`${ROOT}dist/testing/index.js`)).toBe(true);
    expect(existsSync(`${ROOT}dist/testing/index.cjs`)).toBe(true);
  });

  it('plain Node: llmposter/testing resolves to the same API by import and by require()', async () => {
    const script = `const esm = await import('llmposter/testing');
      const cjs = (await import('node:module')).createRequire(process.cwd() + '/')('llmposter/testing');
      console.log(JSON.stringify([Object.keys(esm).sort(), Object.keys(cjs).sort()]));`;
    const { code, output } = await run(['--input-type=module', '-e', script]);
    expect(code).toBe(0);
    const [esm, cjs] = JSON.parse(output.trim().split('\n')[0]) as string[][];
    expect(esm).toContain('useLlmposter');
    expect(cjs).toEqual(esm);
  });

  it('TypeScript, CommonJS: the types come with require() (import type and import = require)', async () => {
    const { code, output } = await run(['node_modules/typescript/bin/tsc', '-p', project('ts-cjs')]);
    expect([code, output.trim()]).toEqual([0, '']);
  }, CHILD_TIMEOUT_MS + 10_000);

  it('vitest: useLlmposter() with global hooks and with imported ones, a global-setup server shared through LLMPOSTER_URL', async () => {
    const { code, output } = await run(['node_modules/vitest/vitest.mjs', 'run', '--root', project('vitest')]);
    expect([code, output]).toEqual([0, expect.stringMatching(/Test Files\s+3 passed \(3\)[\s\S]*Tests\s+4 passed \(4\)/)]);
  }, CHILD_TIMEOUT_MS + 10_000);

  it('jest, CommonJS project: require() of llmposter/testing, useLlmposter(), jest-shaped global setup and teardown', async () => {
    const { code, output } = await run(['node_modules/jest/bin/jest.js', '--config', `${project('jest-cjs')}/jest.config.js`, '--runInBand']);
    expect([code, output]).toEqual([0, expect.stringMatching(/Test Suites: 2 passed, 2 total\s+Tests:\s+3 passed, 3 total/)]);
  }, CHILD_TIMEOUT_MS + 10_000);
});
