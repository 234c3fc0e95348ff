/**
 * The `--models FILE` catalogue (YAML or JSON: JSON is YAML): a list of
 * `{id, context_window, max_output_tokens, owned_by?, display_name?, created?}` (schemas/models.schema.json), or an object
 * whose `models` key holds that list. Every problem is collected and reported at once, each
 * naming the entry and the key, so one run fixes the file.
 */
import { readFileSync } from 'node:fs';
import { yaml } from '../util/lazy-yaml.js';
import type { ModelInfo } from './catalogue.js';

/** The models file (or the `models` option) is unreadable or invalid; `problems` says where. */
export class ModelsFileError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid models ${source}: ${problems.join('; ')}`);
  }
}

const KEYS = new Set(['id', 'context_window', 'max_output_tokens', 'owned_by', 'display_name', 'created']);

/** What a user writes for one model (the file's keys, or the `models` option's entries). */
export interface ModelSpec {
  id: string;
  context_window: number;
  max_output_tokens: number;
  owned_by?: string;
  display_name?: string;
  /** Unix seconds; default 0. */
  created?: number;
}

/** Read and validate a models file. Throws ModelsFileError. */
export function loadModelsFile(path: string): ModelInfo[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ModelsFileError(`file ${path}`, [`cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`]);
  }
  let doc: unknown;
  try {
    doc = yaml().parse(text);
  } catch (err) {
    throw new ModelsFileError(`file ${path}`, [`not YAML or JSON: ${(err as Error).message.split('\n')[0]}`]);
  }
  return validateModels(doc, `file ${path}`);
}

/**
 * Check a parsed models document (a list, or `{models: [...]}`) and turn it into catalogue
 * entries. Throws ModelsFileError listing every problem.
 * @example validateModels([{ id: 'm', context_window: 8192, max_output_tokens: 1024 }], 'option')[0].ownedBy // 'llmposter'
 */
export function validateModels(doc: unknown, source: string): ModelInfo[] {
  const list = isObject(doc) && !Array.isArray(doc) && 'models' in doc ? doc.models : doc;
  const where = list === doc ? '' : 'models';
  if (!Array.isArray(list)) throw new ModelsFileError(source, [`${where || 'the file'} must be a list of models ({id, context_window, max_output_tokens})`]);
  const problems: string[] = [];
  const seen = new Set<string>();
  const out: ModelInfo[] = [];
  list.forEach((entry: unknown, i) => {
    const at = `${where}[${i}]`;
    if (!isObject(entry) || Array.isArray(entry)) {
      problems.push(`${at}: must be an object with id, context_window and max_output_tokens`);
      return;
    }
    const before = problems.length;
    for (const key of Object.keys(entry)) if (!KEYS.has(key)) problems.push(`${at}.${key}: unknown key (expected one of ${[...KEYS].join(', ')})`);
    const { id, context_window: window, max_output_tokens: maxOut, owned_by: ownedBy, display_name: displayName, created } = entry;
    if (typeof id !== 'string' || id.trim() === '') problems.push(`${at}.id: must be a non-empty string`);
    else if (seen.has(id)) problems.push(`${at}.id: "${id}" is listed twice`);
    else seen.add(id);
    if (!positiveInt(window)) problems.push(`${at}.context_window: must be a positive whole number of tokens (got ${show(window)})`);
    if (!positiveInt(maxOut)) problems.push(`${at}.max_output_tokens: must be a positive whole number of tokens (got ${show(maxOut)})`);
    else if (positiveInt(window) && maxOut > window) problems.push(`${at}.max_output_tokens: ${maxOut} is more than context_window ${window}`);
    if (ownedBy !== undefined && (typeof ownedBy !== 'string' || ownedBy === '')) problems.push(`${at}.owned_by: must be a non-empty string`);
    if (displayName !== undefined && (typeof displayName !== 'string' || displayName === '')) problems.push(`${at}.display_name: must be a non-empty string`);
    if (created !== undefined && !(Number.isInteger(created) && (created as number) >= 0)) problems.push(`${at}.created: must be unix seconds, a whole number >= 0 (got ${show(created)})`);
    if (problems.length > before) return;
    out.push({
      id: id as string,
      contextWindow: window as number,
      maxOutputTokens: maxOut as number,
      ownedBy: (ownedBy as string | undefined) ?? 'llmposter',
      displayName: (displayName as string | undefined) ?? (id as string),
      created: (created as number | undefined) ?? 0,
    });
  });
  if (problems.length > 0) throw new ModelsFileError(source, problems);
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function positiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1;
}

function show(v: unknown): string {
  return v === undefined ? 'nothing' : JSON.stringify(v) ?? String(v);
}
