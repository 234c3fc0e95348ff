import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import AjvModule from 'ajv';
import { join } from 'node:path';
import { loadModelsFile, ModelsFileError, validateModels } from '../../../src/models/load.js';
import { DEFAULT_MODELS } from '../../../src/models/default-models.js';
import { tempDir } from '../../helpers/server.js';

// ajv is CommonJS: under Node ESM the default import is module.exports, whose `.default` is the class.
const Ajv = AjvModule.default;

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

describe('schemas/models.schema.json', () => {
  it('agrees with the loader on good and bad files, and describes the built-in list', () => {
    const validate = new Ajv({ strict: true }).compile(JSON.parse(readFileSync('schemas/models.schema.json', 'utf8')));
    const builtIn = DEFAULT_MODELS.map((m) => ({ id: m.id, context_window: m.contextWindow, max_output_tokens: m.maxOutputTokens, owned_by: m.ownedBy, display_name: m.displayName, created: m.created }));
    const good = [builtIn, { models: builtIn }, [{ id: 'x', context_window: 1, max_output_tokens: 1 }]];
    const bad = [[{ id: 'x', context_window: 0, max_output_tokens: 1 }], [{ id: 'x', context_window: 5 }], [{ id: 'x', context_window: 5, max_output_tokens: 1, extra: 1 }], { models: 'x' }, 'x'];
    for (const doc of good) {
      expect(validate(doc)).toBe(true);
      expect(() => validateModels(doc, 'option')).not.toThrow();
    }
    for (const doc of bad) {
      expect(validate(doc)).toBe(false);
      expect(() => validateModels(doc, 'option')).toThrow(ModelsFileError);
    }
  });
});
