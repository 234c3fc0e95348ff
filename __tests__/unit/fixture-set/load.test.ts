import { afterAll, describe, it, expect } from '@jest/globals';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFixtures, loadFixturesFromObject, loadFixturesFromText, fixtureSchema } from '../../../src/fixture-set/load.js';
import { FixtureLoadError, type FixtureProblem, type FixtureSet } from '../../../src/fixture-set/types.js';
import { KNOWN_FINISH_WORDS } from '../../../src/fixture-set/finish-words.js';

const root = mkdtempSync(join(tmpdir(), 'llmposter-load-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

/** Write `files` (name -> YAML) into a fresh folder under os.tmpdir(). */
function folder(files: Record<string, string>): string {
  const dir = join(root, `d${n++}`);
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function problemsOf(paths: string[]): Promise<FixtureProblem[]> {
  try {
    await loadFixtures(paths);
  } catch (err) {
    expect(err).toBeInstanceOf(FixtureLoadError);
    return (err as FixtureLoadError).problems;
  }
  throw new Error('expected a FixtureLoadError');
}

const ok = (text: string): FixtureSet => loadFixturesFromText(text, 'ok.yaml');

describe('loadFixtures: every problem as file:line:col with a message that says how to fix it', () => {
  // [case, YAML, line, col, key phrases]
  const cases: Array<[string, string, number, number, string[]]> = [
    ['unknown fixture key (names it, suggests, lists allowed keys)', 'fixtures:\n  - respons: { content: x }\n', 2, 5, ['unknown key "respons"', 'did you mean "response"?', 'Allowed keys: name, match, provider, response']],
    ['unknown match key', 'fixtures:\n  - match: { user_mesage: "typo" }\n    response: { content: x }\n', 2, 14, ['unknown key "user_mesage" in "match"', 'did you mean "user_message"?', 'Allowed keys: user_message, model']],
    ['unknown pattern key', 'fixtures:\n  - match: { user_message: { regx: a } }\n    response: { content: x }\n', 2, 30, ['unknown key "regx"', 'did you mean "regex"?']],
    ['unknown top-level key', 'fixture: []\n', 1, 1, ['unknown top-level key "fixture"', 'did you mean "fixtures"?']],
    ['single fixture at top level', 'match: {}\nresponse: { content: x }\n', 1, 1, ['looks like a single fixture', 'put it under "fixtures:"']],
    ['no fixtures key', '{}\n', 1, 1, ['missing "fixtures:"']],
    ['bare list at top level', '- response: { content: x }\n', 1, 1, ['top level is a bare list', 'wrap it in a "fixtures:" key']],
    ['empty file', '', 1, 1, ['file is empty']],
    ['YAML syntax error', 'fixtures:\n  - match: {a: 1\n', 3, 1, ['YAML syntax error']],
    ['duplicate key', 'fixtures:\n  - response: { content: x }\n    response: { content: y }\n', 3, 5, ['appears twice']],
    ['tab indentation', 'fixtures:\n\t- response: { content: x }\n', 2, 1, ['tabs are not allowed', 'indent with spaces']],
    ['two YAML documents', 'fixtures: []\n---\nfixtures: []\n', 2, 1, ['one YAML document']],
    ['fixtures is a mapping', 'fixtures:\n  match: {}\n', 2, 3, ['"fixtures" must be a list', 'start each item with "- "']],
    ['number where a pattern belongs', 'fixtures:\n  - match: { model: 4 }\n    response: { content: x }\n', 2, 21, ['"match.model" must be a pattern', 'quote it: "4"']],
    ['empty pattern', 'fixtures:\n  - match: { user_message: "" }\n    response: { content: x }\n', 2, 28, ['"match.user_message" must not be empty']],
    ['empty pattern mapping', 'fixtures:\n  - match: { user_message: {} }\n    response: { content: x }\n', 2, 28, ['empty pattern mapping']],
    ['two pattern kinds', 'fixtures:\n  - match: { user_message: { regex: a, equals: b } }\n    response: { content: x }\n', 2, 28, ['keep exactly one of regex, equals, contains']],
    ['regex that does not compile', 'fixtures:\n  - match: { user_message: { regex: "(" } }\n    response: { content: x }\n', 2, 37, ['invalid regex "("']],
    ['provider typo', 'fixtures:\n  - provider: openia\n    response: { content: x }\n', 2, 15, ['must be one of openai, anthropic, gemini, responses', '"openia"']],
    ['response and error', 'fixtures:\n  - response: { content: x }\n    error: { status: 500 }\n', 3, 5, ['both response and error', 'keep exactly one of response, error, refusal or sequence']],
    ['no outcome', 'fixtures:\n  - match: { user_message: hi }\n', 2, 5, ['no answer', 'add one of response, error, refusal or sequence']],
    ['error with failure faults', 'fixtures:\n  - error: { status: 500 }\n    failure: { latency_ms: 5, corrupt_body: true }\n', 3, 5, ['with error, failure may only hold latency_ms']],
    ['error with streaming', 'fixtures:\n  - error: { status: 500 }\n    streaming: { latency: 5 }\n', 3, 5, ['streaming cannot be combined with error']],
    ['failure without response', 'fixtures:\n  - refusal: { reason: no }\n    failure: { latency_ms: 5 }\n', 3, 5, ['failure needs a response']],
    ['refusal with streaming', 'fixtures:\n  - refusal: { reason: no }\n    streaming: { latency: 5 }\n', 3, 5, ['a refusal streams with the default chunking']],
    ['content and content_template', 'fixtures:\n  - response: { content: a, content_template: b }\n', 2, 29, ['both content and content_template', 'keep only one']],
    ['empty response', 'fixtures:\n  - response: {}\n', 2, 15, ['response is empty', 'content, content_template, generate, tool_calls or embedding']],
    ['response as a string', 'fixtures:\n  - response: hello\n', 2, 15, ['"response" must be a mapping', 'write response: {content: "..."}']],
    ['response with no value', 'fixtures:\n  - response:\n', 2, 5, ['"response" must be a mapping', 'give it a value']],
    ['bad template', 'fixtures:\n  - response: { content_template: "hi {{ user_message" }\n', 2, 35, ['content_template: unclosed "{{"']],
    ['template variable that does not exist', 'fixtures:\n  - response: { content_template: "{{ env.HOME }}" }\n', 2, 35, ['unknown variable "env"']],
    ['truncate and its alias', 'fixtures:\n  - response: { content: a }\n    failure: { truncate_after_frames: 1, truncate_after_chunks: 2 }\n', 3, 42, ['legacy alias', 'keep only truncate_after_frames']],
    ['probability above 1', 'fixtures:\n  - response: { content: a }\n    failure: { probability: 1.5 }\n', 3, 29, ['"failure.probability" must be between 0 and 1', '1.5']],
    ['chunk_size 0', 'fixtures:\n  - response: { content: a }\n    streaming: { chunk_size: 0 }\n', 3, 30, ['"streaming.chunk_size" must be at least 1']],
    ['fractional chunk_size', 'fixtures:\n  - response: { content: a }\n    streaming: { chunk_size: 2.5 }\n', 3, 30, ['must be an integer']],
    ['negative latency', 'fixtures:\n  - response: { content: a }\n    streaming: { latency: -1 }\n', 3, 27, ['"streaming.latency" must be at least 0']],
    ['jitter without a base latency', 'fixtures:\n  - response: { content: a }\n    failure: { latency_jitter_ms: 3 }\n', 3, 16, ['latency_jitter_ms needs a base delay', 'streaming: {latency: N}']],
    ['empty failure', 'fixtures:\n  - response: { content: a }\n    failure: {}\n', 3, 14, ['"failure" must not be empty']],
    ['error status out of range', 'fixtures:\n  - error: { status: 200 }\n', 2, 22, ['"error.status" must be between 400 and 599']],
    ['quoted error status', 'fixtures:\n  - error: { status: "429" }\n', 2, 22, ['must be an integer', 'remove the quotes: 429']],
    ['error without status', 'fixtures:\n  - error: { message: x }\n', 2, 12, ['"error" is missing the required key "status"']],
    ['temperature without bounds', 'fixtures:\n  - match: { temperature: {} }\n    response: { content: x }\n', 2, 27, ['"match.temperature" must not be empty', 'min, max']],
    ['temperature min above max', 'fixtures:\n  - match: { temperature: { min: 1, max: 0 } }\n    response: { content: x }\n', 2, 34, ['min (1) is greater than max (0)']],
    ['times 0', 'fixtures:\n  - times: 0\n    response: { content: x }\n', 2, 12, ['"times" must be at least 1']],
    ['empty scenario name', 'fixtures:\n  - scenario: { name: "" }\n    response: { content: a }\n', 2, 23, ['"scenario.name" must not be empty']],
    ['blank scenario name', 'fixtures:\n  - scenario: { name: "  " }\n    response: { content: a }\n', 2, 23, ['scenario name must not be empty']],
    ['scenario without name', 'fixtures:\n  - scenario: { set_state: x }\n    response: { content: a }\n', 2, 15, ['"scenario" is missing the required key "name"']],
    ['empty sequence', 'fixtures:\n  - sequence: []\n', 2, 15, ['"sequence" must not be an empty list']],
    ['sequence beside response', 'fixtures:\n  - response: { content: a }\n    sequence:\n      - response: { content: b }\n', 2, 5, ['both sequence and response']],
    ['streaming beside sequence', 'fixtures:\n  - streaming: { latency: 1 }\n    sequence:\n      - response: { content: b }\n', 2, 5, ['streaming beside sequence has no effect']],
    ['sequence item with two outcomes', 'fixtures:\n  - sequence:\n      - response: { content: a }\n        error: { status: 500 }\n', 4, 9, ['sequence item has both response and error']],
    ['empty sequence item', 'fixtures:\n  - sequence:\n      - {}\n', 3, 9, ['sequence item has no answer']],
    ['sequence item error with failure', 'fixtures:\n  - sequence:\n      - error: { status: 500 }\n        failure: { corrupt_body: true }\n', 4, 9, ['with error, failure may only hold latency_ms']],
    ['unknown key in sequence item', 'fixtures:\n  - sequence:\n      - respone: { content: a }\n', 3, 9, ['unknown key "respone" in "sequence[0]"', 'did you mean "response"?']],
    ['header repeated in another case', 'fixtures:\n  - match:\n      headers: { X-A: "1", x-a: "2" }\n    response: { content: a }\n', 3, 28, ['header "x-a" repeats "X-A"']],
    ['tool call without name', 'fixtures:\n  - response: { tool_calls: [{ arguments: {} }] }\n', 2, 30, ['"response.tool_calls[0]" is missing the required key "name"']],
    ['number where a string belongs', 'fixtures:\n  - name: 7\n    response: { content: a }\n', 2, 11, ['"name" must be a string', 'quote it: "7"']],
    // Headers an answer could never send (Node refuses them: every match was a broken 500).
    ['error header repeated in another case', 'fixtures:\n  - error:\n      status: 429\n      headers: { Retry-After: "1", retry-after: "2" }\n', 4, 36, ['header "retry-after" repeats "Retry-After"', 'case-insensitive']],
    ['error header name with a space', 'fixtures:\n  - error:\n      status: 429\n      headers: { "retry after": "1" }\n', 4, 18, ['"retry after" is not a valid HTTP header name']],
    ['error header name with a colon', 'fixtures:\n  - error:\n      status: 500\n      headers: { "x-a:": "1" }\n', 4, 18, ['"x-a:" is not a valid HTTP header name']],
    ['error header the server frames the body with', 'fixtures:\n  - error:\n      status: 500\n      headers: { Content-Length: "10" }\n', 4, 18, ['header "Content-Length" is set by llmposter', 'remove it']],
    ['error transfer-encoding header', 'fixtures:\n  - error:\n      status: 500\n      headers: { transfer-encoding: chunked }\n', 4, 18, ['header "transfer-encoding" is set by llmposter']],
    ['error header value with a line break', 'fixtures:\n  - error:\n      status: 500\n      headers: { x-a: "1\\r\\nSet-Cookie: a=b" }\n', 4, 23, ['"x-a": header value has a line break (\\r)']],
    ['error header value with a control character', 'fixtures:\n  - error:\n      status: 500\n      headers: { x-a: "a\\u0007b" }\n', 4, 23, ['a control character (U+0007)']],
    ['error header value beyond Latin-1', 'fixtures:\n  - sequence:\n      - error: { status: 500, headers: { x-a: "ok 🙂" } }\n', 3, 47, ['U+1F642', 'limited to Latin-1']],
    ['blank match header name', 'fixtures:\n  - match:\n      headers: { "  ": "x" }\n    response: { content: a }\n', 3, 18, ['header name must not be blank']],
    ['match header name no request can carry', 'fixtures:\n  - match:\n      headers: { "x tenant": "x" }\n    response: { content: a }\n', 3, 18, ['"x tenant" is not a valid HTTP header name', 'would never match']],
    ['blank metadata key', 'fixtures:\n  - match:\n      metadata: { " ": "x" }\n    response: { content: a }\n', 3, 19, ['metadata key must not be blank']],
    // Typos of finish words would send a word no client expects; custom words stay allowed (below).
    ['finish_reason typo', 'fixtures:\n  - response: { content: a, finish_reason: lenght }\n', 2, 44, ['finish_reason "lenght" is not a known word', 'did you mean "length"?']],
    ['finish_reason in the wrong case', 'fixtures:\n  - response: { content: a, finish_reason: Stop }\n', 2, 44, ['did you mean "stop"?']],
    ['finish_reason with a dash', 'fixtures:\n  - sequence:\n      - response: { tool_calls: [{ name: f }], finish_reason: tool-calls }\n', 3, 63, ['did you mean "tool_calls"?']],
    ['stop_reason typo', 'fixtures:\n  - response: { content: a, stop_reason: end_trun }\n', 2, 42, ['stop_reason "end_trun"', 'did you mean "end_turn"?']],
    ['finish_reason that is not a string', 'fixtures:\n  - response: { content: a, finish_reason: 3 }\n', 2, 44, ['"response.finish_reason" must be a string', 'quote it']],
    // YAML's .nan and .inf are numbers to a parser, not to a user.
    ['NaN temperature', 'fixtures:\n  - match: { temperature: .nan }\n    response: { content: a }\n', 2, 27, ['"match.temperature" is .nan, not a number', 'must be a finite number']],
    ['infinite temperature bound', 'fixtures:\n  - match: { temperature: { max: .inf } }\n    response: { content: a }\n', 2, 34, ['"match.temperature.max" is .inf, infinity', 'remove "max"']],
    ['minus infinite temperature bound', 'fixtures:\n  - match: { temperature: { min: -.inf, max: 1 } }\n    response: { content: a }\n', 2, 34, ['"match.temperature.min" is -.inf, infinity']],
    ['infinite latency', 'fixtures:\n  - response: { content: a }\n    failure: { latency_ms: .inf }\n', 3, 28, ['"failure.latency_ms" is .inf, infinity', 'must be a finite number']],
  ];

  it.each(cases)('%s', async (_name, yaml, line, col, phrases) => {
    const dir = folder({ 'case.yaml': yaml });
    const problems = await problemsOf([dir]);
    expect(problems).toHaveLength(1);
    const [p] = problems;
    expect({ file: p.file, line: p.line, col: p.col }).toEqual({ file: join(dir, 'case.yaml'), line, col });
    for (const phrase of phrases) expect(p.message).toContain(phrase);
  });

  it('a fixture key outdented to the top level: both the fixture and the stray key are reported', async () => {
    const dir = folder({ 'case.yaml': 'fixtures:\n  - match: { user_message: hi }\nresponse: { content: x }\n' });
    expect((await problemsOf([dir])).map((p) => [p.line, p.col, p.message])).toEqual([
      [2, 5, 'fixture has no answer: add one of response, error, refusal or sequence'],
      [3, 1, '"response" is a fixture key but sits at the top level; indent it under a fixture in the "fixtures:" list'],
    ]);
  });

  it('a missing path is a problem too', async () => {
    const missing = join(root, 'nope.yaml');
    expect(await problemsOf([missing])).toEqual([{ file: missing, line: 1, col: 1, message: expect.stringContaining('no such file or folder') }]);
  });

  it('collects every problem across every file before throwing, in file and line order', async () => {
    const dir = folder({
      'a.yaml': 'fixtures:\n  - respons: { content: x }\n  - match: { user_message: { regex: "[" } }\n    response: { content: x }\n',
      'b.yaml': 'fixtures:\n  - response: { content: x }\n    error: { status: 500 }\n  - provider: nope\n    response: { content: x }\n',
    });
    const missing = join(root, 'missing');
    const problems = await problemsOf([missing, dir]);
    expect(problems.map((p) => `${p.file.replace(root, '')}:${p.line}:${p.col}`)).toEqual([
      '/missing:1:1',
      `/d${n - 1}/a.yaml:2:5`,
      `/d${n - 1}/a.yaml:3:37`,
      `/d${n - 1}/b.yaml:3:5`,
      `/d${n - 1}/b.yaml:4:15`,
    ]);
    const err = new FixtureLoadError(problems);
    expect(err.message.split('\n')).toHaveLength(5);
  });
});

describe('loadFixtures: compiled fixtures', () => {
  it('applies defaults and compiles every field', () => {
    const set = ok(`fixtures:
  - name: full
    match:
      user_message: "hi"
      model: { equals: "gpt-4o" }
      headers: { X-Tenant: { contains: "ACME", ignore_case: true } }
      metadata: { tier: "gold" }
      temperature: 0.5
    provider: openai
    response: { content: "hello", stop_reason: max_tokens }
    failure: { truncate_after_chunks: 3, chaos_seed: 7 }
    times: 2
    scenario: { name: s, required_state: "", set_state: next }
  - error: { status: 429, headers: { retry-after: 5 } }
  - response: { tool_calls: [{ name: lookup }], embedding: [0.1, 0.2] }
    streaming: { latency: 15 }
`);
    const [full, err, tools] = set.fixtures;
    expect(full.id).toBe('ok.yaml#0');
    expect(full.key).toMatch(/^ok\.yaml#0:[0-9a-f]{10}$/);
    expect(full.name).toBe('full');
    expect(full.location).toEqual({ file: 'ok.yaml', line: 2, col: 5 });
    expect(full.provider).toBe('openai');
    expect(full.times).toBe(2);
    expect(full.scenario).toEqual({ name: 's', requiredState: '', setState: 'next' });
    expect(full.priority).toBe(0);
    expect(full.catchAll).toBe(false);
    expect(full.match.userMessage?.test('oh hi')).toBe(true);
    expect(full.match.model?.literal).toBe('gpt-4o');
    expect(full.match.headers?.map(([k]) => k)).toEqual(['x-tenant']);
    expect(full.match.headers?.[0][1].test('acme-corp')).toBe(true);
    expect(full.match.metadata?.map(([k]) => k)).toEqual(['tier']);
    expect(full.match.temperature).toEqual({ min: 0.5, max: 0.5 });
    expect(full.outcomes).toEqual([
      {
        kind: 'response',
        response: { content: 'hello', finish: { reason: 'length', written: { anthropic: 'max_tokens' } } },
        streaming: { latencyMs: 0, chunkSize: 20 },
        failure: { truncateAfterFrames: 3, chaosSeed: 7, probability: 1 },
      },
    ]);
    expect(err.outcomes).toEqual([{ kind: 'error', error: { status: 429, message: 'Too Many Requests', headers: { 'retry-after': '5' } } }]);
    expect(tools.outcomes).toEqual([
      { kind: 'response', response: { toolCalls: [{ name: 'lookup', arguments: {} }], embedding: [0.1, 0.2] }, streaming: { latencyMs: 15, chunkSize: 20, latencyGiven: true } },
    ]);
  });

  it('compiles a sequence into one outcome per item', () => {
    const [f] = ok(`fixtures:
  - sequence:
      - error: { status: 529 }
      - refusal: { reason: "no" }
      - response: { content: "yes" }
        streaming: { chunk_size: 2 }
        failure: { corrupt_body: true }
`).fixtures;
    expect(f.outcomes).toEqual([
      { kind: 'error', error: { status: 529, message: 'Overloaded', headers: {} } },
      { kind: 'refusal', reason: 'no' },
      { kind: 'response', response: { content: 'yes' }, streaming: { latencyMs: 0, chunkSize: 2, chunkSizeGiven: true }, failure: { corruptBody: true, probability: 1 } },
    ]);
  });

  it('renders a compiled content_template', () => {
    const [f] = ok('fixtures:\n  - response: { content_template: "{{ model }}: {{ user_message }}" }\n').fixtures;
    const o = f.outcomes[0];
    expect(o.kind === 'response' && o.response.contentTemplate?.render({ user_message: 'hi', model: 'm', provider: 'openai', request: {} })).toBe('m: hi');
  });

  it('orders by descending priority (file order breaks ties), catch-alls last', async () => {
    const dir = folder({
      'b.yaml': 'fixtures:\n  - { name: b0, response: { content: x } }\n  - { name: b1, catch_all: true, response: { content: x } }\n  - { name: b2, priority: 5, response: { content: x } }\n',
      'a.yaml': 'fixtures:\n  - { name: a0, catch_all: true, priority: -1, response: { content: x } }\n  - { name: a1, response: { content: x } }\n  - { name: a2, priority: 5, response: { content: x } }\n',
      'notes.txt': 'not yaml, ignored',
      'c.yml': 'fixtures:\n  - { name: c0, catch_all: true, priority: 3, response: { content: x } }\n',
    });
    const set = await loadFixtures([dir]);
    expect(set.files).toEqual(['a.yaml', 'b.yaml', 'c.yml'].map((f) => join(dir, f)));
    expect(set.fixtures.map((f) => f.name)).toEqual(['a2', 'b2', 'a1', 'b0', 'c0', 'b1', 'a0']);
  });

  it('keeps the given path order, reads a repeated file once, and accepts an empty folder', async () => {
    const dir = folder({ 'a.yaml': 'fixtures:\n  - { name: a, response: { content: x } }\n', 'z.yaml': 'fixtures:\n  - { name: z, response: { content: x } }\n' });
    const empty = folder({});
    const set = await loadFixtures([join(dir, 'z.yaml'), dir, empty]);
    expect(set.files).toEqual([join(dir, 'z.yaml'), join(dir, 'a.yaml')]);
    expect(set.fixtures.map((f) => f.name)).toEqual(['z', 'a']);
    expect(await loadFixtures([])).toEqual({ fixtures: [], files: [] });
  });

  it('a fixture key survives edits elsewhere in the file and changes when the fixture changes', () => {
    const before = ok('fixtures:\n  - response: { content: a }\n  - response: { content: b }\n').fixtures;
    const after = ok('fixtures:\n  - response: { content: a }\n  - response: { content: B }\n').fixtures;
    expect(after[0].key).toBe(before[0].key);
    expect(after[1].id).toBe(before[1].id);
    expect(after[1].key).not.toBe(before[1].key);
  });

  it('loads from a plain object', () => {
    const set = loadFixturesFromObject({ fixtures: [{ match: { model: 'gpt-4o' }, response: { content: 'hi' } }] }, 'inline');
    expect(set.fixtures[0].id).toBe('inline#0');
    expect(() => loadFixturesFromObject({ fixtures: [{ respons: {} }] }, 'inline')).toThrow(/inline:\d+:\d+: unknown key "respons"/);
  });
});

describe('loadFixtures: words a fixture may choose freely', () => {
  it('custom finish words far from every known word load and are sent as written', () => {
    const set = ok('fixtures:\n  - response: { content: a, finish_reason: eos, stop_reason: my_custom_stop }\n');
    expect(set.fixtures[0].outcomes[0]).toMatchObject({ response: { finish: { reason: 'other', written: { openai: 'eos', anthropic: 'my_custom_stop' } } } });
  });

  it('every known word loads, in its own field', () => {
    for (const [field, words] of Object.entries(KNOWN_FINISH_WORDS)) {
      for (const w of words) expect(() => ok(`fixtures:\n  - response: { content: a, ${field}: ${w} }\n`)).not.toThrow();
    }
  });

  it('the schema suggests exactly the known words to editors (and still allows any string)', () => {
    const props = (fixtureSchema.definitions?.response as { properties: Record<string, { anyOf: Array<{ enum?: string[]; type?: string }> }> }).properties;
    for (const [field, words] of Object.entries(KNOWN_FINISH_WORDS)) {
      expect(props[field].anyOf.find((b) => b.enum)?.enum?.slice().sort()).toEqual([...words].sort());
      expect(props[field].anyOf.some((b) => b.type === 'string')).toBe(true);
    }
  });

  it('header names and values HTTP allows load: tokens, tab, Latin-1', () => {
    const set = ok('fixtures:\n  - error:\n      status: 429\n      headers: { "x-weird!#$%&\'*+.^_`|~": "a\\tb caf\u00e9", retry-after: 2 }\n');
    const o = set.fixtures[0].outcomes[0];
    expect(o.kind === 'error' && o.error.headers).toEqual({ "x-weird!#$%&'*+.^_`|~": 'a\tb caf\u00e9', 'retry-after': '2' });
  });
});

describe('the bundled fixtures and the schema', () => {
  // That they load at all is checked once, where users check it: `llmposter validate ./fixtures` (e2e/cli).
  it('every bundled file names the schema for editors, and every example uses its own trigger', async () => {
    const set = await loadFixtures(['fixtures']);
    expect(set.files.length).toBeGreaterThanOrEqual(3);
    for (const file of set.files) expect(readFileSync(file, 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/schemas\/fixture\.schema\.json\n/);
    // A tool loop's turns share their question and are told apart by the tool result: count it once.
    const triggers = set.fixtures
      .filter((f) => !f.match.lastMessageRole)
      .map((f) => f.match.userMessage?.describe)
      .filter((d): d is string => !!d && !/example: (next step|priority)/.test(d));
    expect(triggers.length).toBeGreaterThan(10);
    expect(new Set(triggers).size).toBe(triggers.length);
  });

  // (That it compiles under ajv strict mode needs no test: the loader compiles it at import.)
  it('every property has a description and every object is closed', () => {
    const walk = (node: unknown, where: string): void => {
      if (!node || typeof node !== 'object') return;
      const s = node as Record<string, unknown>;
      if (s.properties) {
        expect([where, s.additionalProperties]).toEqual([where, false]);
        for (const [k, v] of Object.entries(s.properties as Record<string, Record<string, unknown>>)) {
          // A `$ref` may carry its own description or rely on the definition's.
          const ref = typeof v.$ref === 'string' ? (fixtureSchema.definitions?.[v.$ref.replace('#/definitions/', '')] as Record<string, unknown>) : undefined;
          expect([`${where}.${k}`, typeof (v.description ?? ref?.description)]).toEqual([`${where}.${k}`, 'string']);
          walk(v, `${where}.${k}`);
        }
      }
      for (const k of ['items', 'additionalProperties']) if (typeof s[k] === 'object') walk(s[k], `${where}[${k}]`);
      for (const [k, v] of Object.entries((s.definitions as Record<string, unknown>) ?? {})) walk(v, k);
    };
    walk(fixtureSchema, '#');
  });
});
