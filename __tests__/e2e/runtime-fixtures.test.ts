/**
 * Runtime fixtures as a user sees them: added over HTTP (`POST /admin/fixtures`, YAML or JSON)
 * or from code (`server.addFixtures()`), answered through the official SDKs, in front of the
 * file fixtures, kept across hot reloads, dropped by `DELETE /admin/fixtures` / `clearFixtures()`,
 * and refused with every problem and its place when they are wrong.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChaosConfigError, FixtureLoadError, startServer, type FixtureFileObject, type FixtureObject, type RunningServer } from '../../src/index.js';
import { silentLogger } from '../../src/log/logger.js';
import { anthropicClient, ask } from '../helpers/anthropic-sdk.js';
import { eventually } from '../helpers/cli.js';
import { chat, postRaw, startWith, type Harness } from '../helpers/server.js';
import type { FixtureListing as Listing } from '../../src/server/fixtures-routes.js';

let h: Harness | undefined;
let plain: RunningServer | undefined;
afterEach(async () => {
  await h?.close();
  await plain?.close();
  h = plain = undefined;
});

const FILE = `fixtures:
  - name: file hello
    match: { user_message: hello }
    response: { content: from the file }
  - match: { user_message: other }
    response: { content: file other }
`;

/** POST /admin/fixtures with a content type; the body is sent as given. */
async function addOverHttp(url: string, body: string, type: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/admin/fixtures`, { method: 'POST', headers: { 'content-type': type, ...headers }, body });
  return { status: res.status, json: (await res.json()) as any };
}

async function answerOf(url: string, message: string): Promise<string> {
  const res = await postRaw(`${url}/v1/chat/completions`, chat(message));
  return res.status === 200 ? (JSON.parse(res.text).choices[0].message.content as string) : `HTTP ${res.status}`;
}

async function listing(url: string): Promise<{ fixtures: Listing[]; runtime: number; files: string[] }> {
  return (await (await fetch(`${url}/admin/fixtures`)).json()) as any;
}

describe('POST /admin/fixtures', () => {
  it('adds a YAML fixture file; the OpenAI and Anthropic SDKs get its answer', async () => {
    h = await startWith({ 'f.yaml': FILE });
    const yaml = 'fixtures:\n  - match: { user_message: yaml please }\n    response: { content: added as YAML }\n';
    const res = await addOverHttp(h.server.url, yaml, 'application/yaml');
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ status: 'added', ids: ['runtime-1#0'], runtime: 1, fixtures: 3 });

    const openai = await h.client.chat.completions.create(chat('yaml please'));
    expect(openai.choices[0].message.content).toBe('added as YAML');
    const anthropic = await anthropicClient(h.server.url).messages.create(ask('yaml please'));
    expect(anthropic.content).toEqual([expect.objectContaining({ type: 'text', text: 'added as YAML' })]);
    // text/yaml is YAML too.
    expect((await addOverHttp(h.server.url, yaml, 'text/yaml; charset=utf-8')).json.ids).toEqual(['runtime-2#0']);
  });

  it('takes JSON as a fixture file object, a list of fixtures or one fixture', async () => {
    h = await startWith({ 'f.yaml': FILE });
    const url = h.server.url;
    const fileObject = { fixtures: [{ match: { user_message: 'json file' }, response: { content: 'from a file object' } }] };
    const list = [
      { match: { user_message: 'json list a' }, response: { content: 'list a' } },
      { match: { user_message: 'json list b' }, response: { content: 'list b' } },
    ];
    const one = { name: 'just one', match: { user_message: 'json one' }, response: { content: 'a single fixture' } };
    expect((await addOverHttp(url, JSON.stringify(fileObject), 'application/json')).json.ids).toEqual(['runtime-1#0']);
    expect((await addOverHttp(url, JSON.stringify(list, null, 2), 'application/json')).json.ids).toEqual(['runtime-2#0', 'runtime-2#1']);
    const single = await addOverHttp(url, JSON.stringify(one), 'application/json; charset=utf-8');
    expect(single.status).toBe(201);
    expect(single.json.ids).toEqual(['runtime-3#0']);

    const anthropic = anthropicClient(url);
    for (const [message, answer] of [['json file', 'from a file object'], ['json list b', 'list b'], ['json one', 'a single fixture']]) {
      expect((await h.client.chat.completions.create(chat(message))).choices[0].message.content).toBe(answer);
      expect((await anthropic.messages.create(ask(message))).content[0]).toMatchObject({ text: answer });
    }
  });

  it('needs the admin token when one is set', async () => {
    h = await startWith({ 'f.yaml': FILE }, { adminToken: 's3cret' });
    const body = JSON.stringify({ response: { content: 'guarded' }, match: { user_message: 'guarded' } });
    expect((await addOverHttp(h.server.url, body, 'application/json')).status).toBe(401);
    expect((await fetch(`${h.server.url}/admin/fixtures`)).status).toBe(401);
    expect((await fetch(`${h.server.url}/admin/fixtures`, { method: 'DELETE' })).status).toBe(401);
    expect(await answerOf(h.server.url, 'guarded')).toBe('HTTP 404');
    const ok = await addOverHttp(h.server.url, body, 'application/json', { authorization: 'Bearer s3cret' });
    expect(ok.status).toBe(201);
    expect(await answerOf(h.server.url, 'guarded')).toBe('guarded');
  });
});

describe('server.addFixtures()', () => {
  it('takes one fixture object, a list, a file object or YAML text, and returns the ids', async () => {
    h = await startWith({ 'f.yaml': FILE });
    const { server } = h;
    const one: FixtureObject = { match: { user_message: 'obj one' }, response: { content: 'object one' } };
    const list: FixtureObject[] = [{ match: { user_message: { regex: '^obj list$' } }, response: { content: 'object list' } }];
    const file: FixtureFileObject = { fixtures: [{ match: { model: 'claude-sonnet-4-6', user_message: 'obj file' }, response: { content: 'object file' } }] };
    expect(server.addFixtures(one)).toEqual(['runtime-1#0']);
    expect(server.addFixtures(list)).toEqual(['runtime-2#0']);
    expect(server.addFixtures(file)).toEqual(['runtime-3#0']);
    expect(server.addFixtures('fixtures:\n  - match: { user_message: yaml text }\n    response: { content: from YAML text }\n')).toEqual(['runtime-4#0']);

    const anthropic = anthropicClient(server.url);
    expect((await h.client.chat.completions.create(chat('obj one'))).choices[0].message.content).toBe('object one');
    expect((await h.client.chat.completions.create(chat('obj list'))).choices[0].message.content).toBe('object list');
    expect((await anthropic.messages.create(ask('obj file'))).content[0]).toMatchObject({ text: 'object file' });
    expect((await anthropic.messages.create(ask('yaml text'))).content[0]).toMatchObject({ text: 'from YAML text' });
    expect((await h.client.chat.completions.create(chat('yaml text'))).choices[0].message.content).toBe('from YAML text');
  });

  it('throws FixtureLoadError listing every problem, and adds nothing', async () => {
    h = await startWith({ 'f.yaml': FILE });
    const bad = [
      { match: { user_message: 'fine' }, response: { content: 'would be fine' } },
      { match: { user_mesage: 'typo' }, response: { content: 'x' } },
      { response: { content: 'x', finish_reason: 'lenght' } },
    ] as unknown as FixtureObject[];
    let thrown: unknown;
    try {
      h.server.addFixtures(bad);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(FixtureLoadError);
    const problems = (thrown as FixtureLoadError).problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatchObject({ file: 'runtime-1', message: expect.stringContaining('user_mesage') });
    expect(problems[0].message).toMatch(/did you mean "user_message"/);
    expect(problems[1]).toMatchObject({ file: 'runtime-1', message: expect.stringContaining('lenght') });
    expect((thrown as Error).message).toMatch(/^runtime-1:\d+:\d+: /);
    expect(await answerOf(h.server.url, 'fine')).toBe('HTTP 404');
    expect(await answerOf(h.server.url, 'hello')).toBe('from the file');
  });
});

describe('runtime fixtures come before the file fixtures', () => {
  it('a runtime fixture wins over a file fixture for the same request, even one of higher priority', async () => {
    h = await startWith({ 'f.yaml': FILE.replace('    match: { user_message: hello }', '    priority: 100\n    match: { user_message: hello }') });
    expect(await answerOf(h.server.url, 'hello')).toBe('from the file');
    h.server.addFixtures({ match: { user_message: 'hello' }, response: { content: 'from the test' } });
    expect(await answerOf(h.server.url, 'hello')).toBe('from the test');
    expect((await anthropicClient(h.server.url).messages.create(ask('hello'))).content[0]).toMatchObject({ text: 'from the test' });
    // Unmatched by the runtime group: the files answer as before.
    expect(await answerOf(h.server.url, 'other')).toBe('file other');
  });

  it('inside the runtime group, priority and catch-all rules hold as in a file', async () => {
    h = await startWith({ 'f.yaml': FILE });
    h.server.addFixtures([
      { catch_all: true, response: { content: 'runtime catch-all' } },
      { match: { user_message: 'prio' }, response: { content: 'low' } },
    ]);
    h.server.addFixtures({ priority: 5, match: { user_message: 'prio' }, response: { content: 'high, added later' } });
    expect(await answerOf(h.server.url, 'prio')).toBe('high, added later');
    expect(await answerOf(h.server.url, 'anything else')).toBe('runtime catch-all');
    expect((await listing(h.server.url)).fixtures.map((f) => f.id)).toEqual(['runtime-2#0', 'runtime-1#1', 'runtime-1#0', 'f.yaml#0', 'f.yaml#1']);
  });

  it('survive a hot reload of the files (watcher and reload())', async () => {
    h = await startWith({ 'f.yaml': FILE }, { watch: true });
    const url = h.server.url;
    h.server.addFixtures([
      { match: { user_message: 'hello' }, response: { content: 'runtime hello' } },
      { match: { user_message: 'only runtime' }, response: { content: 'still here' } },
    ]);
    // The watcher picks up an edit (the file's "other" answer changes) ...
    writeFileSync(join(h.dir, 'f.yaml'), FILE.replace('file other', 'file other edited'));
    expect(await eventually(async () => (await answerOf(url, 'other')) === 'file other edited', 15_000)).toBe(true);
    expect(await answerOf(url, 'hello')).toBe('runtime hello');
    expect(await answerOf(url, 'only runtime')).toBe('still here');
    // ... and so does an explicit reload.
    writeFileSync(join(h.dir, 'f.yaml'), FILE.replace('file other', 'file other reloaded'));
    await h.server.reload();
    expect(await answerOf(url, 'other')).toBe('file other reloaded');
    expect(await answerOf(url, 'hello')).toBe('runtime hello');
    const health = (await (await fetch(`${url}/health`)).json()) as { fixtures: number; runtime_fixtures: number; files: string[] };
    expect(health).toMatchObject({ fixtures: 4, runtime_fixtures: 2, files: ['f.yaml'] });
  });
});

describe('GET /admin/fixtures', () => {
  it('lists file and runtime fixtures in match order, with ids, names, places and use counts', async () => {
    h = await startWith({ 'f.yaml': FILE });
    await addOverHttp(h.server.url, 'fixtures:\n  - name: twice only\n    times: 2\n    match: { user_message: counted }\n    response: { content: counted }\n', 'application/yaml');
    await answerOf(h.server.url, 'counted');
    await answerOf(h.server.url, 'hello');
    await answerOf(h.server.url, 'hello');
    await answerOf(h.server.url, 'hello');
    const list = await listing(h.server.url);
    expect(list.runtime).toBe(1);
    expect(list.files).toEqual(['f.yaml']);
    expect(list.fixtures).toEqual([
      { id: 'runtime-1#0', name: 'twice only', source: 'runtime', location: { file: 'runtime-1', line: 2, col: 5 }, uses: 1, times: 2, priority: 0, catch_all: false },
      { id: 'f.yaml#0', name: 'file hello', source: 'file', location: { file: 'f.yaml', line: 2, col: 5 }, uses: 3, priority: 0, catch_all: false },
      { id: 'f.yaml#1', source: 'file', location: { file: 'f.yaml', line: 5, col: 5 }, uses: 0, priority: 0, catch_all: false },
    ]);
  });
});

describe('DELETE /admin/fixtures and clearFixtures() drop only the runtime fixtures', () => {
  it('over HTTP', async () => {
    h = await startWith({ 'f.yaml': FILE });
    const url = h.server.url;
    h.server.addFixtures([{ match: { user_message: 'hello' }, response: { content: 'runtime hello' } }, { match: { user_message: 'gone' }, response: { content: 'soon gone' } }]);
    expect(await answerOf(url, 'hello')).toBe('runtime hello');
    const res = await fetch(`${url}/admin/fixtures`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'cleared', dropped: 2, fixtures: 2 });
    expect(await answerOf(url, 'hello')).toBe('from the file');
    expect(await answerOf(url, 'gone')).toBe('HTTP 404');
    expect((await listing(url)).fixtures.map((f) => f.source)).toEqual(['file', 'file']);
  });

  it('from code; later batches keep numbering, so their ids never repeat', async () => {
    h = await startWith({ 'f.yaml': FILE });
    h.server.addFixtures({ match: { user_message: 'hello' }, response: { content: 'runtime hello' } });
    expect(h.server.clearFixtures()).toBe(1);
    expect(h.server.clearFixtures()).toBe(0);
    expect(await answerOf(h.server.url, 'hello')).toBe('from the file');
    expect(h.server.addFixtures({ match: { user_message: 'hello' }, response: { content: 'again' } })).toEqual(['runtime-2#0']);
    expect(await answerOf(h.server.url, 'hello')).toBe('again');
  });
});

describe('bad fixtures: a 400 listing every problem with its place; the server keeps serving', () => {
  it('YAML: each problem at its line and column in the body; nothing of the batch is added', async () => {
    h = await startWith({ 'f.yaml': FILE });
    const url = h.server.url;
    h.server.addFixtures({ match: { user_message: 'kept' }, response: { content: 'kept' } });
    const yaml = [
      'fixtures:',
      '  - match: { user_message: valid one }',
      '    response: { content: fine }',
      '  - match: { user_message: x }',
      '    respons: { content: typo }',
      '  - response: { content: x, finish_reason: lenght }',
      '',
    ].join('\n');
    const res = await addOverHttp(url, yaml, 'application/yaml');
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_fixtures');
    expect(res.json.error.message).toMatch(/^Invalid fixtures \(2 problems; nothing added\):\nruntime-2:5:5: /);
    expect(res.json.error.problems).toEqual([
      { file: 'runtime-2', line: 5, col: 5, message: expect.stringContaining('respons'), text: expect.stringMatching(/^runtime-2:5:5: /) },
      { file: 'runtime-2', line: 6, col: 44, message: expect.stringContaining('lenght'), text: expect.stringMatching(/^runtime-2:6:44: /) },
    ]);
    expect(await answerOf(url, 'valid one')).toBe('HTTP 404');
    expect(await answerOf(url, 'kept')).toBe('kept');
    expect(await answerOf(url, 'hello')).toBe('from the file');
  });

  it('JSON list: lines and columns point into the body as sent', async () => {
    h = await startWith({ 'f.yaml': FILE });
    const body = ['[', '  {"match": {"user_message": "a"}, "response": {"content": "a"}},', '  {"match": {"modle": "gpt-4o"}, "response": {"content": "b"}}', ']'].join('\n');
    const res = await addOverHttp(h.server.url, body, 'application/json');
    expect(res.status).toBe(400);
    expect(res.json.error.problems).toEqual([expect.objectContaining({ file: 'runtime-1', line: 3, col: 14, message: expect.stringMatching(/"modle".*did you mean "model"/) })]);
  });

  it('one JSON fixture with a wrong type', async () => {
    h = await startWith({ 'f.yaml': FILE });
    const res = await addOverHttp(h.server.url, '{"match": {"user_message": "a"},\n "response": {"content": "a"}, "times": 0}', 'application/json');
    expect(res.status).toBe(400);
    expect(res.json.error.problems).toEqual([expect.objectContaining({ file: 'runtime-1', line: 2, col: 41, message: expect.stringContaining('times') })]);
  });

  it('JSON that does not parse, a YAML list without "fixtures:", an empty body, a missing content type', async () => {
    h = await startWith({ 'f.yaml': FILE });
    const url = h.server.url;
    const broken = await addOverHttp(url, '{"match": {"user_message": "a"},\n "response": }', 'application/json');
    expect(broken.status).toBe(400);
    expect(broken.json.error.problems).toEqual([expect.objectContaining({ file: 'runtime-1', message: expect.stringMatching(/^the body is not valid JSON: /) })]);
    expect(broken.json.error.problems[0].line).toBeGreaterThanOrEqual(1);

    const bareList = await addOverHttp(url, '- response: { content: x }\n', 'application/yaml');
    expect(bareList.status).toBe(400);
    expect(bareList.json.error.problems).toEqual([expect.objectContaining({ file: 'runtime-2', line: 1, col: 1, message: expect.stringMatching(/bare list.*"fixtures:"/) })]);

    const empty = await addOverHttp(url, '', 'application/yaml');
    expect(empty.status).toBe(400);
    expect(empty.json.error.problems[0].message).toMatch(/empty/);

    const untyped = await fetch(`${url}/admin/fixtures`, { method: 'POST', body: 'fixtures: []' });
    expect(untyped.status).toBe(415);
    expect(((await untyped.json()) as any).error.message).toMatch(/application\/yaml.*application\/json/);

    const deep = await addOverHttp(url, '['.repeat(500) + ']'.repeat(500), 'application/json');
    expect(deep.status).toBe(400);
    expect(deep.json.error.problems[0].message).toMatch(/levels deep/);

    expect(await answerOf(url, 'hello')).toBe('from the file');
    expect((await listing(url)).runtime).toBe(0);
  });
});

describe('reset()', () => {
  it('restarts sequences and `times` (file and runtime fixtures alike) and keeps the runtime fixtures', async () => {
    h = await startWith({
      'f.yaml': `fixtures:
  - match: { user_message: seq }
    sequence:
      - error: { status: 429, message: slow down }
      - response: { content: seq ok }
`,
    });
    const url = h.server.url;
    h.server.addFixtures({ times: 1, match: { user_message: 'once' }, response: { content: 'only once' } });
    const run = async () => [await answerOf(url, 'seq'), await answerOf(url, 'seq'), await answerOf(url, 'once'), await answerOf(url, 'once')];
    expect(await run()).toEqual(['HTTP 429', 'seq ok', 'only once', 'HTTP 404']);
    expect(await run()).toEqual(['seq ok', 'seq ok', 'HTTP 404', 'HTTP 404']);
    h.server.reset();
    expect(await run()).toEqual(['HTTP 429', 'seq ok', 'only once', 'HTTP 404']);
    // Over HTTP too.
    expect((await fetch(`${url}/admin/reset`, { method: 'POST' })).status).toBe(200);
    expect(await run()).toEqual(['HTTP 429', 'seq ok', 'only once', 'HTTP 404']);
    expect((await listing(url)).fixtures.map((f) => [f.id, f.uses])).toEqual([
      ['runtime-1#0', 1],
      ['f.yaml#0', 2],
    ]);
  });

  it('restarts scenarios', async () => {
    h = await startWith({ 'f.yaml': FILE });
    h.server.addFixtures([
      { scenario: { name: 'door', required_state: '', set_state: 'open' }, match: { user_message: 'knock' }, response: { content: 'opening' } },
      { scenario: { name: 'door', required_state: 'open' }, match: { user_message: 'knock' }, response: { content: 'already open' } },
    ]);
    expect(await answerOf(h.server.url, 'knock')).toBe('opening');
    expect(await answerOf(h.server.url, 'knock')).toBe('already open');
    h.server.reset();
    expect(await answerOf(h.server.url, 'knock')).toBe('opening');
  });
});

describe('setChaos()', () => {
  it('replaces the load-chaos config (completed with the defaults); an invalid one throws and changes nothing', async () => {
    plain = await startServer({ port: 0, logger: silentLogger, env: {} });
    plain.addFixtures({ response: { content: 'calm' }, catch_all: true });
    expect(await answerOf(plain.url, 'hi')).toBe('calm');

    const config = plain.setChaos({ latency: { base_ms: 0, jitter_ms: 0 }, error_injection: { rate_limit_pct: 100 } });
    expect(config.error_injection.rate_limit_pct).toBe(100);
    expect(plain.chaos.get()).toBe(config);
    expect(await answerOf(plain.url, 'hi')).toBe('HTTP 429');

    expect(() => plain!.setChaos({ error_injection: { rate_limit_pct: 101 } })).toThrow(ChaosConfigError);
    expect(plain.chaos.get()).toBe(config);

    // A replacement, not a merge: the rate not given goes back to its default (0).
    plain.setChaos({ latency: { base_ms: 0, jitter_ms: 0 } });
    expect(plain.chaos.get().error_injection.rate_limit_pct).toBe(0);
    expect(await answerOf(plain.url, 'hi')).toBe('calm');
  });
});
