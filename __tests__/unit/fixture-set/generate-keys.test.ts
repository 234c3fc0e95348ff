/** `response: {generate}` and `failure: {hang_ms}` in fixture files: compiled, or refused at file:line:col. */
import { describe, expect, it } from '@jest/globals';
import { loadFixturesFromText } from '../../../src/fixture-set/load.js';
import { FixtureLoadError, type FixtureProblem } from '../../../src/fixture-set/types.js';

function problemsOf(yaml: string): FixtureProblem[] {
  try {
    loadFixturesFromText(yaml, 'gen.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(FixtureLoadError);
    return (err as FixtureLoadError).problems;
  }
  throw new Error('expected a FixtureLoadError');
}

const responseOf = (yaml: string) => {
  const o = loadFixturesFromText(yaml, 'gen.yaml').fixtures[0].outcomes[0];
  if (o.kind !== 'response') throw new Error('not a response');
  return o;
};

describe('generate and hang_ms in fixtures', () => {
  it('compiles the short and the long form of generate', () => {
    expect(responseOf('fixtures:\n  - response: { generate: lorem }\n').response.generate).toEqual({ kind: 'lorem' });
    expect(responseOf('fixtures:\n  - response: { generate: "fixed:Hello There" }\n').response.generate).toEqual({ kind: 'fixed', text: 'Hello There' });
    expect(responseOf('fixtures:\n  - response:\n      generate: { kind: sequence, target_tokens: 9 }\n').response.generate).toEqual({ kind: 'sequence', targetTokens: 9 });
    expect(loadFixturesFromText('fixtures:\n  - response: { generate: echo }\n', 'gen.yaml').fixtures[0].serves.has('chat')).toBe(true);
  });

  it('compiles hang_ms', () => {
    expect(responseOf('fixtures:\n  - response: { content: x }\n    failure: { hang_ms: 250 }\n').failure).toEqual({ probability: 1, hangMs: 250 });
  });

  // [case, YAML, line, col, key phrases]
  const cases: Array<[string, string, number, number, string[]]> = [
    ['unknown generator', 'fixtures:\n  - response: { generate: lorum }\n', 2, 27, ['generate: unknown generator "lorum"', 'use lorem, random, sequence, echo or fixed:<text>']],
    ['unknown generator kind in the long form', 'fixtures:\n  - response:\n      generate: { kind: seq, target_tokens: 5 }\n', 3, 25, ['unknown generator "seq"']],
    ['fixed without its text', 'fixtures:\n  - response: { generate: fixed }\n', 2, 27, ['fixed needs its text after a colon']],
    ['target_tokens on fixed', 'fixtures:\n  - response:\n      generate: { kind: "fixed:Hi", target_tokens: 5 }\n', 3, 52, ['target_tokens sizes lorem, random and sequence', 'remove target_tokens']],
    ['target_tokens out of range', 'fixtures:\n  - response:\n      generate: { kind: lorem, target_tokens: 0 }\n', 3, 47, ['"response.generate.target_tokens" must be between 1 and 32768 (got 0)']],
    ['target_tokens not a whole number', 'fixtures:\n  - response:\n      generate: { kind: lorem, target_tokens: 2.5 }\n', 3, 47, ['"response.generate.target_tokens" must be an integer']],
    ['unknown key in the long form', 'fixtures:\n  - response:\n      generate: { kind: lorem, tokens: 5 }\n', 3, 32, ['unknown key "tokens" in "response.generate"', 'Allowed keys: kind, target_tokens']],
    ['generate that is neither a kind nor a mapping', 'fixtures:\n  - response: { generate: 5 }\n', 2, 27, ['"response.generate" must be a string or a mapping']],
    ['generate beside content', 'fixtures:\n  - response: { content: a, generate: lorem }\n', 2, 29, ['both content and generate', 'keep only one']],
    ['hang_ms with another fault', 'fixtures:\n  - response: { content: a }\n    failure: { hang_ms: 10, latency_ms: 5 }\n', 3, 29, ['hang_ms sends nothing', 'latency_ms beside it has no effect']],
    ['negative hang_ms', 'fixtures:\n  - response: { content: a }\n    failure: { hang_ms: -1 }\n', 3, 25, ['"failure.hang_ms" must be at least 0']],
    ['hang_ms beside an error', 'fixtures:\n  - error: { status: 500 }\n    failure: { hang_ms: 10 }\n', 3, 5, ['with error, failure may only hold latency_ms']],
  ];

  it.each(cases)('%s', (_name, yaml, line, col, phrases) => {
    const problems = problemsOf(yaml);
    expect(problems).toHaveLength(1);
    const [p] = problems;
    expect([p.file, p.line, p.col]).toEqual(['gen.yaml', line, col]);
    for (const phrase of phrases) expect(p.message).toContain(phrase);
  });
});
