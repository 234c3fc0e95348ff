import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModelsFile, ModelsFileError, validateModels } from '../../../src/models/load.js';
import { tempDir } from '../../helpers/server.js';

const problemsOf = (doc: unknown): string[] => {
  try {
    validateModels(doc, 'option');
  } catch (err) {
    expect(err).toBeInstanceOf(ModelsFileError);
    return (err as ModelsFileError).problems;
  }
  throw new Error('expected ModelsFileError');
};

describe('models file', () => {
  it('reads a YAML list and a JSON {models: [...]} alike, with defaults for the optional keys', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'm.yaml'), '- id: house\n  context_window: 8192\n  max_output_tokens: 1024\n  owned_by: acme\n');
    writeFileSync(join(dir, 'm.json'), JSON.stringify({ models: [{ id: 'house', context_window: 8192, max_output_tokens: 1024, display_name: 'House', created: 5 }] }));
    expect(loadModelsFile(join(dir, 'm.yaml'))).toEqual([{ id: 'house', contextWindow: 8192, maxOutputTokens: 1024, ownedBy: 'acme', displayName: 'house', created: 0 }]);
    expect(loadModelsFile(join(dir, 'm.json'))).toEqual([{ id: 'house', contextWindow: 8192, maxOutputTokens: 1024, ownedBy: 'llmposter', displayName: 'House', created: 5 }]);
  });

  it('names every problem, by entry and key', () => {
    expect(problemsOf({ models: 'x' })).toEqual(['models must be a list of models ({id, context_window, max_output_tokens})']);
    expect(problemsOf([1])).toEqual(['[0]: must be an object with id, context_window and max_output_tokens']);
    expect(
      problemsOf([
        { id: 'a', context_window: 10, max_output_tokens: 5 },
        { id: 'a', context_window: 0, max_output_tokens: 1.5, contextwindow: 3 },
        { id: 'b', context_window: 10, max_output_tokens: 11, owned_by: '', created: -1 },
      ]),
    ).toEqual([
      '[1].contextwindow: unknown key (expected one of id, context_window, max_output_tokens, owned_by, display_name, created)',
      '[1].id: "a" is listed twice',
      '[1].context_window: must be a positive whole number of tokens (got 0)',
      '[1].max_output_tokens: must be a positive whole number of tokens (got 1.5)',
      '[2].max_output_tokens: 11 is more than context_window 10',
      '[2].owned_by: must be a non-empty string',
      '[2].created: must be unix seconds, a whole number >= 0 (got -1)',
    ]);
  });

  it('a missing or unparsable file is a ModelsFileError naming the file', () => {
    const dir = tempDir();
    expect(() => loadModelsFile(join(dir, 'nope.yaml'))).toThrow(/invalid models file .*nope\.yaml: cannot read it \(ENOENT\)/);
    writeFileSync(join(dir, 'bad.yaml'), 'models: [unclosed');
    expect(() => loadModelsFile(join(dir, 'bad.yaml'))).toThrow(/not YAML or JSON/);
  });
});
