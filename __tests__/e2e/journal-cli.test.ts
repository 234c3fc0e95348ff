/**
 * `--journal-size` from the command line (the built CLI): a size bounds the ring, 0 turns the
 * journal off (the admin API says so), a bad value is refused at start-up with the flag named.
 * `--redact` masks the journal's entries too, without any record mode.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { runCli, startCli, type RunningCli } from '../helpers/cli.js';

let s: RunningCli | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

const ask = (url: string, text: string) =>
  fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: text }] }) });

describe('--journal-size', () => {
  it('bounds the journal to the newest N', async () => {
    s = await startCli(['--fixtures', './fixtures', '--port', '0', '--no-watch', '--journal-size', '2']);
    for (const text of ['one', 'two', 'three']) await (await ask(s.url, text)).text();
    const body = (await (await fetch(`${s.url}/admin/requests`)).json()) as { data: { user_message: string }[]; capacity: number; evicted: number };
    expect(body.data.map((e) => e.user_message)).toEqual(['three', 'two']);
    expect(body).toMatchObject({ capacity: 2, evicted: 1 });
  });

  it('0 turns the journal off, and the admin API says so', async () => {
    s = await startCli(['--fixtures', './fixtures', '--port', '0', '--no-watch', '--journal-size', '0']);
    await (await ask(s.url, 'hello')).text();
    const res = await fetch(`${s.url}/admin/requests`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'journal_off', message: expect.stringContaining('--journal-size 0') } });
  });

  it('refuses a value that is not a whole number >= 0', async () => {
    for (const bad of ['-1', 'lots', '1.5']) {
      const r = await runCli(['--fixtures', './fixtures', '--journal-size', bad]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/--journal-size/);
    }
  });
});

describe('--redact', () => {
  it('masks its matches in journal entries (text, body, headers, path), with no record mode', async () => {
    s = await startCli(['--fixtures', './fixtures', '--port', '0', '--no-watch', '--redact', '\\b\\d{4}-\\d{4}-\\d{4}-\\d{4}\\b']);
    const card = '4111-1111-1111-1111';
    const res = await fetch(`${s.url}/v1/chat/completions?ref=${card}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-note': `card ${card}` },
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: `my card is ${card}` }] }),
    });
    await res.text();
    const text = await (await fetch(`${s.url}/admin/requests`)).text();
    expect(text).not.toContain(card);
    const [e] = (JSON.parse(text) as { data: { user_message: string; path: string; headers: Record<string, string>; body: { messages: { content: string }[] } }[] }).data;
    expect(e.user_message).toBe('my card is [REDACTED]');
    expect(e.body.messages[0].content).toBe('my card is [REDACTED]');
    expect(e.headers['x-note']).toBe('card [REDACTED]');
    expect(e.path).toBe('/v1/chat/completions?ref=[REDACTED]');
  });

  it('a bad pattern stops start-up, naming it', async () => {
    const r = await runCli(['--fixtures', './fixtures', '--redact', '(']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--redact "\(" is not a valid regular expression/);
  });
});
