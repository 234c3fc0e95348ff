/**
 * The preset response mode's bank (ChaosLLM's `response.preset`): a JSONL file, one JSON object
 * with a string `content` per line, read and checked when the config is loaded or changed, so
 * a bad line stops the start (exit 2) or the `POST /admin/config` (400) instead of failing
 * requests mid-run. ChaosLLM read it lazily on the first request, where a typo surfaced as 500s.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Rng } from '../random/rng.js';
import { ChaosConfigError } from './config.js';
import type { PresetSelection } from './types.js';

/** A bank bigger than this is refused: it is read whole into memory. */
export const PRESET_BANK_MAX_BYTES = 64 * 1024 * 1024;

const PATH = 'response.preset.file';

export class PresetBank {
  private nextIndex = 0;

  constructor(
    /** The file as configured (relative paths are from the working directory). */
    readonly file: string,
    readonly answers: readonly string[],
    readonly selection: PresetSelection,
  ) {}

  /**
   * The next answer: `sequential` walks the lines in order and starts over after the last one
   * (request order decides, so the same order replays); `random` picks with the request's rng.
   */
  next(rng: Rng): string {
    if (this.selection === 'random') return rng.pick(this.answers);
    const answer = this.answers[this.nextIndex];
    this.nextIndex = (this.nextIndex + 1) % this.answers.length;
    return answer;
  }

  /** `POST /admin/reset`: a sequential bank starts again from its first line. */
  reset(): void {
    this.nextIndex = 0;
  }
}

/**
 * Read and check a bank. Throws ChaosConfigError (key `response.preset.file`) naming the file
 * and, for a bad line, its number.
 * @example loadPresetBank('responses.jsonl', 'sequential').answers.length
 */
export function loadPresetBank(file: string, selection: PresetSelection): PresetBank {
  const bad = (message: string): never => {
    throw new ChaosConfigError([{ path: PATH, message }]);
  };
  const path = resolve(file);
  let text = '';
  try {
    const size = statSync(path).size;
    if (size > PRESET_BANK_MAX_BYTES) bad(`${file} is ${size} bytes; a preset bank may be at most ${PRESET_BANK_MAX_BYTES} bytes`);
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof ChaosConfigError) throw err;
    const e = err as NodeJS.ErrnoException;
    bad(`cannot read ${file} (${e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'it is a folder' : (e.code ?? e.message)})`);
  }
  const answers: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const at = `${file}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      bad(`${at}: not JSON (${(err as Error).message}); each line must be an object such as {"content": "..."}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(`${at}: must be a JSON object such as {"content": "..."}`);
    const content = (value as Record<string, unknown>).content;
    if (!Object.hasOwn(value as object, 'content')) bad(`${at}: has no "content" field`);
    if (typeof content !== 'string') bad(`${at}: "content" must be a string, got ${content === null ? 'null' : typeof content}`);
    answers.push(content as string);
  }
  if (answers.length === 0) bad(`${file} has no answers: write one {"content": "..."} object per line`);
  return new PresetBank(file, answers, selection);
}
