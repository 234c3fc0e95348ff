/**
 * Load chaos' response modes as a load test sees them: the template mode (ChaosLLM's doc
 * examples, through the official SDKs), the preset bank (sequential and random, reset), the
 * `X-Fake-Response-Mode` / `X-Fake-Template` headers, their bracketed errors, and bad configs
 * refused at start and over `/admin/config` without disturbing the running server.
 */
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CHAOS_OFF_CONFIG, ChaosConfigError, mergeChaosConfig } from '../../src/chaos/config.js';
import { startServer } from '../../src/index.js';
import { silentLogger } from '../../src/log/logger.js';
import { anthropicClient } from '../helpers/anthropic-sdk.js';
import { chat, parseSse, postRaw, startWith, tempDir, type Harness } from '../helpers/server.js';

const FIXTURES = { 'f.yaml': 'fixtures:\n  - match: { user_message: "hello" }\n    response: { content: "Hi from a fixture." }\n' };
const CLASSIFY = `{"classification": "{{ random_choice(['positive', 'negative', 'neutral']) }}", "confidence": {{ random_float(0.7, 0.99) }}, "summary": "{{ random_words(5, 15) }}"}`;

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bank = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});
async function serve(response: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<Harness> {
  h = await startWith(FIXTURES, { chaos: mergeChaosConfig(CHAOS_OFF_CONFIG, { response }), ...extra });
  return h;
}
const contentOf = async (s: Harness, message: string, headers: Record<string, string> = {}) =>
  (await s.client.chat.completions.create(chat(message), { headers })).choices[0].message.content ?? '';

describe('template mode', () => {
  it("renders ChaosLLM's documented classification template: JSON a pipeline can parse, values from the template's choices", async () => {
    const s = await serve({ mode: 'template', template: { body: CLASSIFY } });
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const parsed = JSON.parse(await contentOf(s, `item ${i}`));
      expect(['positive', 'negative', 'neutral']).toContain(parsed.classification);
      expect(parsed.confidence).toBeGreaterThanOrEqual(0.7);
      expect(parsed.confidence).toBeLessThanOrEqual(0.99);
      const words = parsed.summary.split(' ').length;
      expect(words).toBeGreaterThanOrEqual(5);
      expect(words).toBeLessThanOrEqual(15);
      seen.add(parsed.classification);
    }
    expect(seen.size).toBeGreaterThan(1); // it is random, not one fixed answer
  });

  it('a fixture still wins: the template answers only what no fixture matches', async () => {
    const s = await serve({ mode: 'template', template: { body: 'templated' } });
    expect(await contentOf(s, 'hello')).toBe('Hi from a fixture.');
    expect(await contentOf(s, 'anything else')).toBe('templated');
  });

  it('the same seed renders the same text on two servers; streamed and whole answers agree', async () => {
    const texts: string[] = [];
    for (let i = 0; i < 2; i++) {
      const s = await serve({ mode: 'template', template: { body: CLASSIFY } }, { seed: 99 });
      texts.push(await contentOf(s, 'x'));
      await s.close();
      h = undefined;
    }
    expect(texts[0]).toBe(texts[1]);
    const s = await serve({ mode: 'template', template: { body: CLASSIFY } });
    const whole = await contentOf(s, 'x', { 'x-llmposter-seed': '5' });
    const stream = await s.client.chat.completions.create({ ...chat('x'), stream: true }, { headers: { 'x-llmposter-seed': '5' } });
    let streamed = '';
    for await (const c of stream) streamed += c.choices[0]?.delta?.content ?? '';
    expect(streamed).toBe(whole);
  });

  it('sees model, messages and the raw request the same way on the Anthropic route', async () => {
    const s = await serve({ mode: 'template', template: { body: '{{ model }} / {{ messages | length }} / {{ messages[-1].content }} / {{ request.max_tokens }}' } });
    const answer = await anthropicClient(s.server.url).messages.create({ model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'first' }, { role: 'assistant', content: 'ok' }, { role: 'user', content: 'last words' }] });
    expect(answer.content[0]).toMatchObject({ type: 'text', text: 'claude-sonnet-4-6 / 3 / last words / 64' });
  });

  it('timestamp() reads the server clock (pinned by --freeze-time)', async () => {
    const s = await serve({ mode: 'template', template: { body: 'at {{ timestamp() }}' } }, { freezeTime: 1_700_000_000 });
    expect(await contentOf(s, 'x')).toBe('at 1700000000');
  });
});

describe('X-Fake-Response-Mode and X-Fake-Template', () => {
  it("override the configured mode per request, ChaosLLM's own example included", async () => {
    const s = await serve({ mode: 'random' });
    expect(await contentOf(s, 'Hello', { 'X-Fake-Response-Mode': 'template', 'X-Fake-Template': 'Model: {{ model }}, Messages: {{ messages|length }}' })).toBe('Model: gpt-4o, Messages: 1');
    expect(await contentOf(s, 'Test message', { 'X-Fake-Response-Mode': 'echo' })).toBe('Echo: Test message');
    // A template header alone asks for the template mode.
    expect(await contentOf(s, 'abc', { 'X-Fake-Template': '{{ messages[-1].content | upper }}' })).toBe('ABC');
    expect(await contentOf(s, 'abc')).toMatch(/^[A-Z][a-z]*( [a-z]+)*\.$/); // random, as configured
  });

  it('are ignored with allow_header_overrides: false', async () => {
    const s = await serve({ mode: 'echo', allow_header_overrides: false });
    expect(await contentOf(s, 'abc', { 'X-Fake-Response-Mode': 'random', 'X-Fake-Template': 'nope' })).toBe('Echo: abc');
  });

  it('a bad override answers 200 with a bracketed message, and the server goes on', async () => {
    const s = await serve({ mode: 'random', max_template_length: 50 });
    expect(await contentOf(s, 'x', { 'X-Fake-Response-Mode': 'poetry' })).toBe("[unknown response mode 'poetry' in x-fake-response-mode: use random, echo, template, preset]");
    expect(await contentOf(s, 'x', { 'X-Fake-Template': '{{ nope }}' })).toMatch(/^\[template error: .*nope.*\]$/);
    expect(await contentOf(s, 'x', { 'X-Fake-Template': '{{ messages[7].content }}' })).toMatch(/^\[template error: .*undefined.*\]$/);
    expect(await contentOf(s, 'x', { 'X-Fake-Template': 'x'.repeat(51) })).toMatch(/^\[template error: .*50.*\]$/);
    expect(await contentOf(s, 'x', { 'X-Fake-Response-Mode': 'template' })).toBe('[template mode needs a template: send x-fake-template or set response.template.body]');
    expect(await contentOf(s, 'x', { 'X-Fake-Response-Mode': 'preset' })).toBe('[preset mode needs a bank of answers: set response.preset.file in the server config]');
    expect(await contentOf(s, 'hello')).toBe('Hi from a fixture.');
  });

  it.each([
    ["{{ ''.__class__.__mro__[1].__subclasses__() }}"],
    ['{{ request.constructor.constructor("return process")() }}'],
    ["{{ request['__proto__'] }}"],
    ["{{ require('child_process') }}"],
    ['{{ process.env }}'],
    ['{% for i in range(1000000000) %}x{% endfor %}'],
  ])('the escape %s is refused and reaches nothing', async (template) => {
    const s = await serve({ mode: 'random' });
    // JSON.parse makes "__proto__" an own key of the body: still out of a template's reach.
    const body = '{"model": "gpt-4o", "messages": [{"role": "user", "content": "x"}], "__proto__": {"polluted": true}}';
    const res = await postRaw(`${s.server.url}/v1/chat/completions`, body, { 'X-Fake-Template': template });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).choices[0].message.content).toMatch(/^\[template error: /);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(res.text).not.toContain(process.cwd());
  });
});

describe('preset mode', () => {
  const lines = ['{"content": "{\\"category\\": \\"fraud\\", \\"confidence\\": 0.95}"}', '', '{"content": "second"}', '{"content": "third"}'].join('\n');

  it('sequential: the bank in order, round and round; /admin/reset starts it again', async () => {
    const s = await serve({ mode: 'preset', preset: { file: bank('seq.jsonl', lines), selection: 'sequential' } });
    const got = [];
    for (let i = 0; i < 4; i++) got.push(await contentOf(s, `q${i}`));
    expect(got).toEqual(['{"category": "fraud", "confidence": 0.95}', 'second', 'third', '{"category": "fraud", "confidence": 0.95}']);
    expect((await fetch(`${s.server.url}/admin/reset`, { method: 'POST' })).status).toBe(200);
    expect(await contentOf(s, 'again')).toBe('{"category": "fraud", "confidence": 0.95}');
  });

  it('random: seeded picks from the bank, the same on two servers with the same seed', async () => {
    const file = bank('rand.jsonl', lines);
    const runs: string[][] = [];
    for (let r = 0; r < 2; r++) {
      const s = await serve({ mode: 'preset', preset: { file, selection: 'random' } }, { seed: 7 });
      const got = [];
      for (let i = 0; i < 12; i++) got.push(await contentOf(s, `q${i}`));
      runs.push(got);
      await s.close();
      h = undefined;
    }
    expect(runs[0]).toEqual(runs[1]);
    expect(new Set(runs[0]).size).toBeGreaterThan(1);
  });

  it('streams too', async () => {
    const s = await serve({ mode: 'preset', preset: { file: bank('one.jsonl', '{"content": "only answer"}\n'), selection: 'sequential' } });
    const res = await postRaw(`${s.server.url}/v1/chat/completions`, { ...chat('x'), stream: true });
    const text = parseSse(res.text).filter((e) => e.data !== '[DONE]').map((e) => JSON.parse(e.data).choices[0]?.delta?.content ?? '').join('');
    expect(text).toBe('only answer');
    expect(res.headers.get('x-llmposter-generated')).toBe('preset');
  });
});

describe('bad response configs', () => {
  it.each([
    ['a bank line that is not JSON', () => ({ mode: 'preset', preset: { file: bank('bad.jsonl', '{"content": "ok"}\n{oops\n') } }), /response\.preset\.file: .*bad\.jsonl:2: not JSON/],
    ['a bank line without content', () => ({ mode: 'preset', preset: { file: bank('nocontent.jsonl', '{"text": "x"}\n') } }), /nocontent\.jsonl:1: has no "content" field/],
    ['a missing bank', () => ({ mode: 'preset', preset: { file: join(dir, 'nope.jsonl') } }), /cannot read .*nope\.jsonl \(no such file\)/],
    ['an empty bank', () => ({ mode: 'preset', preset: { file: bank('empty.jsonl', '\n\n') } }), /has no answers/],
    ['preset mode without a bank', () => ({ mode: 'preset' }), /response\.preset\.file: the preset mode needs a JSONL file/],
    ['template mode without a template', () => ({ mode: 'template' }), /response\.template\.body: the template mode needs a template/],
    ['a template that does not compile', () => ({ mode: 'template', template: { body: '{{ random_choice(' } }), /response\.template\.body: /],
  ])('%s: refused at start, naming the key', async (_name, response, message) => {
    const err = await startServer({ port: 0, logger: silentLogger, env: {}, chaos: mergeChaosConfig(CHAOS_OFF_CONFIG, { response: response() }) }).then(
      (s) => (s.close(), null),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ChaosConfigError);
    expect((err as Error).message).toMatch(message);
  });

  it('over /admin/config: 400 naming the problem, and the running config and bank stay as they were', async () => {
    const s = await serve({ mode: 'preset', preset: { file: bank('live.jsonl', '{"content": "one"}\n{"content": "two"}\n'), selection: 'sequential' } });
    expect(await contentOf(s, 'a')).toBe('one');
    const before = s.server.chaos.get();
    for (const patch of [{ response: { template: { body: '{{ ' } } }, { response: { preset: { file: join(dir, 'missing.jsonl') } } }]) {
      const res = await postRaw(`${s.server.url}/admin/config`, patch);
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/response\.(template\.body|preset\.file)/);
    }
    expect(s.server.chaos.get()).toBe(before);
    // An unrelated change keeps the sequential bank where it was.
    expect((await postRaw(`${s.server.url}/admin/config`, { latency: { base_ms: 0 } })).status).toBe(200);
    expect(await contentOf(s, 'b')).toBe('two');
  });
});
