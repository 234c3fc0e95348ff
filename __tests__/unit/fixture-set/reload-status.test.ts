/** What /health says about hot reload: the serving set's age and the last reload error. */
import { describe, expect, it } from '@jest/globals';
import { createReloadStatus } from '../../../src/fixture-set/reload-status.js';
import { FixtureLoadError } from '../../../src/fixture-set/types.js';

const shown = (f: string) => f.replace('/abs/fixtures/', '');

describe('createReloadStatus', () => {
  it('counts the serving set age from the start, and from each good reload', () => {
    let t = 1000;
    const s = createReloadStatus(() => t);
    t = 1500;
    expect(s.health(shown)).toEqual({ serving_age_ms: 500, last_error: null });
    s.loaded();
    t = 1600.4;
    expect(s.health(shown)).toEqual({ serving_age_ms: 100, last_error: null });
  });

  it('shows the first problem of a failed reload (file as shown to users) and how many there were, until a reload succeeds', () => {
    let t = 0;
    const s = createReloadStatus(() => t);
    t = 10;
    s.failed(
      new FixtureLoadError([
        { file: '/abs/fixtures/a.yaml', line: 3, col: 5, message: 'unknown key "bogus"' },
        { file: '/abs/fixtures/b.yaml', line: 1, col: 1, message: 'the file is empty' },
      ]),
    );
    t = 25;
    expect(s.health(shown)).toEqual({
      serving_age_ms: 25,
      last_error: { file: 'a.yaml', line: 3, col: 5, message: 'unknown key "bogus"', problems: 2, age_ms: 15 },
    });
    s.loaded();
    expect(s.health(shown).last_error).toBeNull();
  });

  it('an unexpected error (not a fixture problem) is shown by its message', () => {
    const s = createReloadStatus(() => 0);
    s.failed(new Error('EMFILE: too many open files'));
    expect(s.health(shown).last_error).toEqual({ file: null, line: null, col: null, message: 'EMFILE: too many open files', problems: 1, age_ms: 0 });
  });
});
