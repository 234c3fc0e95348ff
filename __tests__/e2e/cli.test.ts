/** The `llmposter` command as a user runs it: serve, validate, signals, hot reload, exit codes. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { chat, postRaw, tempDir } from '../helpers/server.js';
import { eventually, runCli, startCli, type RunningCli } from '../helpers/cli.js';

const started: RunningCli[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) if (s.child.exitCode === null) await s.stop('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fixtureDir(files: Record<string, string>): string {
  const dir = tempDir();
  dirs.push(dir);
  for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, n), t);
  return dir;
}

const answerOf = async (url: string, msg = 'hi') => {
  const res = await postRaw(`${url}/v1/chat/completions`, chat(msg));
  return res.status === 200 ? JSON.parse(res.text).choices[0].message.content : `HTTP ${res.status}`;
};

describe('serve', () => {
  it('serves the bundled example fixtures, prints the URL, exits 0 on SIGINT', async () => {
    const s = await startCli(['--fixtures', './fixtures', '--port', '0']);
    started.push(s);
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = (await (await fetch(`${s.url}/health`)).json()) as { fixtures: number };
    expect(health.fixtures).toBeGreaterThan(5);
    expect(await s.stop('SIGINT')).toBe(0);
  });

  it('`serve` is the same as the default command and -f is repeatable', async () => {
    const a = fixtureDir({ 'a.yaml': 'fixtures:\n  - match: { user_message: "a" }\n    response: { content: "from a" }\n' });
    const b = fixtureDir({ 'b.yaml': 'fixtures:\n  - match: { user_message: "b" }\n    response: { content: "from b" }\n' });
    const s = await startCli(['serve', '-f', a, '-f', join(b, 'b.yaml'), '-p', '0', '--no-watch']);
    started.push(s);
    expect(await answerOf(s.url, 'a')).toBe('from a');
    expect(await answerOf(s.url, 'b')).toBe('from b');
    expect(await s.stop('SIGTERM')).toBe(0);
  });

  it('ends open streams on SIGTERM and exits 0', async () => {
    const dir = fixtureDir({ 's.yaml': 'fixtures:\n  - response: { content: "0123456789" }\n    streaming: { chunk_size: 1, latency: 300 }\n' });
    const s = await startCli(['-f', dir, '-p', '0']);
    started.push(s);
    const res = await fetch(`${s.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(chat('x', { stream: true })) });
    const reader = res.body!.getReader();
    await reader.read();
    const code = s.stop('SIGTERM');
    let done = false;
    while (!done) done = (await reader.read()).done;
    expect(await code).toBe(0);
  });

  it('port in use: one clear line and exit 1', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await runCli(['-f', './fixtures', '-p', String(port)]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('broken fixtures at startup: every problem as file:line:col, exit 2', async () => {
    const dir = fixtureDir({ 'bad.yaml': 'fixtures:\n  - match: { user_mesage: "typo" }\n    response: { content: "x" }\n' });
    const r = await runCli(['-f', dir, '-p', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:2:\d+: .*user_mesage/);
  });

  it('bad usage exits 2', async () => {
    expect((await runCli(['--port', 'abc'])).code).toBe(2);
    expect((await runCli(['--no-such-flag'])).code).toBe(2);
    expect((await runCli(['--log-format', 'xml'])).code).toBe(2);
  });

  it('--log-format json --verbose logs one JSON object per request on stderr', async () => {
    const dir = fixtureDir({ 'f.yaml': 'fixtures:\n  - response: { content: "x" }\n' });
    const s = await startCli(['-f', dir, '-p', '0', '--verbose', '--log-format', 'json', '--no-watch']);
    started.push(s);
    await answerOf(s.url);
    expect(await eventually(async () => s.stderr().includes('"outcome":"response"'))).toBe(true);
    const line = s.stderr().split('\n').find((l) => l.includes('"outcome"'))!;
    // Logged once the response is over, saying how it ended.
    expect(JSON.parse(line)).toMatchObject({ level: 'debug', model: 'gpt-4o', outcome: 'response', status: 200, end: 'completed', events: 1 });
  });
});

describe('addresses, help and hints', () => {
  it('-b HOST:PORT binds like the original llmposter (--bind)', async () => {
    const s = await startCli(['-f', './fixtures', '-b', '127.0.0.1:0', '--no-watch']);
    started.push(s);
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const t = await startCli(['-f', './fixtures', '--bind', '[::1]:0', '--no-watch']).catch(() => null);
    // IPv6 loopback may be missing on a CI host; when it is there, it is used.
    if (t) {
      started.push(t);
      expect(t.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      expect((await fetch(`${t.url}/health`)).status).toBe(200);
    }
  });

  it('--allow-external-bind lets it serve on every interface, with the warning', async () => {
    const s = await startCli(['-f', './fixtures', '-b', '0.0.0.0:0', '--allow-external-bind', '--no-watch']);
    started.push(s);
    expect((await fetch(`${s.url.replace('0.0.0.0', '127.0.0.1')}/health`)).status).toBe(200);
    expect(s.stderr()).toMatch(/listening on 0\.0\.0\.0, reachable from other machines/);
  });

  it.each([
    [['-b', 'no-such-host.invalid', '--allow-external-bind'], /cannot bind to no-such-host\.invalid: the name does not resolve/],
    [['-b', '0.0.0.0:0'], /0\.0\.0\.0 is not a loopback address, so other machines could reach the server: add --allow-external-bind/],
    [['--host', '::'], /:: is not a loopback address.*--allow-external-bind/],
    [['-b', 'bad_host:80'], /--bind needs an IP address or host name/],
    [['--host', '999.1.1.1'], /--host needs an IP address or host name/],
    [['-b', '127.0.0.1:1', '-p', '2'], /disagree/],
    [['--headers-timeout', '5000', '--request-timeout', '1000'], /headers timeout \(5000 ms\) must not be longer/],
  ])('a bad address or setting %p is one line on stderr and exit 2', async (args, message) => {
    const r = await runCli(['-f', './fixtures', '--no-watch', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('llmposter --help lists the serve options', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--fixtures', '--port', '--bind', '--verbose', '--diagnostics', '--request-timeout', '--max-connections', '--allow-host', '--admin-token', '--allow-external-bind']) {
      expect(r.stdout).toContain(flag);
    }
  });

  it('--verbose text logs: a model holding a line break cannot write a fake line; a no-match names the nearest fixture and --diagnostics', async () => {
    const dir = fixtureDir({ 'f.yaml': 'fixtures:\n  - name: greeting\n    match: { user_message: "hello" }\n    response: { content: "x" }\n' });
    const s = await startCli(['-f', dir, '-p', '0', '--verbose', '--no-watch']);
    started.push(s);
    const res = await postRaw(`${s.url}/v1/chat/completions`, { model: 'gpt-4o\n[llmposter] error: FORGED', messages: [{ role: 'user', content: 'something else' }] });
    expect(res.status).toBe(404);
    expect(await eventually(async () => s.stderr().includes('outcome=no_match'))).toBe(true);
    const lines = s.stderr().split('\n');
    expect(lines.filter((l) => l.includes('FORGED'))).toHaveLength(1);
    expect(lines.some((l) => l.startsWith('[llmposter] error: FORGED'))).toBe(false);
    const line = lines.find((l) => l.includes('outcome=no_match'))!;
    expect(line).toContain('nearest=f.yaml#0');
    expect(line).toContain('--diagnostics');
    expect(line).not.toContain('something else');
  });
});

describe('validate', () => {
  it('exit 0 with a one-line summary for good fixtures', async () => {
    const r = await runCli(['validate', './fixtures']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^ok: \d+ fixtures in \d+ files$/)]);
  });

  it('exit 2 listing every problem as file:line:col: message (also as --validate)', async () => {
    const dir = fixtureDir({
      'a.yaml': 'fixtures:\n  - match: { user_message: { regex: "(" } }\n    response: { content: "x" }\n',
      'b.yaml': 'fixtures:\n  - response: { content: "x" }\n    error: { status: 500, message: "y" }\n',
    });
    for (const args of [['validate', dir], ['--validate', '-f', dir]]) {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/a\.yaml:2:\d+: /);
      expect(r.stderr).toMatch(/b\.yaml:\d+:\d+: /);
    }
  });

  it('exits as soon as its output is written, and no line is lost through a pipe (3,000 problems)', async () => {
    // validate ends the process itself once stdout/stderr are flushed (it does not wait for the
    // event loop to empty), so a long report must still arrive whole.
    const bad = Array.from({ length: 3000 }, (_, i) => `  - response: { content: "x" }\n    bogus_${i}: 1\n`).join('');
    const dir = fixtureDir({ 'many.yaml': `fixtures:\n${bad}` });
    const r = await runCli(['validate', dir]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(3001);
    expect(lines[2999]).toMatch(/many\.yaml:\d+:\d+: .*bogus_2999/);
    expect(lines[3000]).toBe('3000 problems in 1 file');
  });
});

describe('hot reload', () => {
  it('an edit goes live; a broken edit keeps the previous set and logs file:line', async () => {
    const dir = fixtureDir({ 'f.yaml': 'fixtures:\n  - response: { content: "v1" }\n' });
    const s = await startCli(['-f', dir, '-p', '0']);
    started.push(s);
    expect(await answerOf(s.url)).toBe('v1');
    writeFileSync(join(dir, 'f.yaml'), 'fixtures:\n  - response: { content: "v2" }\n');
    expect(await eventually(async () => (await answerOf(s.url)) === 'v2')).toBe(true);
    writeFileSync(join(dir, 'f.yaml'), 'fixtures:\n  - response: { content: "v3" }\n    bogus: 1\n');
    expect(await eventually(async () => /f\.yaml:3:\d+/.test(s.stderr()))).toBe(true);
    expect(await answerOf(s.url)).toBe('v2');
  });

  it('a new file and a removed file are picked up', async () => {
    const dir = fixtureDir({ 'a.yaml': 'fixtures:\n  - match: { user_message: "a" }\n    response: { content: "A" }\n' });
    const s = await startCli(['-f', dir, '-p', '0']);
    started.push(s);
    writeFileSync(join(dir, 'b.yaml'), 'fixtures:\n  - match: { user_message: "b" }\n    response: { content: "B" }\n');
    expect(await eventually(async () => (await answerOf(s.url, 'b')) === 'B')).toBe(true);
    rmSync(join(dir, 'b.yaml'));
    expect(await eventually(async () => (await answerOf(s.url, 'b')) === 'HTTP 404')).toBe(true);
  });

  it('SIGHUP reloads even with --no-watch, and scenario state survives a reload', async () => {
    const scenario = (last: string) =>
      `fixtures:\n  - match: { user_message: "go" }\n    scenario: { name: s, required_state: "", set_state: two }\n    response: { content: "one" }\n  - match: { user_message: "go" }\n    scenario: { name: s, required_state: two }\n    response: { content: "${last}" }\n`;
    const dir = fixtureDir({ 'f.yaml': scenario('two') });
    const s = await startCli(['-f', dir, '-p', '0', '--no-watch']);
    started.push(s);
    expect(await answerOf(s.url, 'go')).toBe('one');
    writeFileSync(join(dir, 'f.yaml'), scenario('two, edited'));
    s.child.kill('SIGHUP');
    expect(await eventually(async () => (await answerOf(s.url, 'go')) === 'two, edited')).toBe(true);
  });
});

describe('job simulator from the command line (seed 002 "Run")', () => {
  const submit = async (url: string) => {
    const res = await fetch(`${url}/v1/jobs`, {
      method: 'POST',
      body: JSON.stringify({ op: 'llm.chat', args: { model: 'llama3.1:8b', messages: [{ role: 'user', content: 'Hello' }] } }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  const finalState = async (url: string, id: string) => {
    let job: { state: string; result: { text: string } | null } = { state: 'queued', result: null };
    await eventually(async () => {
      job = (await (await fetch(`${url}/v1/jobs/${id}`)).json()) as typeof job;
      return !['queued', 'running'].includes(job.state);
    });
    return job;
  };

  it('DUMMYLLM_* environment configures the jobs; health reports it', async () => {
    const s = await startCli(['-p', '0'], { DUMMYLLM_MODE: 'echo', DUMMYLLM_LATENCY_MS: '10', DUMMYLLM_SEED: '42' });
    started.push(s);
    const health = (await (await fetch(`${s.url}/health`)).json()) as { jobs: { mode: string; latency_ms: number; seed: number } };
    expect(health.jobs).toMatchObject({ mode: 'echo', latency_ms: 10, seed: 42 });
    const job = await finalState(s.url, await submit(s.url));
    expect(job.state).toBe('ok');
    expect(job.result!.text).toBe('[{"role":"user","content":"Hello"}]');
  });

  it('flags win over the environment', async () => {
    const s = await startCli(['-p', '0', '--jobs-mode', 'fail', '--jobs-latency-ms', '5'], { DUMMYLLM_MODE: 'echo' });
    started.push(s);
    expect((await finalState(s.url, await submit(s.url))).state).toBe('fail');
  });

  it('an invalid mode or weights string stops startup with exit 2', async () => {
    const bad = await runCli(['-p', '0'], { DUMMYLLM_MODE: 'sometimes' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/DUMMYLLM_MODE.*sometimes/);
    const weights = await runCli(['-p', '0', '--jobs-mode', 'random', '--jobs-weights', 'ok=lots']);
    expect(weights.code).toBe(2);
    expect(weights.stderr).toMatch(/weights/i);
  });
});
