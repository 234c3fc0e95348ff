/**
 * compileFixture on plain (schema-valid) objects: what a fixture compiles to, and every semantic
 * problem with its message and the YAML path it points at. The locate callback here encodes
 * the path it was asked about into the location, so each test sees exactly where a problem points.
 */
import { describe, expect, it } from '@jest/globals';
import { compileFixture, STREAMING_DEFAULTS, type Locate } from '../../../src/fixture-set/compile.js';
import type { FixtureProblem } from '../../../src/fixture-set/types.js';

/** file = the path asked about, line = 1 for 'key' and 2 for 'value', col = path length. */
const locate: Locate = (path, at = 'value') => ({ file: path.join('/'), line: at === 'key' ? 1 : 2, col: path.length });

const compile = (raw: Record<string, unknown>, index = 0) => compileFixture(raw, { file: 'f.yaml', index, locate });

/** The one problem a fixture has, as [path, 'key' | 'value', message]. */
function problemOf(raw: Record<string, unknown>): [string, 'key' | 'value', string] {
  const { fixture, problems } = compile(raw);
  expect(fixture).toBeUndefined();
  expect(problems).toHaveLength(1);
  const [p] = problems;
  return [p.file, p.line === 1 ? 'key' : 'value', p.message];
}

describe('compileFixture: what a fixture compiles to', () => {
  it('a minimal fixture: id, key, location, defaults', () => {
    const { fixture, problems } = compile({ response: { content: 'hi' } }, 3);
    expect(problems).toEqual([]);
    expect(fixture).toBeDefined();
    const f = fixture!;
    expect(f.id).toBe('f.yaml#3');
    expect(f.key).toMatch(/^f\.yaml#3:[0-9a-f]{10}$/);
    expect(f.location).toEqual({ file: 'fixtures/3', line: 2, col: 2 });
    expect(f.match).toEqual({});
    expect(f.priority).toBe(0);
    expect(f.catchAll).toBe(false);
    expect([...f.serves]).toEqual(['chat']);
    expect(f.outcomes).toEqual([{ kind: 'response', response: { content: 'hi' }, streaming: STREAMING_DEFAULTS }]);
    expect(STREAMING_DEFAULTS).toEqual({ latencyMs: 0, chunkSize: 20 });
    for (const k of ['name', 'provider', 'times', 'scenario'] as const) expect([k, f[k]]).toEqual([k, undefined]);
  });

  it('the key depends on the fixture\'s content and index, not on the object\'s identity', () => {
    const a = compile({ response: { content: 'hi' } }).fixture!;
    const b = compile({ response: { content: 'hi' } }).fixture!;
    const c = compile({ response: { content: 'hi!' } }).fixture!;
    const d = compile({ response: { content: 'hi' } }, 1).fixture!;
    expect(b.key).toBe(a.key);
    expect(c.key).not.toBe(a.key);
    expect(c.key.startsWith('f.yaml#0:')).toBe(true);
    expect(d.key).toBe(`f.yaml#1:${a.key.split(':')[1]}`);
  });

  it('copies name, provider, times, priority, catch_all and scenario', () => {
    const f = compile({ name: 'n', provider: 'anthropic', times: 2, priority: -4, catch_all: true, scenario: { name: 's', required_state: '', set_state: 'b' }, response: { content: 'x' } }).fixture!;
    expect([f.name, f.provider, f.times, f.priority, f.catchAll]).toEqual(['n', 'anthropic', 2, -4, true]);
    expect(f.scenario).toEqual({ name: 's', requiredState: '', setState: 'b' });
  });

  it('a scenario with only a name has neither required nor set state', () => {
    expect(compile({ scenario: { name: 's' }, response: { content: 'x' } }).fixture!.scenario).toEqual({ name: 's' });
  });

  it('compiles match patterns, lower-cases header names and keeps metadata keys', () => {
    const m = compile({
      match: {
        user_message: 'hello',
        model: { equals: 'gpt-4o' },
        system_prompt: { regex: '^be' },
        tool_schema: { contains: 'WEATHER', ignore_case: true },
        headers: { 'X-Tenant': 'acme', Authorization: { regex: '^Bearer ' } },
        metadata: { Tier: 'gold' },
      },
      response: { content: 'x' },
    }).fixture!.match;
    expect(m.userMessage?.describe).toBe('substring "hello"');
    expect(m.model?.literal).toBe('gpt-4o');
    expect(m.systemPrompt?.describe).toBe('regex /^be/');
    expect(m.toolSchema?.test('get_weather')).toBe(true);
    expect(m.headers?.map(([k, p]) => [k, p.describe])).toEqual([
      ['x-tenant', 'substring "acme"'],
      ['authorization', 'regex /^Bearer /'],
    ]);
    expect(m.metadata?.map(([k, p]) => [k, p.describe])).toEqual([['Tier', 'substring "gold"']]);
  });

  it.each<[string, unknown, { min?: number; max?: number }]>([
    ['a number is an exact value', 0.7, { min: 0.7, max: 0.7 }],
    ['min only', { min: 0.2 }, { min: 0.2 }],
    ['max only', { max: 1 }, { max: 1 }],
    ['both', { min: 0, max: 1 }, { min: 0, max: 1 }],
    ['equal bounds', { min: 0.5, max: 0.5 }, { min: 0.5, max: 0.5 }],
  ])('temperature: %s', (_name, temperature, expected) => {
    expect(compile({ match: { temperature }, response: { content: 'x' } }).fixture!.match.temperature).toEqual(expected);
  });

  it('response: content_template, tool calls (arguments default to {}), finish words, embedding', () => {
    const t = compile({ response: { content_template: '{{ model }}!' } }).fixture!.outcomes[0];
    expect(t.kind === 'response' && t.response.contentTemplate?.render({ user_message: '', model: 'm', provider: 'openai', request: {} })).toBe('m!');
    expect(compile({ response: { tool_calls: [{ name: 'a', arguments: { x: 1 } }, { name: 'b' }], finish_reason: 'stop', stop_reason: 'end_turn' } }).fixture!.outcomes).toEqual([
      {
        kind: 'response',
        response: { toolCalls: [{ name: 'a', arguments: { x: 1 } }, { name: 'b', arguments: {} }], finish: { reason: 'stop', written: { openai: 'stop', anthropic: 'end_turn' } } },
        streaming: STREAMING_DEFAULTS,
      },
    ]);
    expect(compile({ response: { embedding: [0.5, -1] } }).fixture!.outcomes).toEqual([{ kind: 'response', response: { embedding: [0.5, -1] }, streaming: STREAMING_DEFAULTS }]);
  });

  it('streaming: given values win over the defaults, field by field', () => {
    const s = (streaming: Record<string, unknown>) => {
      const o = compile({ response: { content: 'x' }, streaming }).fixture!.outcomes[0];
      return o.kind === 'response' ? o.streaming : undefined;
    };
    // The *Given flags: a latency profile leaves a fixture's own latency and chunk size alone.
    expect(s({ latency: 15 })).toEqual({ latencyMs: 15, chunkSize: 20, latencyGiven: true });
    expect(s({ chunk_size: 3 })).toEqual({ latencyMs: 0, chunkSize: 3, chunkSizeGiven: true });
    expect(s({ latency: 0, chunk_size: 1 })).toEqual({ latencyMs: 0, chunkSize: 1, latencyGiven: true, chunkSizeGiven: true });
  });

  it('failure: every field, probability defaulting to 1, and the legacy truncate alias', () => {
    const failure = (raw: Record<string, unknown>, streaming: Record<string, unknown> = { latency: 10 }) => {
      const o = compile({ response: { content: 'x' }, streaming, failure: raw }).fixture!.outcomes[0];
      return o.kind === 'response' ? o.failure : undefined;
    };
    expect(
      failure({ latency_ms: 5, corrupt_body: false, truncate_after_frames: 2, disconnect_after_ms: 30, latency_jitter_ms: 4, duplicate_frames: true, probability: 0.25, chaos_seed: 9 }),
    ).toEqual({ latencyMs: 5, corruptBody: false, truncateAfterFrames: 2, disconnectAfterMs: 30, latencyJitterMs: 4, duplicateFrames: true, probability: 0.25, chaosSeed: 9 });
    expect(failure({ truncate_after_chunks: 3 })).toEqual({ truncateAfterFrames: 3, probability: 1 });
    expect(failure({ probability: 0 })).toEqual({ probability: 0 });
    expect(failure({ stream_error: { after_frames: 2, status: 529, message: 'Busy' } })).toEqual({ probability: 1, streamError: { afterFrames: 2, status: 529, message: 'Busy' } });
    // Defaults: a 500 with its status text.
    expect(failure({ stream_error: { after_frames: 0 } })).toEqual({ probability: 1, streamError: { afterFrames: 0, status: 500, message: 'Internal Server Error' } });
    // Jitter of 0 needs no base latency.
    expect(failure({ latency_jitter_ms: 0 }, {})).toEqual({ latencyJitterMs: 0, probability: 1 });
  });

  it.each<[number, string]>([
    [404, 'Not Found'],
    [429, 'Too Many Requests'],
    [500, 'Internal Server Error'],
    [529, 'Overloaded'],
    [599, 'Error'],
  ])('error %d without a message gets %j', (status, message) => {
    expect(compile({ error: { status } }).fixture!.outcomes).toEqual([{ kind: 'error', error: { status, message, headers: {} } }]);
  });

  it('error: a given message is kept and header values become strings', () => {
    expect(compile({ error: { status: 429, message: 'slow down', headers: { 'Retry-After': 5, 'x-flag': true } } }).fixture!.outcomes).toEqual([
      { kind: 'error', error: { status: 429, message: 'slow down', headers: { 'Retry-After': '5', 'x-flag': 'true' } } },
    ]);
  });

  it('refusal', () => {
    const f = compile({ refusal: { reason: 'I cannot.' } }).fixture!;
    expect(f.outcomes).toEqual([{ kind: 'refusal', reason: 'I cannot.' }]);
    expect([...f.serves]).toEqual(['chat']);
  });

  it('a sequence becomes one outcome per item, in order', () => {
    const f = compile({ sequence: [{ error: { status: 503 } }, { response: { content: 'a' }, streaming: { chunk_size: 1 } }, { refusal: { reason: 'r' } }] }).fixture!;
    expect(f.outcomes).toEqual([
      { kind: 'error', error: { status: 503, message: 'Service Unavailable', headers: {} } },
      { kind: 'response', response: { content: 'a' }, streaming: { latencyMs: 0, chunkSize: 1, chunkSizeGiven: true } },
      { kind: 'refusal', reason: 'r' },
    ]);
    expect([...f.serves]).toEqual(['chat']);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['content', { response: { content: 'x' } }, ['chat']],
    ['content_template', { response: { content_template: 'x' } }, ['chat']],
    ['tool_calls', { response: { tool_calls: [{ name: 't' }] } }, ['chat']],
    ['embedding only', { response: { embedding: [1] } }, ['embed']],
    ['content and embedding', { response: { content: 'x', embedding: [1] } }, ['chat', 'embed']],
    ['error', { error: { status: 500 } }, ['chat', 'embed']],
    ['refusal', { refusal: { reason: 'no' } }, ['chat']],
    ['a sequence of errors and embeddings', { sequence: [{ error: { status: 500 } }, { response: { embedding: [1] } }] }, ['embed']],
  ])('serves: %s -> %j', (_name, raw, ops) => {
    expect([...compile(raw).fixture!.serves].sort()).toEqual(ops);
  });
});

describe('compileFixture: problems (message and where it points)', () => {
  it.each<[string, Record<string, unknown>, string, 'key' | 'value', string]>([
    ['no outcome', { match: { user_message: 'x' } }, 'fixtures/0', 'value', 'fixture has no answer: add one of response, error, refusal or sequence'],
    ['two outcomes', { response: { content: 'x' }, error: { status: 500 } }, 'fixtures/0/error', 'key', 'fixture has both response and error; keep exactly one of response, error, refusal or sequence'],
    ['error and refusal', { error: { status: 500 }, refusal: { reason: 'x' } }, 'fixtures/0/refusal', 'key', 'fixture has both error and refusal; keep exactly one of response, error, refusal or sequence'],
    ['error with failure', { error: { status: 500 }, failure: { corrupt_body: true } }, 'fixtures/0/failure', 'key', 'with error, failure may only hold latency_ms (to delay the error); the other failure fields inject faults into a valid response'],
    ['refusal with failure', { refusal: { reason: 'x' }, failure: { corrupt_body: true } }, 'fixtures/0/failure', 'key', 'failure needs a response to act on; remove failure or answer with response'],
    ['error with streaming', { error: { status: 500 }, streaming: { latency: 1 } }, 'fixtures/0/streaming', 'key', 'streaming cannot be combined with error (an error is never streamed); remove streaming'],
    ['refusal with streaming', { refusal: { reason: 'x' }, streaming: { latency: 1 } }, 'fixtures/0/streaming', 'key', 'streaming cannot be combined with refusal (a refusal streams with the default chunking); remove streaming'],
    ['blank refusal reason', { refusal: { reason: '  ' } }, 'fixtures/0/refusal', 'value', 'refusal needs a non-empty reason, e.g. refusal: {reason: "I can\'t help with that."}'],
    ['empty response', { response: {} }, 'fixtures/0/response', 'value', 'response is empty: add content, content_template, generate, tool_calls or embedding'],
    ['finish words alone are not an answer', { response: { finish_reason: 'stop' } }, 'fixtures/0/response', 'value', 'response is empty: add content, content_template, generate, tool_calls or embedding'],
    ['bad template', { response: { content_template: '{{ nope }}' } }, 'fixtures/0/response/content_template', 'value', 'content_template: unknown variable "nope"; a template can use user_message, model, provider, request (e.g. {{ request.messages[0].content }})'],
    ['truncate and its alias', { response: { content: 'x' }, failure: { truncate_after_frames: 1, truncate_after_chunks: 1 } }, 'fixtures/0/failure/truncate_after_chunks', 'key', 'truncate_after_chunks is the legacy alias of truncate_after_frames; keep only truncate_after_frames'],
    ['stream_error with truncation', { response: { content: 'x' }, failure: { truncate_after_frames: 1, stream_error: { after_frames: 1 } } }, 'fixtures/0/failure/stream_error', 'key', 'stream_error and truncate_after_frames both end the stream early; keep one of them'],
    ['jitter without latency', { response: { content: 'x' }, failure: { latency_jitter_ms: 5 } }, 'fixtures/0/failure/latency_jitter_ms', 'key', 'latency_jitter_ms needs a base delay to jitter: add streaming: {latency: N} with N > 0 next to the response'],
    ['jitter with latency 0', { response: { content: 'x' }, streaming: { latency: 0 }, failure: { latency_jitter_ms: 5 } }, 'fixtures/0/failure/latency_jitter_ms', 'key', 'latency_jitter_ms needs a base delay to jitter: add streaming: {latency: N} with N > 0 next to the response'],
    ['blank scenario name', { scenario: { name: ' ' }, response: { content: 'x' } }, 'fixtures/0/scenario/name', 'value', 'scenario name must not be empty; fixtures that share a name share one state'],
    ['blank name', { name: '\t', response: { content: 'x' } }, 'fixtures/0/name', 'value', 'name must not be blank'],
    ['temperature min above max', { match: { temperature: { min: 0.9, max: 0.1 } }, response: { content: 'x' } }, 'fixtures/0/match/temperature/min', 'value', 'temperature min (0.9) is greater than max (0.1); swap them'],
    ['header repeated in another case', { match: { headers: { 'X-A': '1', 'x-a': '2' } }, response: { content: 'x' } }, 'fixtures/0/match/headers/x-a', 'key', 'header "x-a" repeats "X-A" (header names are case-insensitive); keep one'],
    ['invalid regex points at the regex key', { match: { user_message: { regex: '(' } }, response: { content: 'x' } }, 'fixtures/0/match/user_message/regex', 'value', 'invalid regex "(": Unterminated group (regexes are JavaScript syntax; escape special characters like ( [ ? with a backslash)'],
    ['empty plain pattern points at the field', { match: { model: '' }, response: { content: 'x' } }, 'fixtures/0/match/model', 'value', 'empty pattern: it would match everything; remove the key instead, or write the text to look for'],
    ['empty equals', { match: { model: { equals: '' } }, response: { content: 'x' } }, 'fixtures/0/match/model/equals', 'value', 'empty equals pattern; write the text to look for'],
    ['two pattern kinds point at the field', { match: { system_prompt: { regex: 'a', contains: 'b' } }, response: { content: 'x' } }, 'fixtures/0/match/system_prompt', 'value', 'pattern mapping has regex and contains; keep exactly one of regex, equals, contains'],
    ['bad header pattern', { match: { headers: { 'X-K': { contains: '' } } }, response: { content: 'x' } }, 'fixtures/0/match/headers/X-K/contains', 'value', 'empty contains pattern; write the text to look for'],
    ['bad metadata pattern', { match: { metadata: { k: { regex: '[' } } }, response: { content: 'x' } }, 'fixtures/0/match/metadata/k/regex', 'value', 'invalid regex "[": Unterminated character class (regexes are JavaScript syntax; escape special characters like ( [ ? with a backslash)'],
    ['sequence beside response', { response: { content: 'x' }, sequence: [{ response: { content: 'y' } }] }, 'fixtures/0/response', 'key', 'fixture has both sequence and response; keep exactly one of response, error, refusal, sequence (put this response in a sequence item)'],
    ['failure beside sequence', { failure: { corrupt_body: true }, sequence: [{ response: { content: 'y' } }] }, 'fixtures/0/failure', 'key', 'failure beside sequence has no effect; move it next to the response inside each sequence item'],
    ['empty sequence', { sequence: [] }, 'fixtures/0/sequence', 'value', 'sequence must be a non-empty list of outcomes (each with response, error or refusal)'],
    ['sequence item not a mapping', { sequence: ['x'] }, 'fixtures/0/sequence/0', 'value', 'a sequence item must be a mapping with one of response, error, refusal'],
    ['sequence item with no outcome', { sequence: [{ response: { content: 'a' } }, {}] }, 'fixtures/0/sequence/1', 'value', 'sequence item has no answer: add one of response, error or refusal'],
    ['sequence item with two outcomes', { sequence: [{ response: { content: 'a' }, refusal: { reason: 'r' } }] }, 'fixtures/0/sequence/0/refusal', 'key', 'sequence item has both response and refusal; keep exactly one of response, error or refusal'],
    ['sequence item error with streaming', { sequence: [{ error: { status: 500 }, streaming: { latency: 3 } }] }, 'fixtures/0/sequence/0/streaming', 'key', 'streaming cannot be combined with error (an error is never streamed); remove streaming'],
    [
      'a sequence mixing embedding-only and chat answers',
      { sequence: [{ response: { content: 'a' } }, { response: { embedding: [1] } }] },
      'fixtures/0/sequence',
      'value',
      'the sequence mixes embedding-only responses with chat answers, so no request could use every item; split it into two fixtures',
    ],
  ])('%s', (_name, raw, path, at, message) => {
    expect(problemOf(raw)).toEqual([path, at, message]);
  });

  it('reports every problem of a fixture, not only the first', () => {
    const { fixture, problems } = compile({
      name: ' ',
      match: { user_message: { regex: '(' }, model: '' },
      scenario: { name: '' },
      response: { content: 'x', content_template: 'y' },
    });
    expect(fixture).toBeUndefined();
    expect(problems.map((p: FixtureProblem) => p.file)).toEqual([
      'fixtures/0/match/user_message/regex',
      'fixtures/0/match/model',
      'fixtures/0/response/content_template',
      'fixtures/0/scenario/name',
      'fixtures/0/name',
    ]);
  });

  it('every bad sequence item is reported', () => {
    const { problems } = compile({ sequence: [{}, 'x', { response: {} }] });
    expect(problems.map((p) => [p.file, p.message])).toEqual([
      ['fixtures/0/sequence/0', 'sequence item has no answer: add one of response, error or refusal'],
      ['fixtures/0/sequence/1', 'a sequence item must be a mapping with one of response, error, refusal'],
      ['fixtures/0/sequence/2/response', 'response is empty: add content, content_template, generate, tool_calls or embedding'],
    ]);
  });
});
