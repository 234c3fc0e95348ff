/** `--rpm`, `--tpm` and `--rate-limits FILE` as a user runs them (the built CLI in dist/). */
import { describe, expect, it } from '@jest/globals';
import { postRaw } from '../helpers/server.js';
import { cliScratch, runCli, startCli } from '../helpers/cli.js';

const { started, dir, file } = cliScratch();
const fixtures = () => file('f.yaml', 'fixtures:\n  - response: { content: "ok" }\n');
const chat = (model = 'gpt-4o') => ({ model, messages: [{ role: 'user', content: 'hi' }] });

describe('rate limits on the command line', () => {
  it('--rpm limits every model; --rate-limits adds per-model overrides and --tpm', async () => {
    const limits = file('limits.yaml', 'default: { rpm: 10 }\nmodels:\n  gpt-4o-mini: { rpm: 1, tpm: 5000 }\n');
    const s = await startCli(['-p', '0', '--no-watch', '-f', fixtures(), '--rpm', '2', '--rate-limits', limits]);
    started.push(s);
    const url = `${s.url}/v1/chat/completions`;
    const a = await postRaw(url, chat());
    expect(a.headers.get('x-ratelimit-limit-requests')).toBe('2');
    const mini = await postRaw(url, chat('gpt-4o-mini'));
    expect(mini.headers.get('x-ratelimit-limit-requests')).toBe('1');
    expect(mini.headers.get('x-ratelimit-limit-tokens')).toBe('5000');
    expect((await postRaw(url, chat('gpt-4o-mini'))).status).toBe(429);
  });

  it.each([
    [['--rpm', '0'], /--rpm/],
    [['--tpm', 'lots'], /--tpm/],
    [['--rate-limits', '/nonexistent/limits.yaml'], /cannot read --rate-limits file .*ENOENT/],
  ])('%j exits 2 with a clear message', async (args, message) => {
    const r = await runCli(['-p', '0', '--no-watch', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('a bad --rate-limits file exits 2 naming the field', async () => {
    const bad = file('bad.yaml', 'default: { rpm: 3 }\nmodels:\n  gpt-4o: { rpm: fast }\n');
    const r = await runCli(['-p', '0', '--no-watch', '--rate-limits', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('models.gpt-4o.rpm must be a whole number of at least 1, got "fast"');
    const notYaml = file('not.yaml', 'default: { rpm: [\n');
    const r2 = await runCli(['-p', '0', '--no-watch', '--rate-limits', notYaml]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/is not valid YAML/);
  });
});
