/** `llmposter --models FILE`: the file's models are served and held to; a bad file is exit 2 naming the problem. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { postRaw, tempDir } from '../helpers/server.js';
import { runCli, startCli, type RunningCli } from '../helpers/cli.js';

const started: RunningCli[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) if (s.child.exitCode === null) await s.stop('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dirWith(files: Record<string, string>): string {
  const dir = tempDir();
  dirs.push(dir);
  for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, n), t);
  return dir;
}

describe('--models', () => {
  it('serves the file\'s models and holds requests to their windows', async () => {
    const dir = dirWith({
      'models.yaml': '- id: house-small\n  context_window: 50\n  max_output_tokens: 20\n  owned_by: acme\n',
      'f.yaml': 'fixtures:\n  - response: { content: "ok" }\n',
    });
    const s = await startCli(['-f', join(dir, 'f.yaml'), '-p', '0', '--no-watch', '--models', join(dir, 'models.yaml')]);
    started.push(s);
    const list = (await (await fetch(`${s.url}/v1/models`)).json()) as { data: Array<{ id: string; owned_by: string }> };
    expect(list.data.map((m) => [m.id, m.owned_by])).toEqual([['house-small', 'acme']]);
    const over = await postRaw(`${s.url}/v1/chat/completions`, { model: 'house-small', max_tokens: 45, messages: [{ role: 'user', content: 'hi' }] });
    expect(over.status).toBe(400);
    expect(JSON.parse(over.text).error.code).toBe('context_length_exceeded');
  });

  it('a bad file: exit 2, one line per problem naming the entry and key', async () => {
    const dir = dirWith({ 'models.json': JSON.stringify([{ id: 'a', context_window: 'big', max_output_tokens: 10 }, { name: 'b' }]) });
    const r = await runCli(['-p', '0', '--models', join(dir, 'models.json')]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^llmposter: invalid models file .*models\.json: \[0\]\.context_window: must be a positive whole number of tokens \(got "big"\)$/);
    expect(lines.some((l) => l.includes('[1].name: unknown key'))).toBe(true);
    expect(lines.some((l) => l.includes('[1].id: must be a non-empty string'))).toBe(true);
  });

  it('a missing file: exit 2 naming it', async () => {
    const r = await runCli(['-p', '0', '--models', '/nonexistent/models.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid models file /nonexistent/models.yaml: cannot read it (ENOENT)');
  });
});
