/** The load-chaos command line as a user runs it: presets, precedence, bad values, `llmposter presets`. */
import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cliScratch, runCli, startCli } from '../helpers/cli.js';
import { CHAOS_OFF_CONFIG } from '../../src/chaos/config.js';
import { loadPreset, PRESET_NAMES } from '../../src/chaos/presets.js';
import type { ChaosConfig } from '../../src/chaos/types.js';

const { started, dir, file } = cliScratch();

async function configOf(args: string[]): Promise<{ config: ChaosConfig; stderr: string }> {
  const s = await startCli(['-p', '0', '--no-watch', ...args]);
  started.push(s);
  const config = (await (await fetch(`${s.url}/admin/config`)).json()) as ChaosConfig;
  return { config, stderr: s.stderr() };
}

describe('load chaos on the command line', () => {
  it('no chaos flag: the server runs with load chaos off', async () => {
    expect((await configOf([])).config).toEqual(CHAOS_OFF_CONFIG);
  });

  it('--preset alone serves without fixtures: the response mode answers, and the log says so instead of promising 404s', async () => {
    const s = await startCli(['-p', '0', '--no-watch', '--preset', 'silent']);
    started.push(s);
    const res = await fetch(`${s.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-llmposter-generated')).toBe('random');
    expect(s.stderr()).toContain("load chaos' random response mode answers every LLM request");
    expect(s.stderr()).not.toContain('gets a 404');
  });

  it('--preset loads the preset', async () => {
    expect((await configOf(['--preset', 'stress_aimd'])).config).toEqual(loadPreset('stress_aimd'));
  });

  it('precedence: preset < --config file < flags', async () => {
    const db = join(dir, 'from-config.db');
    const cfg = file('stress.yaml', `server:\n  port: 8000\nmetrics:\n  database: ${db}\nerror_injection:\n  rate_limit_pct: 30\n  capacity_529_pct: 9\nlatency:\n  base_ms: 7\n`);
    const { config, stderr } = await configOf(['--preset', 'gentle', '--config', cfg, '--rate-limit-pct', '25', '--latency-jitter-ms', '1', '--response-mode', 'echo', '--burst', '--burst-interval-sec', '40']);
    expect(config.error_injection.rate_limit_pct).toBe(25); // flag > file > preset
    expect(config.error_injection.capacity_529_pct).toBe(9); // file > preset
    expect(config.error_injection.service_unavailable_pct).toBe(0.5); // preset
    expect(config.latency).toEqual({ base_ms: 7, jitter_ms: 1 });
    expect(config.response).toMatchObject({ mode: 'echo', random: { min_words: 10, max_words: 50, vocabulary: 'english' } });
    expect(config.error_injection.burst).toMatchObject({ enabled: true, interval_sec: 40, duration_sec: 5 });
    // ChaosLLM's server and metrics sections are start-up settings: -p 0 wins over the file's
    // port (the server answered on another one), the file names the metrics database.
    expect(existsSync(db)).toBe(true);
    expect(stderr).not.toContain('8000');
  });

  it('a flag alone starts from the built-in defaults', async () => {
    const { config } = await configOf(['--timeout-pct', '2']);
    expect(config.error_injection.timeout_pct).toBe(2);
    expect(config.latency).toEqual({ base_ms: 50, jitter_ms: 30 });
    expect(config.response.mode).toBeNull();
  });

  it.each([
    ['a rate over 100', ['--rate-limit-pct', '150'], /--rate-limit-pct.*error_injection\.rate_limit_pct must be a percentage from 0 to 100/],
    ['a rate that is not a number', ['--capacity-529-pct', 'some'], /--capacity-529-pct.*error_injection\.capacity_529_pct must be a percentage/],
    ['an unknown preset', ['--preset', 'mild'], /--preset.*Allowed choices are gentle, realistic, stress_aimd, chaos, silent, stress_extreme/],
    ['an unknown response mode', ['--response-mode', 'poetry'], /--response-mode.*Allowed choices are random, echo, template, preset/],
    ['a template that does not compile', ['--response-mode', 'template', '--response-template', '{{ model'], /invalid load-chaos config: response\.template\.body: unclosed "{{"/],
    ['a zero burst interval', ['--burst-interval-sec', '0'], /error_injection\.burst\.interval_sec must be a number greater than 0/],
    ['a burst longer than the preset interval', ['--preset', 'chaos', '--burst-duration-sec', '30'], /invalid load-chaos config: error_injection\.burst\.duration_sec: must not be longer than interval_sec \(30 > 20\) \(from the command line\)/],
  ])('%s: one line naming the key, exit 2', async (_name, args, message) => {
    const r = await runCli(['-p', '0', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('--response-template and --response-preset-file serve from the command line; a bad bank line is exit 2 naming file and line', async () => {
    const s = await startCli(['-p', '0', '--no-watch', '--response-mode', 'template', '--response-template', '{{ model }} says {{ messages[-1].content | upper }}']);
    started.push(s);
    const ask = async (url: string, headers: Record<string, string> = {}) =>
      ((await (await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }) })).json()) as { choices: { message: { content: string } }[] }).choices[0].message.content;
    expect(await ask(s.url)).toBe('gpt-4o says HI');
    const jsonl = file('bank.jsonl', '{"content": "from the bank"}\n');
    const p = await startCli(['-p', '0', '--no-watch', '--response-mode', 'preset', '--response-preset-file', jsonl, '--response-preset-selection', 'sequential', '--no-header-overrides']);
    started.push(p);
    expect(await ask(p.url, { 'x-fake-response-mode': 'echo' })).toBe('from the bank');
    const bad = file('bad.jsonl', '{"content": "ok"}\n["x"]\n');
    const r = await runCli(['-p', '0', '--response-mode', 'preset', '--response-preset-file', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`llmposter: invalid load-chaos config: response.preset.file: ${bad}:2: must be a JSON object such as {"content": "..."}`);
  });

  it('a bad --config file: one line per problem, naming the key and the file, exit 2', async () => {
    const bad = file('bad.yaml', 'error_injection:\n  rate_limit_pct: 200\n  retry_after_sec: [5, 1]\n');
    const r = await runCli(['-p', '0', '--config', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `llmposter: invalid load-chaos config: error_injection.rate_limit_pct: must be a percentage from 0 to 100, got 200 (from --config ${bad})`,
      `llmposter: invalid load-chaos config: error_injection.retry_after_sec: min must not be more than max, got [5, 1] (from --config ${bad})`,
    ]);
    const missing = await runCli(['-p', '0', '--config', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml: cannot read it \(no such file\)/);
  });

  it('`llmposter presets` lists each preset on one line; --help lists the chaos flags', async () => {
    const r = await runCli(['presets']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual([...PRESET_NAMES]);
    for (const l of lines) expect(l).toMatch(/^\w+\s{2,}\S.{10,}$/);
    const help = await runCli(['--help']);
    for (const flag of ['--preset', '--config', '--rate-limit-pct', '--wrong-content-type-pct', '--latency-base-ms', '--selection-mode', '--burst-interval-sec']) {
      expect(help.stdout).toContain(flag);
    }
  });
});
