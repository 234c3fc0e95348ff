/**
 * `llmposter init [dir]` through the built CLI: the starter folder it writes, that the files
 * pass `llmposter validate` and answer each SDK, that it never overwrites; and how long the
 * CLI takes to start (printed, with only a bound that cannot flake: the machine is shared).
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { CLI, cliScratch, startCli } from '../helpers/cli.js';
import { geminiClient } from '../helpers/gemini-sdk.js';

const scratch = mkdtempSync(join(tmpdir(), 'llmposter-init-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const { started } = cliScratch();

/** Run the built CLI in `cwd`; resolves with the exit code and output, never rejects. */
function cli(args: string[], cwd = scratch): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd }, (err, stdout, stderr) => done({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr }));
  });
}

describe('llmposter init', () => {
  const starter = join(scratch, 'fixtures/starter.yaml');

  it('writes fixtures/starter.yaml by default and prints the next steps', async () => {
    const { code, stdout, stderr } = await cli(['init']);
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toContain('wrote fixtures/starter.yaml');
    expect(stdout).toContain('npx llmposter --fixtures fixtures');
    expect(stdout).toContain('npx llmposter validate fixtures');
    expect(stdout).toContain("baseURL: 'http://127.0.0.1:2112/v1'");
    expect(stdout).toContain("httpOptions: { baseUrl: 'http://127.0.0.1:2112' }");
  });

  it("points editors at this copy's schema with the yaml-language-server comment", () => {
    const first = readFileSync(starter, 'utf8').split('\n')[0];
    const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    expect(resolve(dirname(starter), m![1])).toBe(resolve('schemas/fixture.schema.json'));
  });

  it('writes files that pass llmposter validate', async () => {
    expect(await cli(['validate', 'fixtures'])).toEqual({ code: 0, stdout: 'ok: 7 fixtures in 1 file\n', stderr: '' });
  });

  it("answers each SDK: OpenAI, Anthropic, Gemini; the sequence retries through; the failure cuts the stream", async () => {
    const server = await startCli(['--fixtures', join(scratch, 'fixtures'), '--port', '0']);
    started.push(server);
    const openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test', maxRetries: 0 });
    const hello = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] });
    expect(hello.choices[0].message.content).toBe('Hello from llmposter!');
    const weather = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'weather in Paris?' }] });
    expect(weather.choices[0].message.tool_calls?.[0]).toMatchObject({ function: { name: 'get_weather', arguments: '{"city":"Paris"}' } });

    const anthropic = new Anthropic({ baseURL: server.url, apiKey: 'test', maxRetries: 0 });
    const thought = await anthropic.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'think' }] });
    expect(thought.content.map((b) => b.type)).toEqual(['thinking', 'text']);

    const gemini = geminiClient(server.url);
    expect((await gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: 'gemini' })).text).toBe("Answered in Gemini's shape.");

    const responses = await openai.responses.create({ model: 'gpt-4o', input: 'responses' });
    expect(responses.output_text).toBe('Answered by the Responses API.');

    // Two 429s with retry-after: 1, then the answer.
    const retrying = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test', maxRetries: 2 });
    expect((await retrying.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'flaky' }] })).choices[0].message.content).toBe('Third time lucky.');

    const stream = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'cut' }], stream: true });
    let text = '';
    const read = (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })();
    await read.catch(() => undefined);
    expect(text.length).toBeGreaterThan(0);
    expect(text.length).toBeLessThan('This stream stops before it finishes.'.length);
  }, 30_000);

  it('refuses to overwrite: exit 2 with one clear line, the file untouched', async () => {
    writeFileSync(starter, '# mine\n');
    const { code, stdout, stderr } = await cli(['init']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('llmposter init: fixtures/starter.yaml already exists; not overwriting it (edit it, delete it, or run `llmposter init <another folder>`)\n');
    expect(readFileSync(starter, 'utf8')).toBe('# mine\n');
  });

  it('writes into the folder it is given, creating it; a folder path that is a file is exit 2', async () => {
    expect((await cli(['init', 'llm/mocks'])).code).toBe(0);
    expect(existsSync(join(scratch, 'llm/mocks/starter.yaml'))).toBe(true);
    writeFileSync(join(scratch, 'a-file'), '');
    const { code, stderr } = await cli(['init', 'a-file']);
    expect(code).toBe(2);
    expect(stderr).toBe('llmposter init: cannot create the folder a-file: a file of that name exists\n');
  });
});

describe('CLI start-up (measured and printed, not asserted: the machine is shared)', () => {
  it('--help and validate', async () => {
    const time = async (args: string[]) => {
      const runs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        const { code } = await cli(args, process.cwd());
        expect(code).toBe(0);
        runs.push(performance.now() - t0);
      }
      return Math.round(runs.sort((a, b) => a - b)[1]);
    };
    const bare = await new Promise<number>((done) => {
      const t0 = performance.now();
      execFile(process.execPath, ['-e', '0'], () => done(Math.round(performance.now() - t0)));
    });
    const help = await time(['--help']);
    const validate = await time(['validate', 'fixtures']);
    process.stdout.write(`CLI start-up (median of 3): node alone ${bare} ms, --help ${help} ms, validate fixtures/ ${validate} ms\n`);
    // Only a bound no healthy run reaches: a start-up that hangs or loads something enormous.
    expect(help).toBeLessThan(20_000);
    expect(validate).toBeLessThan(20_000);
  }, 120_000);

  it('--help and --version load no YAML parser, tokenizer or ajv (those are most of the start-up)', async () => {
    // A preload that lists, at exit, the packages the CommonJS loader loaded (yaml, ajv and
    // gpt-tokenizer are CommonJS under Node).
    const hook = join(scratch, 'list-packages.mjs');
    writeFileSync(
      hook,
      `import { createRequire } from 'node:module';
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => process.stderr.write('PACKAGES ' + JSON.stringify([...new Set(Object.keys(cache).map((f) => f.match(/node_modules\\/((@[^/]+\\/)?[^/]+)/)?.[1]).filter(Boolean))]) + '\\n'));
`,
    );
    const loaded = (args: string[]) =>
      new Promise<string[]>((done) => {
        execFile(process.execPath, ['--import', hook, CLI, ...args], { cwd: scratch }, (_err, _out, stderr) => {
          const line = stderr.split('\n').find((l) => l.startsWith('PACKAGES '));
          done(JSON.parse(line!.slice('PACKAGES '.length)) as string[]);
        });
      });
    for (const args of [['--help'], ['--version']]) {
      const packages = await loaded(args);
      expect(packages).toContain('commander');
      for (const heavy of ['yaml', 'gpt-tokenizer', 'ajv']) expect(packages).not.toContain(heavy);
    }
    // validate needs the YAML parser (and proves the list is real), but never the tokenizer.
    writeFileSync(join(scratch, 'one.yaml'), 'fixtures:\n  - match: { user_message: hi }\n    response: { content: hello }\n');
    const forValidate = await loaded(['validate', 'one.yaml']);
    expect(forValidate).toContain('yaml');
    expect(forValidate).not.toContain('gpt-tokenizer');
  }, 60_000);
});
