/**
 * The record/replay keys as YAML: `raw:` (a verbatim recording) and `response.usage` (recorded
 * token counts) compile to their specs, and every mistake is a load error at file:line:col.
 */
import { describe, expect, it } from '@jest/globals';
import { loadFixturesFromText } from '../../../src/fixture-set/load.js';
import { FixtureLoadError, type FixtureProblem, type Outcome } from '../../../src/fixture-set/types.js';

const load = (text: string) => loadFixturesFromText(text, 'rec.yaml');

/** The problems of a file that must not load. */
function problemsOf(text: string): FixtureProblem[] {
  try {
    load(text);
  } catch (err) {
    expect(err).toBeInstanceOf(FixtureLoadError);
    return (err as FixtureLoadError).problems;
  }
  throw new Error('expected a FixtureLoadError');
}

/** The one problem of a file, as `line:col message`. */
function oneProblem(text: string): string {
  const problems = problemsOf(text);
  expect(problems).toHaveLength(1);
  const [p] = problems;
  expect(p.file).toBe('rec.yaml');
  return `${p.line}:${p.col} ${p.message}`;
}

const outcomes = (text: string): Outcome[] => load(text).fixtures[0].outcomes;

/** `line:col` of the first `needle` on 1-based line `line` of `text`: where a problem must point. */
function at(text: string, line: number, needle: string): string {
  const col = text.split('\n')[line - 1].indexOf(needle);
  if (col < 0) throw new Error(`no ${needle} on line ${line}`);
  return `${line}:${col + 1}`;
}

/** The one problem of `text`, expected at the first `needle` on `line`, with `message`. */
function expectProblem(text: string, line: number, needle: string, message: string | RegExp): void {
  const got = oneProblem(text);
  const where = at(text, line, needle);
  if (typeof message === 'string') expect(got).toBe(`${where} ${message}`);
  else {
    expect(got.startsWith(`${where} `)).toBe(true);
    expect(got.slice(where.length + 1)).toMatch(message);
  }
}

const RAW_OK = `fixtures:
  - match: { user_message: hi }
    response: { content: "Hello!" }
    raw:
      stream: true
      status: 200
      headers: { Content-Type: "text/event-stream; charset=utf-8", x-upstream: "a", Content-Length: "99", Transfer-Encoding: chunked, connection: keep-alive, keep-alive: "timeout=5", content-encoding: gzip }
      chunks:
        - { at_ms: 12, data: "data: {\\"a\\":1}\\n\\n" }
        - { at_ms: 12, data: "data: [DONE]\\n\\n" }
`;

describe('raw: what it compiles to', () => {
  it('keeps stream, status, chunks as written and headers lower-cased, without hop-by-hop and length headers', () => {
    const [o] = outcomes(RAW_OK);
    expect(o.kind).toBe('response');
    expect(o.kind === 'response' && o.response).toEqual({ content: 'Hello!' });
    expect(o.kind !== 'refusal' && o.raw).toEqual({
      stream: true,
      status: 200,
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'x-upstream': 'a' },
      chunks: [
        { atMs: 12, data: 'data: {"a":1}\n\n' },
        { atMs: 12, data: 'data: [DONE]\n\n' },
      ],
    });
  });

  it('sits beside an error, and in sequence items; headers are optional', () => {
    const os = outcomes(`fixtures:
  - sequence:
      - error: { status: 429 }
        failure: { latency_ms: 5 }
        raw: { stream: false, status: 429, chunks: [{ at_ms: 0, data: "{}" }] }
      - response: { content: ok }
        raw: { stream: false, status: 200, chunks: [{ at_ms: 3, data: "{" }, { at_ms: 4, data: "}" }] }
      - response: { content: plain }
`);
    expect(os.map((o) => [o.kind, o.kind !== 'refusal' ? o.raw?.status : undefined])).toEqual([['error', 429], ['response', 200], ['response', undefined]]);
    expect(os[0].kind === 'error' && os[0].error.latencyMs).toBe(5);
    expect(os[1].kind === 'response' && os[1].raw?.headers).toEqual({});
  });
});

describe('raw: load errors at file:line:col', () => {
  const withRaw = (raw: string, beside = 'response: { content: x }') => `fixtures:\n  - ${beside}\n    raw:\n${raw}`;

  it('a chunk due before the one ahead of it points at its at_ms', () => {
    const text = withRaw('      stream: true\n      status: 200\n      chunks:\n        - { at_ms: 30, data: a }\n        - { at_ms: 10, data: b }\n');
    expectProblem(text, 8, '10', 'raw chunk 1 is due at 10 ms, before chunk 0 (30 ms); at_ms counts from the start of the response and never goes back: reorder the chunks or fix the offset');
  });

  it('an empty chunk list', () => {
    expectProblem(withRaw('      stream: true\n      status: 200\n      chunks: []\n'), 6, '[]', '"raw.chunks" must not be an empty list');
  });

  it.each([
    [99, 'between 100 and 599 (got 99)'],
    [600, 'between 100 and 599 (got 600)'],
  ])('status %d is out of range', (status, words) => {
    expectProblem(withRaw(`      stream: false\n      status: ${status}\n      chunks: [{ at_ms: 0, data: a }]\n`), 5, String(status), `"raw.status" must be ${words}`);
  });

  it('missing stream, negative or fractional at_ms, a number as data, an unknown key', () => {
    expectProblem(withRaw('      status: 200\n      chunks: [{ at_ms: 0, data: a }]\n'), 4, 'status', '"raw" is missing the required key "stream"');
    expectProblem(withRaw('      stream: true\n      status: 200\n      chunks: [{ at_ms: -1, data: a }]\n'), 6, '-1', '"raw.chunks[0].at_ms" must be at least 0 (got -1)');
    expectProblem(withRaw('      stream: true\n      status: 200\n      chunks: [{ at_ms: 1.5, data: a }]\n'), 6, '1.5', '"raw.chunks[0].at_ms" must be an integer (got a number)');
    expectProblem(withRaw('      stream: true\n      status: 200\n      chunks: [{ at_ms: 1, data: 7 }]\n'), 6, '7', '"raw.chunks[0].data" must be a string (got an integer); quote it: "7"');
    expectProblem(withRaw('      stream: true\n      status: 200\n      chunks: [{ at_ms: 0, data: a }]\n      chunk_s: []\n'), 7, 'chunk_s', /^unknown key "chunk_s" in "raw"; did you mean "chunks"\?/);
    expectProblem(withRaw('      stream: yes\n      status: 200\n      chunks: [{ at_ms: 1, data: a }]\n'), 4, 'yes', '"raw.stream" must be true or false (got a string)');
  });

  it('headers: a name HTTP cannot carry, a value with a line break, a name given twice, a number as value', () => {
    const body = '      stream: false\n      status: 200\n      chunks: [{ at_ms: 0, data: a }]\n      headers:\n';
    expectProblem(withRaw(`${body}        "x y": a\n`), 8, '"x y"', /^header name "x y" is not a valid HTTP header name/);
    expectProblem(withRaw(`${body}        x-a: "a\\nb"\n`), 8, '"a', '"x-a": header value has a line break (\\n), which HTTP headers cannot carry');
    expectProblem(withRaw(`${body}        X-A: a\n        x-a: b\n`), 9, 'x-a', 'header "x-a" repeats "X-A" (header names are case-insensitive, so only one could be sent); keep one');
    expectProblem(withRaw(`${body}        x-n: 5\n`), 8, '5', '"raw.headers.x-n" must be a string (got an integer); quote it: "5"');
  });

  it('raw alone, or beside a refusal, has nothing to answer the other stream flag with', () => {
    const alone = 'fixtures:\n  - match: { user_message: hi }\n    raw: { stream: false, status: 200, chunks: [{ at_ms: 0, data: a }] }\n';
    expectProblem(alone, 3, 'raw', 'raw needs a response or error beside it: raw answers only requests whose stream flag equals raw.stream, and the response or error answers the others');
    const refusal = 'fixtures:\n  - refusal: { reason: no }\n    raw: { stream: false, status: 200, chunks: [{ at_ms: 0, data: a }] }\n';
    expectProblem(refusal, 3, 'raw', /^raw needs a response or error beside it: .* \(not a refusal\)/);
  });

  it('raw beside a sequence belongs in its items', () => {
    const text = 'fixtures:\n  - sequence: [{ response: { content: a } }]\n    raw: { stream: false, status: 200, chunks: [{ at_ms: 0, data: a }] }\n';
    expectProblem(text, 3, 'raw', 'raw beside sequence has no effect; move it next to the response inside each sequence item');
  });
});

describe('response.usage', () => {
  it('compiles each given field and leaves the others out', () => {
    const [o] = outcomes('fixtures:\n  - response: { content: x, usage: { input_tokens: 12, output_tokens: 3, reasoning_tokens: 0 } }\n');
    expect(o.kind === 'response' && o.response.usage).toEqual({ inputTokens: 12, outputTokens: 3, reasoningTokens: 0 });
    const [p] = outcomes('fixtures:\n  - sequence:\n      - response: { content: x, usage: { output_tokens: 4 } }\n');
    expect(p.kind === 'response' && p.response.usage).toEqual({ outputTokens: 4 });
  });

  it('load errors: reasoning beyond output, negative counts, empty usage, an unknown field, usage alone', () => {
    const usage = (u: string) => `fixtures:\n  - response: { content: x, usage: ${u} }\n`;
    expectProblem(usage('{ output_tokens: 3, reasoning_tokens: 5 }'), 2, '5', 'reasoning_tokens (5) is part of output_tokens (3), so it cannot be larger; output_tokens counts every token of the answer, reasoning included');
    expectProblem(usage('{ input_tokens: -1 }'), 2, '-1', '"response.usage.input_tokens" must be at least 0 (got -1)');
    expectProblem(usage('{}'), 2, '{}', /^"response.usage" must not be empty; give it one of: input_tokens, output_tokens, reasoning_tokens/);
    expectProblem(usage('{ prompt_tokens: 1 }'), 2, 'prompt_tokens', 'unknown key "prompt_tokens" in "response.usage" Allowed keys: input_tokens, output_tokens, reasoning_tokens');
    expectProblem('fixtures:\n  - response: { usage: { input_tokens: 1 } }\n', 2, '{ usage', /^response is empty/);
  });
});
