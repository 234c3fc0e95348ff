/**
 * The lifecycle useLlmposter() registers, driven by hand (the hooks option, as under vitest
 * without globals), the error when no hooks exist, and the one-server-per-run global setup.
 */
import { describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FixtureLoadError } from '../../src/index.js';
import { tempDir } from '../helpers/server.js';
import {
  useLlmposter,
  HooksNotFoundError,
  ServerNotStartedError,
  startGlobalServer,
  stopGlobalServer,
  globalServer,
  globalSetup,
  globalTeardown,
  connectLlmposter,
  testIdHeaders,
  URL_ENV,
  type TestHooks,
} from '../../src/testing/index.js';

/** Hooks that record what was registered, to run them in the order a runner would. */
function recordingHooks() {
  const registered: Record<keyof TestHooks, (() => unknown)[]> = { beforeAll: [], beforeEach: [], afterEach: [], afterAll: [] };
  const hooks: TestHooks = {
    beforeAll: (fn) => registered.beforeAll.push(fn),
    beforeEach: (fn) => registered.beforeEach.push(fn),
    afterEach: (fn) => registered.afterEach.push(fn),
    afterAll: (fn) => registered.afterAll.push(fn),
  };
  const run = async (name: keyof TestHooks) => {
    for (const fn of registered[name]) await fn();
  };
  return { hooks, registered, run };
}

const SDK_VARS = ['OPENAI_BASE_URL', 'ANTHROPIC_BASE_URL', 'GOOGLE_GEMINI_BASE_URL', 'ANTHROPIC_API_KEY'];

describe('useLlmposter() hooks', () => {
  it('registers one hook of each kind; the handle refuses use before beforeAll and after afterAll; env is restored', async () => {
    process.env.OPENAI_BASE_URL = 'http://before.example/v1';
    delete process.env.ANTHROPIC_BASE_URL;
    const { hooks, registered, run } = recordingHooks();
    const llm = useLlmposter({ hooks, env: true });
    expect([registered.beforeAll.length, registered.beforeEach.length, registered.afterEach.length, registered.afterAll.length]).toEqual([1, 1, 1, 1]);
    expect(() => llm.url).toThrow(ServerNotStartedError);
    expect(() => llm.requests()).toThrow(/the server starts in beforeAll/);

    await run('beforeAll');
    await run('beforeEach');
    expect(process.env.OPENAI_BASE_URL).toBe(`${llm.url}/v1`);
    expect(process.env.ANTHROPIC_BASE_URL).toBe(llm.url);
    const url = llm.url;

    await run('afterAll');
    expect(process.env.OPENAI_BASE_URL).toBe('http://before.example/v1');
    expect(process.env.ANTHROPIC_BASE_URL).toBeUndefined();
    expect(() => llm.url).toThrow(/closed in afterAll/);
    await expect(fetch(`${url}/health`)).rejects.toThrow(); // closed: nothing listens
    delete process.env.OPENAI_BASE_URL;
  });

  it('without env: true, no variable is touched', async () => {
    const before = SDK_VARS.map((v) => process.env[v]);
    const { hooks, run } = recordingHooks();
    useLlmposter({ hooks });
    await run('beforeAll');
    expect(SDK_VARS.map((v) => process.env[v])).toEqual(before);
    await run('afterAll');
  });

  it('a test that changed the load-chaos config leaves the file\'s config to the next test', async () => {
    const { hooks, run } = recordingHooks();
    const llm = useLlmposter({ hooks });
    await run('beforeAll');
    await run('beforeEach');
    const client = new OpenAI({ baseURL: `${llm.url}/v1`, apiKey: 'k', maxRetries: 0 });
    llm.setChaos({ error_injection: { rate_limit_pct: 100 } });
    await expect(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 429 });
    await run('afterEach');
    await run('beforeEach');
    expect(llm.server.chaos.get().error_injection.rate_limit_pct).toBe(0);
    await run('afterAll');
  });

  it('bad fixture files: beforeAll rejects listing the problem, nothing is left running, env untouched, afterAll is harmless', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.yaml'), 'fixtures:\n  - match: { modle: gpt-4o }\n    response: { content: x }\n');
    delete process.env.OPENAI_BASE_URL;
    const { hooks, run } = recordingHooks();
    const llm = useLlmposter({ hooks, fixtures: dir, env: true });
    const failed = run('beforeAll');
    await expect(failed).rejects.toThrow(FixtureLoadError);
    await expect(failed).rejects.toThrow(/bad\.yaml:2:\d+: unknown key "modle"/);
    expect(process.env.OPENAI_BASE_URL).toBeUndefined();
    expect(() => llm.requests()).toThrow(ServerNotStartedError);
    // The handle names the real cause, not "use it inside tests".
    expect(() => llm.requests()).toThrow(/failed to start in beforeAll: .*unknown key "modle"/s);
    await run('afterAll');
  });

  it('no global hooks and none passed: a clear error saying how to pass them (vitest without globals)', () => {
    const g = globalThis as Record<string, unknown>;
    const saved = g.beforeEach;
    delete g.beforeEach;
    try {
      expect(() => useLlmposter()).toThrow(HooksNotFoundError);
      expect(() => useLlmposter()).toThrow(/needs the test runner's beforeEach, and it is not global here.*globals: true.*hooks: \{ beforeAll, beforeEach, afterEach, afterAll \}/s);
    } finally {
      g.beforeEach = saved;
    }
  });
});

describe('global setup: one server per run', () => {
  it('startGlobalServer() shares the URL through LLMPOSTER_URL; connectLlmposter() finds it; the teardown restores the environment', async () => {
    delete process.env[URL_ENV];
    const teardown = await startGlobalServer({ env: true });
    try {
      const url = process.env[URL_ENV]!;
      expect(url).toBe(globalServer()?.url);
      expect(process.env.OPENAI_BASE_URL).toBe(`${url}/v1`);
      await expect(startGlobalServer()).rejects.toThrow(/already running/);

      const remote = connectLlmposter({ testId: 'global-1' });
      expect(remote.url).toBe(url);
      await remote.addFixtures('fixtures:\n  - match: { user_message: ping }\n    response: { content: pong }\n');
      const res = await new OpenAI({ maxRetries: 0, defaultHeaders: remote.headers }).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'ping' }] });
      expect(res.choices[0].message.content).toBe('pong');
      expect((await remote.lastRequest())?.test_id).toBe('global-1');
    } finally {
      await teardown();
    }
    expect(process.env[URL_ENV]).toBeUndefined();
    expect(process.env.OPENAI_BASE_URL).toBeUndefined();
    expect(globalServer()).toBeUndefined();
    await stopGlobalServer(); // twice is fine
  });

  it('globalSetup / globalTeardown take and ignore the runner\'s arguments (jest: config objects; vitest: the project)', async () => {
    await globalSetup({ rootDir: '/x' }, { id: 'p' });
    expect(process.env[URL_ENV]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(process.env.OPENAI_BASE_URL).toBe(`${process.env[URL_ENV]}/v1`);
    await globalTeardown({ rootDir: '/x' });
    expect(process.env[URL_ENV]).toBeUndefined();
  });

  it('connectLlmposter() with no URL anywhere says where it comes from; a bad filter is a 400 with the message', async () => {
    delete process.env[URL_ENV];
    expect(() => connectLlmposter()).toThrow(/no server URL: pass \{ url \} or run the tests with llmposter's global setup, which sets LLMPOSTER_URL/);
    const teardown = await startGlobalServer();
    try {
      await expect(connectLlmposter().requests({ status: 1 })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/GET \/admin\/requests\?status=1: 400 .*status/) });
    } finally {
      await teardown();
    }
  });

  it('testIdHeaders refuses an empty id', () => {
    expect(testIdHeaders('a')).toEqual({ 'x-llmposter-test-id': 'a' });
    expect(() => testIdHeaders(' ')).toThrow(/non-empty string/);
  });
});
