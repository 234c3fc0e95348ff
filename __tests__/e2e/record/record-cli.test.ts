/**
 * The record/replay flags on the built CLI: bad values are one line and exit 2; a recording
 * made with --upstream-key-env sends the environment's key upstream (not the client's dummy)
 * and no key, header value or cookie ever reaches disk; --redact masks text in what is saved.
 */
import { describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
});
