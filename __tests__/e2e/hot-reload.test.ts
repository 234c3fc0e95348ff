/**
 * Hot reload as a user sees it: a file written in steps is never served half-written, and a
 * reload that fails is visible in /health (with where and why), not only in the log.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFakeClock } from '../../src/index.js';
import { chat, postRaw, startWith, type Harness } from '../helpers/server.js';
import { eventually } from '../helpers/cli.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const fixture = (trigger: string, answer: string) => `  - match: { user_message: "${trigger}" }\n    response: { content: "${answer}" }\n`;

const answerOf = async (url: string, msg: string) => {
  const res = await postRaw(`${url}/v1/chat/completions`, chat(msg));
  return res.status === 200 ? (JSON.parse(res.text).choices[0].message.content as string) : `HTTP ${res.status}`;
};

interface Health {
  fixtures: number;
  reload: {
    serving_age_ms: number;
    last_error: null | { file: string | null; line: number | null; col: number | null; message: string; problems: number; age_ms: number };
  };
}
const health = async (url: string) => (await (await fetch(`${url}/health`)).json()) as Health;

describe('hot reload waits for a file to stop changing', () => {
  it('a file written in two steps, 250 ms apart, is never served half-written', async () => {
    h = await startWith({ 'f.yaml': `fixtures:\n${fixture('a', 'a1')}${fixture('b', 'b1')}` }, { watch: true });
    const url = h.server.url;
    const file = join(h.dir, 'f.yaml');
    // The server is watching once an edit is seen; give the watcher its initial scan first.
    writeFileSync(file, `fixtures:\n${fixture('a', 'a1')}${fixture('b', 'b1')}\n`);
    await new Promise((r) => setTimeout(r, 1500));

    // Keep asking for "b" all the way through: the half file has no "b" (a 404).
    const seen = new Set<string>();
    let stop = false;
    const client = (async () => {
      while (!stop) seen.add(await answerOf(url, 'b'));
    })();

    writeFileSync(file, `fixtures:\n${fixture('a', 'a2')}`); // valid YAML: the first half
    await new Promise((r) => setTimeout(r, 250));
    appendFileSync(file, fixture('b', 'b2'));

    expect(await eventually(async () => (await answerOf(url, 'b')) === 'b2')).toBe(true);
    stop = true;
    await client;
    expect([...seen].sort()).toEqual(expect.arrayContaining(['b1']));
    expect(seen.has('HTTP 404')).toBe(false);
    expect(await answerOf(url, 'a')).toBe('a2');
  });
});

describe('/health shows the serving set and the last reload error', () => {
  it('reports the set age and a failed reload (file, line, message) until a reload succeeds', async () => {
    const clock = createFakeClock();
    h = await startWith({ 'f.yaml': `fixtures:\n${fixture('a', 'a1')}` }, { clock });
    const url = h.server.url;

    clock.advance(5000);
    expect((await health(url)).reload).toEqual({ serving_age_ms: 5000, last_error: null });

    // A broken edit: the old set keeps serving, and /health says why the new one did not load.
    writeFileSync(join(h.dir, 'f.yaml'), `fixtures:\n${fixture('a', 'a2')}    bogus: 1\n  - response: { content: x, finish_reason: lenght }\n`);
    expect((await fetch(`${url}/admin/reload`, { method: 'POST' })).status).toBe(400);
    clock.advance(200);
    const broken = await health(url);
    expect(broken.reload).toEqual({
      serving_age_ms: 5200,
      last_error: { file: 'f.yaml', line: 4, col: 5, message: expect.stringContaining('unknown key "bogus"'), problems: 2, age_ms: 200 },
    });
    expect(await answerOf(url, 'a')).toBe('a1');

    // Fixed: the new set serves, its age starts again, the error is gone.
    writeFileSync(join(h.dir, 'f.yaml'), `fixtures:\n${fixture('a', 'a3')}`);
    expect((await fetch(`${url}/admin/reload`, { method: 'POST' })).status).toBe(200);
    clock.advance(30);
    expect((await health(url)).reload).toEqual({ serving_age_ms: 30, last_error: null });
    expect(await answerOf(url, 'a')).toBe('a3');
  });

  it('a broken edit picked up by the watcher shows up in /health', async () => {
    h = await startWith({ 'f.yaml': `fixtures:\n${fixture('a', 'a1')}` }, { watch: true });
    const url = h.server.url;
    await new Promise((r) => setTimeout(r, 1000)); // the watcher's initial scan
    writeFileSync(join(h.dir, 'f.yaml'), 'fixtures:\n  - match: { temperature: .nan }\n    response: { content: x }\n');
    let last: Health['reload']['last_error'] = null;
    expect(await eventually(async () => (last = (await health(url)).reload.last_error) !== null)).toBe(true);
    expect(last).toMatchObject({ file: 'f.yaml', line: 2, message: expect.stringContaining('.nan, not a number'), problems: 1 });
    expect(await answerOf(url, 'a')).toBe('a1');
  });
});
