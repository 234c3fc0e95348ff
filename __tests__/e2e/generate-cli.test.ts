/** `--generate` and `--target-tokens` on the command line (the built CLI): served, or refused with exit 2. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { countTokens } from '../../src/generate/tokens.js';
import { runCli, startCli, type RunningCli } from '../helpers/cli.js';

const started: RunningCli[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) await s.stop();
});

const contentOf = async (url: string, extra: Record<string, unknown> = {}) => {
  const r = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'anything' }], ...extra }) });
  return { generated: r.headers.get('x-llmposter-generated'), body: (await r.json()) as { choices: Array<{ message: { content: string }; finish_reason: string }> } };
};

describe('--generate', () => {
  it('answers every request without fixtures, and the log says so', async () => {
    const s = await startCli(['-p', '0', '--no-watch', '--generate', 'lorem', '--target-tokens', '25']);
    started.push(s);
    const { generated, body } = await contentOf(s.url);
    expect(generated).toBe('lorem');
    expect(countTokens(body.choices[0].message.content)).toBe(25);
    expect(s.stderr()).toContain('the lorem generator (--generate) answers every LLM request');
  });

  it('fixed:<text> keeps its case and is cut by max_tokens', async () => {
    const s = await startCli(['-p', '0', '--no-watch', '--generate', 'fixed:Hello There, General Kenobi']);
    started.push(s);
    expect((await contentOf(s.url)).body.choices[0].message.content).toBe('Hello There, General Kenobi');
    expect((await contentOf(s.url, { max_tokens: 2 })).body.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: 'Hello There' } });
  });

  it.each([
    ['an unknown generator', ['--generate', 'lorum'], /--generate.*unknown generator "lorum": use lorem, random, sequence, echo or fixed:<text>/],
    ['fixed without text', ['--generate', 'fixed'], /fixed needs its text after a colon/],
    ['a target for a fixed text', ['--generate', 'fixed:Hi', '--target-tokens', '5'], /--generate fixed:Hi: --target-tokens sizes lorem, random and sequence/],
    ['a target without a generator', ['--target-tokens', '5'], /--target-tokens sizes the --generate answer; add --generate lorem/],
    ['a zero target', ['--generate', 'lorem', '--target-tokens', '0'], /--target-tokens/],
    ['a target over the limit', ['--generate', 'lorem', '--target-tokens', '40000'], /--target-tokens/],
  ])('%s: one line, exit 2', async (_name, args, message) => {
    const r = await runCli(['-p', '0', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
