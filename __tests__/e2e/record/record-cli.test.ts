/**
 * The record/replay flags on the built CLI: bad values are one line and exit 2; a recording
 * made with --upstream-key-env sends the environment's key upstream (not the client's dummy)
 * and no key, header value or cookie ever reaches disk; --redact masks text in what is saved.
 */
import { describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { anthropicClient } from '../../helpers/anthropic-sdk.js';
import { geminiClient } from '../../helpers/gemini-sdk.js';
import { cliScratch, runCli, startCli } from '../../helpers/cli.js';
import { startFakeUpstream } from '../../helpers/fake-upstream.js';

const scratch = cliScratch();

describe('record/replay flags', () => {
  it.each([
    [['--mode', 'recrod'], /--mode must be one of replay, record, record-missing, passthrough/],
    [['--upstream', 'openai'], /--upstream openai= needs a value/],
    [['--upstream', 'cohere=https://x'], /PROVIDER one of openai, anthropic, gemini, azure/],
    [['--upstream', 'openai=file:///etc'], /must be an http:\/\/ or https:\/\/ URL/],
    [['--upstream-key-env', 'openai=not a name'], /needs an environment variable name/],
    [['--redact', '[a-'], /is not a valid regular expression/],
    [['--mode', 'record', '--upstream-key-env', 'openai=LLMPOSTER_TEST_UNSET_KEY'], /LLMPOSTER_TEST_UNSET_KEY is not set or empty/],
    [['--record-exact', '--record-partial'], /--record-\w+ needs --mode record or record-missing/],
    [['--mode', 'record', '--bind', '0.0.0.0'], /not a loopback address/],
  ])('%j is refused with one line and exit 2', async (args, message) => {
    const r = await runCli(['--port', '0', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('records with the key from the environment, and no credential ever reaches disk', async () => {
    const upstream = await startFakeUpstream();
    const envKey = 'sk-env-secret-0123456789abcdef';
    const clientKey = 'sk-client-dummy-9876543210';
    // The upstream echoes the env key back in its answer: it must be masked on disk too.
    upstream.script = () => ({ text: 'Your account number is 4111-1111-1111-1111. ', echo: `(key ${envKey})` });
    try {
      const recordDir = join(scratch.dir, 'rec');
      const server = await startCli(
        ['--port', '0', '--mode', 'record-missing', '--upstream', `openai=${upstream.url}`, '--upstream-key-env', 'openai=LLMPOSTER_TEST_OPENAI_KEY', '--record-dir', recordDir, '--redact', '\\d{4}-\\d{4}-\\d{4}-\\d{4}'],
        { LLMPOSTER_TEST_OPENAI_KEY: envKey },
      );
      scratch.started.push(server);
      const c = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: clientKey, maxRetries: 0, defaultHeaders: { cookie: 'sid=cookie-value-123', 'openai-organization': 'org-private-42', 'x-llmposter-test-id': 'redaction' } });
      const res = await c.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'my card is 4111-1111-1111-1111, and a cookie' }] });
      expect(res.choices[0].message.content).toContain(envKey);
      expect(upstream.requests[0].headers.authorization).toBe(`Bearer ${envKey}`);
      expect(JSON.stringify(upstream.requests[0].headers)).not.toContain(clientKey);

      const files = readdirSync(recordDir);
      expect(files).toEqual(['redaction.yaml']);
      const disk = files.map((f) => readFileSync(join(recordDir, f), 'utf8')).join('\n');
      for (const secret of [envKey, clientKey, 'cookie-value-123', 'org-private-42', 'upstream-cookie-value', '4111-1111']) expect(disk).not.toContain(secret);
      expect(disk).toContain('[REDACTED]');
      // The masked prompt still matches the request it was recorded from.
      const again = await c.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'my card is 4111-1111-1111-1111, and a cookie' }] });
      expect(again.choices[0].message.content).toContain('[REDACTED]');
      expect(upstream.requests).toHaveLength(1);
    } finally {
      await upstream.close();
    }
  });

  it('the README walk-through: record-missing with each SDK, validate, then replay in "CI" with no upstream', async () => {
    const upstream = await startFakeUpstream();
    upstream.script = (req) => ({ text: `upstream answer for ${req.url.split('?')[0]}`, chunk: 7 });
    const fixtures = join(scratch.dir, 'walk-through');
    mkdirSync(fixtures);
    const run = async (url: string) => {
      const openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'dummy', maxRetries: 0 });
      let streamed = '';
      for await (const c of await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Plan a trip to Oslo' }], stream: true })) streamed += c.choices[0]?.delta?.content ?? '';
      const claude = await anthropicClient(url).messages.create({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'Plan a trip to Oslo' }] });
      const gemini = await geminiClient(url).models.generateContent({ model: 'gemini-2.0-flash', contents: 'Plan a trip to Oslo' });
      return [streamed, claude.content[0].type === 'text' ? claude.content[0].text : '', gemini.text];
    };
    let recorded: unknown;
    try {
      const up = upstream.url;
      const recording = await startCli(['--port', '0', '--fixtures', fixtures, '--mode', 'record-missing', '--upstream', `openai=${up}`, '--upstream', `anthropic=${up}`, '--upstream', `gemini=${up}`, '--upstream-key-env', 'openai=LLMPOSTER_TEST_OPENAI_KEY'], { LLMPOSTER_TEST_OPENAI_KEY: 'sk-walkthrough-key' });
      scratch.started.push(recording);
      recorded = await run(recording.url);
      expect(recorded).toEqual(['upstream answer for /v1/chat/completions', 'upstream answer for /v1/messages', 'upstream answer for /v1beta/models/gemini-2.0-flash:generateContent']);
      expect(await recording.stop()).toBe(0);
    } finally {
      await upstream.close();
    }
    const recordDir = join(fixtures, 'recorded');
    const valid = await runCli(['validate', recordDir]);
    expect(valid.stdout).toMatch(/^ok: 3 fixtures in 1 file/);
    const ci = await startCli(['--port', '0', '--fixtures', fixtures, '--fixtures', recordDir]);
    scratch.started.push(ci);
    expect(await run(ci.url)).toEqual(recorded);
  });
});
