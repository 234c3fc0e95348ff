/**
 * useLlmposter() used for real, as a user's jest file does: called at the top level, hooks found
 * on the global object, SDK clients made without a base URL (from the variables `env: true` sets).
 */
import { describe, expect, it, beforeAll } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { useLlmposter, connectLlmposter, testIdHeaders, PLACEHOLDER_API_KEY } from '../../src/testing/index.js';
import { tempDir } from '../helpers/server.js';

const dir = tempDir();
writeFileSync(
  join(dir, 'answers.yaml'),
  `fixtures:
  - match: { user_message: hello }
    response: { content: Hello from the file. }
  - match: { user_message: flaky }
    sequence:
      - error: { status: 429, message: slow down }
      - response: { content: Second time lucky. }
`,
);

// Set before the file runs, so that env: true must replace it (and its API key stays).
process.env.OPENAI_API_KEY = 'sk-mine';
delete process.env.ANTHROPIC_API_KEY;
delete process.env.ANTHROPIC_AUTH_TOKEN;
delete process.env.GOOGLE_API_KEY;
delete process.env.GEMINI_API_KEY;

const llm = useLlmposter({ fixtures: dir, env: true, seed: 7 });

const ask = (content: string) => new OpenAI({ maxRetries: 0 }).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content }] });

// A fixture the file adds before its first test: it stays for every test.
beforeAll(() => {
  llm.addFixtures({ match: { user_message: 'file-level' }, response: { content: 'Added in beforeAll.' } });
});

describe('useLlmposter() under jest (ESM)', () => {
  it('points the SDKs at the server through their environment variables', () => {
    expect(llm.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(llm.port).not.toBe(0);
    expect(process.env.OPENAI_BASE_URL).toBe(`${llm.url}/v1`);
    expect(process.env.ANTHROPIC_BASE_URL).toBe(llm.url);
    expect(process.env.GOOGLE_GEMINI_BASE_URL).toBe(llm.url);
    // A key that was set stays; a missing one gets a placeholder.
    expect(process.env.OPENAI_API_KEY).toBe('sk-mine');
    expect(process.env.ANTHROPIC_API_KEY).toBe(PLACEHOLDER_API_KEY);
    expect(llm.server.seed).toBe(7);
  });

  it('the OpenAI SDK, made without a baseURL, reaches the fixtures; the journal shows what it sent', async () => {
    const res = await ask('hello');
    expect(res.choices[0].message.content).toBe('Hello from the file.');
    const sent = llm.lastRequest();
    expect(sent).toMatchObject({ provider: 'openai', path: '/v1/chat/completions', fixture: 'answers.yaml#0', status: 200 });
    expect(sent?.body).toMatchObject({ messages: [{ role: 'user', content: 'hello' }] });
    expect(sent?.headers.authorization).toBe('[REDACTED]');
  });

  it('the Anthropic SDK, made without a baseURL or key, reaches the fixtures', async () => {
    const res = await new Anthropic({ maxRetries: 0 }).messages.create({ model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'hello' }] });
    expect(res.content[0]).toMatchObject({ type: 'text', text: 'Hello from the file.' });
    expect(llm.requests().map((e) => e.provider)).toEqual(['anthropic']); // the previous test's entry is gone
  });

  it('the Gemini SDK, made without a base URL or key, reaches the fixtures', async () => {
    // A plain fetch: the SDK's own undici dispatcher is missing from jest's sandbox (see helpers/gemini-sdk.ts).
    const res = await new GoogleGenAI({ httpOptions: { fetch: (input, init) => fetch(input, init) } }).models.generateContent({ model: 'gemini-2.5-flash', contents: 'hello' });
    expect(res.text).toBe('Hello from the file.');
    expect(llm.lastRequest()).toMatchObject({ provider: 'gemini', fixture: 'answers.yaml#0' });
  });

  it('a test adds its own fixture and consumes a sequence step', async () => {
    expect(llm.addFixtures({ match: { user_message: 'only here' }, response: { content: 'Runtime answer.' } })).toHaveLength(1);
    expect((await ask('only here')).choices[0].message.content).toBe('Runtime answer.');
    await expect(ask('flaky')).rejects.toMatchObject({ status: 429 });
    expect(llm.requests()).toHaveLength(2);
  });

  it('the next test starts clean: no journal, no runtime fixture of the last test, sequences from the start; the file-level fixture stays', async () => {
    expect(llm.requests()).toEqual([]);
    await expect(ask('only here')).rejects.toMatchObject({ status: 404 });
    await expect(ask('flaky')).rejects.toMatchObject({ status: 429 });
    expect((await ask('file-level')).choices[0].message.content).toBe('Added in beforeAll.');
    expect(llm.requests().map((e) => e.status)).toEqual([200, 429, 404]);
  });

  it('waitForRequests waits for requests made in the background', async () => {
    const pending = llm.waitForRequests(2, { timeoutMs: 10_000 });
    void ask('hello');
    void ask('hello');
    expect((await pending).map((e) => e.user_message)).toEqual(['hello', 'hello']);
  });

  it('connectLlmposter({ testId }) scopes fixtures (match.headers) and journal queries to one test', async () => {
    const mine = connectLlmposter({ url: llm.url, testId: 'checkout' });
    await mine.addFixtures({ match: { user_message: 'pay', headers: { 'x-llmposter-test-id': 'checkout' } }, response: { content: 'Paid.' } });
    const client = new OpenAI({ maxRetries: 0, defaultHeaders: mine.headers });
    expect((await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'pay' }] })).choices[0].message.content).toBe('Paid.');
    // Another test's client (no id / another id) does not get that fixture, nor is it in this test's journal.
    await expect(ask('pay')).rejects.toMatchObject({ status: 404 });
    const other = new OpenAI({ maxRetries: 0, defaultHeaders: testIdHeaders('refund') });
    await expect(other.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'pay' }] })).rejects.toMatchObject({ status: 404 });
    const entries = await mine.requests();
    expect(entries.map((e) => [e.test_id, e.status])).toEqual([['checkout', 200]]);
    // An explicit `testId: undefined` keeps the handle's scope.
    expect((await mine.requests({ testId: undefined })).map((e) => e.test_id)).toEqual(['checkout']);
    await expect(mine.waitForRequests(1, { timeoutMs: Infinity })).rejects.toThrow(/timeoutMs must be a number of ms/);
    expect((await mine.lastRequest())?.user_message).toBe('pay');
    expect(await mine.waitForRequests(1, { timeoutMs: 2000 })).toHaveLength(1);
    await expect(mine.waitForRequests(2, { timeoutMs: 50 })).rejects.toThrow('waitForRequests: 1 of 2 requests (x-llmposter-test-id: checkout) arrived within 50 ms');
    expect(llm.requests()).toHaveLength(3);
  });

  it('a bad fixture is refused with its problems (in-process and over HTTP), and the server stays up', async () => {
    expect(() => llm.addFixtures({ match: { modle: 'gpt-4o' }, response: { content: 'x' } } as never)).toThrow(/unknown key "modle"/);
    await expect(connectLlmposter({ url: llm.url }).addFixtures('fixtures: [ {')).rejects.toMatchObject({ status: 400 });
    expect((await ask('hello')).choices[0].message.content).toBe('Hello from the file.');
  });
});

describe('what a test changes is undone after it; what a beforeAll sets stays', () => {
  let fileLevelId: string;
  let nestedIds: string[];
  beforeAll(() => {
    // Runs after the tests above: still "between tests", so these belong to the file.
    nestedIds = llm.addFixtures({ match: { user_message: 'nested' }, response: { content: 'Added in a nested beforeAll.' } });
    fileLevelId = llm.server.snapshotFixtures().ids[0];
  });

  it('a nested describe\'s beforeAll fixtures reach its first test', async () => {
    expect((await ask('nested')).choices[0].message.content).toBe('Added in a nested beforeAll.');
    expect(llm.lastRequest()?.fixture).toBe(nestedIds[0]);
    // A test clears every runtime fixture, adds its own, and changes the chaos config (over HTTP too).
    llm.clearFixtures();
    llm.addFixtures({ match: { user_message: 'mine' }, response: { content: 'x' } });
    await connectLlmposter({ url: llm.url }).addFixtures({ match: { user_message: 'over http' }, response: { content: 'y' } });
    llm.setChaos({ error_injection: { rate_limit_pct: 100 } });
    await expect(ask('mine')).rejects.toMatchObject({ status: 429 });
  });

  it('the next test has them back, with the same ids; the test\'s own fixtures and chaos are gone', async () => {
    expect(llm.server.snapshotFixtures().ids).toEqual([fileLevelId, ...nestedIds]);
    expect((await ask('nested')).choices[0].message.content).toBe('Added in a nested beforeAll.');
    expect(llm.requests({ fixture: nestedIds[0] })).toHaveLength(1);
    expect((await ask('file-level')).choices[0].message.content).toBe('Added in beforeAll.');
    await expect(ask('mine')).rejects.toMatchObject({ status: 404 });
    await expect(ask('over http')).rejects.toMatchObject({ status: 404 });
    expect(llm.server.chaos.get().error_injection.rate_limit_pct).toBe(0);
  });
});
