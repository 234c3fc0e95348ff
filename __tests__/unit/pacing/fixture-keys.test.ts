/** The fixture's pacing keys under `streaming:`, loaded from YAML: what they compile to, and every bad value as file:line. */
import { describe, expect, it } from '@jest/globals';
import { loadFixturesFromText } from '../../../src/fixture-set/load.js';
import { FixtureLoadError, type FixtureProblem } from '../../../src/fixture-set/types.js';

function problems(yaml: string): FixtureProblem[] {
  try {
    loadFixturesFromText(yaml, 'pace.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(FixtureLoadError);
    return (err as FixtureLoadError).problems;
  }
  throw new Error('expected a FixtureLoadError');
}

const fixture = (streaming: string) => `fixtures:\n  - response: { content: hi }\n    streaming: ${streaming}\n`;

describe('streaming pacing keys', () => {
  it('compile to the fixture\'s pacing: numbers are fixed, {mean, stddev} sampled', () => {
    const set = loadFixturesFromText(fixture('{ profile: claude-haiku, ttft_ms: 120, tbt_ms: { mean: 9, stddev: 2 }, prompt_ms_per_1k_tokens: 40, chunk_tokens: 2 }'), 'pace.yaml');
    const o = set.fixtures[0].outcomes[0];
    expect(o.kind === 'response' && o.streaming).toEqual({
      latencyMs: 0,
      chunkSize: 20,
      chunkTokens: 2,
      pacing: { profile: 'claude-haiku', ttft: { mean: 120, stddev: 0 }, tbt: { mean: 9, stddev: 2 }, promptMsPer1kTokens: 40 },
    });
  });

  it('a fixture without pacing keys compiles as before (no pacing field)', () => {
    const o = loadFixturesFromText(fixture('{ latency: 5 }'), 'pace.yaml').fixtures[0].outcomes[0];
    expect(o.kind === 'response' && o.streaming).toEqual({ latencyMs: 5, chunkSize: 20, latencyGiven: true });
  });

  it('an unknown profile: file:line, and the error lists the profiles', () => {
    const [p, ...rest] = problems(fixture('{ profile: gpt-4-turbo }'));
    expect(rest).toEqual([]);
    expect([p.file, p.line]).toEqual(['pace.yaml', 3]);
    expect(p.message).toContain('"gpt-4-turbo"');
    for (const name of ['gpt-4o', 'claude-sonnet', 'gemini-flash', 'deepseek-reasoner', 'instant', 'fast']) expect(p.message).toContain(name);
  });

  it.each([
    ['negative ttft_ms', '{ ttft_ms: -5 }', 'ttft_ms'],
    ['a string tbt_ms', '{ tbt_ms: fast }', 'tbt_ms'],
    ['a distribution without mean', '{ ttft_ms: { stddev: 3 } }', 'mean'],
    ['an unknown distribution key', '{ ttft_ms: { mean: 3, sd: 1 } }', 'sd'],
    ['negative stddev', '{ ttft_ms: { mean: 3, stddev: -1 } }', 'stddev'],
    ['chunk_tokens 0', '{ chunk_tokens: 0 }', 'chunk_tokens'],
    ['fractional chunk_tokens', '{ chunk_tokens: 1.5 }', 'chunk_tokens'],
    ['negative prompt rate', '{ prompt_ms_per_1k_tokens: -1 }', 'prompt_ms_per_1k_tokens'],
  ])('%s is a load error naming the key', (_, streaming, key) => {
    const ps = problems(fixture(streaming));
    expect(ps.length).toBeGreaterThan(0);
    expect(ps[0].file).toBe('pace.yaml');
    expect(ps[0].line).toBe(3);
    expect(ps.map((p) => p.message).join('\n')).toContain(key);
  });

  it('latency with a profile key, and chunk_size with chunk_tokens, are conflicts', () => {
    const [a] = problems(fixture('{ latency: 20, profile: gpt-4o }'));
    expect(a.message).toMatch(/latency .* and profile .* keep one/);
    const [b] = problems(fixture('{ chunk_size: 4, chunk_tokens: 2 }'));
    expect(b.message).toMatch(/chunk_size .* and chunk_tokens .* keep one/);
  });
});
