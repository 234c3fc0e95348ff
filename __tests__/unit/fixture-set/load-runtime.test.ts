/** Runtime fixture bodies: which JSON shapes are taken, and problem places in the body as sent. */
import { describe, expect, it } from '@jest/globals';
import { loadRuntimeFixtures } from '../../../src/fixture-set/load-runtime.js';
import { FixtureLoadError, type FixtureProblem } from '../../../src/fixture-set/types.js';

function problemsOf(run: () => unknown): FixtureProblem[] {
  try {
    run();
  } catch (err) {
    if (err instanceof FixtureLoadError) return err.problems;
    throw err;
  }
  throw new Error('expected a FixtureLoadError');
}

describe('loadRuntimeFixtures', () => {
  it('names ids after the batch', () => {
    const set = loadRuntimeFixtures({ json: '[{"response": {"content": "a"}}, {"response": {"content": "b"}}]' }, 'runtime-7');
    expect(set.fixtures.map((f) => f.id)).toEqual(['runtime-7#0', 'runtime-7#1']);
    expect(set.fixtures[1].location).toEqual({ file: 'runtime-7', line: 1, col: 34 });
  });

  it('a single JSON fixture keeps its own lines and columns', () => {
    const problems = problemsOf(() => loadRuntimeFixtures({ json: '{\n  "response": {"content": "a"},\n  "priority": "high"\n}' }, 'runtime-1'));
    expect(problems).toEqual([{ file: 'runtime-1', line: 3, col: 15, message: expect.stringContaining('priority') }]);
  });

  it('a JSON object that is neither a file nor a fixture gets the file-level message', () => {
    const problems = problemsOf(() => loadRuntimeFixtures({ json: '{"fixturez": []}' }, 'runtime-1'));
    expect(problems).toEqual([expect.objectContaining({ line: 1, col: 2, message: expect.stringMatching(/unknown top-level key "fixturez"; did you mean "fixtures"/) })]);
  });

  it('JSON that does not parse: where the parser stopped, when it says', () => {
    const problems = problemsOf(() => loadRuntimeFixtures({ json: '{\n  "response": {"content": "a"},\n}' }, 'runtime-1'));
    expect(problems).toEqual([{ file: 'runtime-1', line: 3, col: 1, message: expect.stringMatching(/^the body is not valid JSON: /) }]);
  });

  it('YAML is a fixture file: a single fixture at the top level is refused with the file message', () => {
    const problems = problemsOf(() => loadRuntimeFixtures({ yaml: 'response: { content: a }\n' }, 'runtime-1'));
    expect(problems).toEqual([expect.objectContaining({ line: 1, col: 1, message: expect.stringContaining('single fixture at the top level') })]);
  });
});
