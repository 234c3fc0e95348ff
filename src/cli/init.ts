/**
 * `llmposter init [dir]`: write a starter fixtures folder and say what to do next. Never
 * overwrites: an existing starter file is exit 2 (bad usage), as every bad input is.
 */
import { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STARTER_FILE_NAME, starterFixtures } from './starter-fixtures.js';
import { stdio, type ValidateIo } from './validate.js';
import { exitWhenFlushed } from '../util/exit-when-flushed.js';

/** The schema of this installed copy of llmposter (node_modules/llmposter/schemas/...). */
const INSTALLED_SCHEMA = fileURLToPath(new URL('../../schemas/fixture.schema.json', import.meta.url));

/** Where `dir` points an editor at the schema: relative, so the folder can be committed. */
function schemaPathFrom(dir: string): string {
  return relative(dir, INSTALLED_SCHEMA).split(sep).join('/');
}

/**
 * @example
 * runInit('fixtures', stdio) // writes fixtures/starter.yaml, prints next steps; 0
 */
export function runInit(dir: string, io: ValidateIo): number {
  const target = resolve(dir);
  const file = resolve(target, STARTER_FILE_NAME);
  const shown = relative(process.cwd(), file) || file;
  try {
    mkdirSync(target, { recursive: true });
  } catch (err) {
    // EEXIST here: the folder's path is a file.
    io.err(`llmposter init: cannot create the folder ${relative(process.cwd(), target) || target}: ${(err as NodeJS.ErrnoException).code === 'EEXIST' ? 'a file of that name exists' : (err as Error).message}`);
    return 2;
  }
  try {
    // 'wx': fail if the file exists, atomically (no check-then-write race).
    writeFileSync(file, starterFixtures(schemaPathFrom(target)), { flag: 'wx' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      io.err(`llmposter init: ${shown} already exists; not overwriting it (edit it, delete it, or run \`llmposter init <another folder>\`)`);
      return 2;
    }
    io.err(`llmposter init: cannot write ${shown}: ${(err as Error).message}`);
    return code === 'EACCES' || code === 'ENOTDIR' || code === 'EROFS' ? 2 : 1;
  }
  const folder = relative(process.cwd(), target) || '.';
  const url = 'http://127.0.0.1:2112';
  for (const line of [
    `wrote ${shown}`,
    '',
    'Next steps:',
    `  npx llmposter validate ${folder}      check the fixtures after editing them`,
    `  npx llmposter --fixtures ${folder}    serve them on ${url}`,
    '',
    'Point your SDK at the server (any API key works):',
    `  OpenAI:           new OpenAI({ baseURL: '${url}/v1', apiKey: 'test' })`,
    `  Anthropic:        new Anthropic({ baseURL: '${url}', apiKey: 'test' })`,
    `  Gemini:           new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: '${url}' } })`,
    `  or the environment: OPENAI_BASE_URL=${url}/v1 ANTHROPIC_BASE_URL=${url}`,
    '',
    `Try: curl ${url}/v1/chat/completions -d '{"model":"gpt-4o","messages":[{"role":"user","content":"hello"}]}'`,
  ])
    io.out(line);
  return 0;
}

export function initCommand(): Command {
  return new Command('init')
    .description(`write a starter fixtures folder (${STARTER_FILE_NAME}: one fixture per API, a sequence, a failure) and print next steps; never overwrites`)
    .argument('[dir]', 'folder to write into (created if missing)', 'fixtures')
    .action((dir: string) => {
      exitWhenFlushed(runInit(dir, stdio));
    });
}
