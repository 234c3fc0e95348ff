/**
 * Load chaos's template language: the Jinja-style subset ChaosLLM users write (text, values,
 * variables, member access, the five helper functions, the filters), determinism,
 * ChaosLLM's own documentation examples, and an escape suite: everything that let a
 * ChaosLLM template run code (or could let ours read internals, pollute prototypes or
 * exhaust the server) is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  compileChaosTemplate,
  MAX_NESTING,
  RANDOM_WORDS_MAX_COUNT,
  TEMPLATE_MAX_OUTPUT_CHARS,
  TemplateLanguageError,
  type TemplateVars,
} from '../../../src/generate/template-language/index.js';
import { VOCABULARIES } from '../../../src/generate/random-words.js';
import { createRng } from '../../../src/random/rng.js';

const request = {
  model: 'gpt-4-turbo',
  messages: [{ role: 'user', content: 'Hello there' }],
  temperature: 0.5,
  metadata: { 'user-id': 'u1', tags: ['a', 'b'] },
  empty: null,
  flag: true,
  n: 1,
  key: 'user-id',
  none_list: [] as unknown[],
};
const vars: TemplateVars = { model: request.model, messages: request.messages, request };
const NOW_MS = 1_700_000_000_987;
const envFor = (i = 0) => ({ rng: createRng(2112 + i), nowMs: NOW_MS });
const render = (source: string, i = 0, v: TemplateVars = vars) => compileChaosTemplate(source).render(v, envFor(i));
/** Render `source` with n different Rngs (envFor(0..n-1)). */
const renders = (source: string, n: number) => {
  const t = compileChaosTemplate(source);
  return Array.from({ length: n }, (_, i) => t.render(vars, envFor(i)));
};

function errorOf(fn: () => unknown): TemplateLanguageError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TemplateLanguageError);
    return err as TemplateLanguageError;
  }
  throw new Error('expected a TemplateLanguageError');
}
const compileError = (source: string, opts?: { maxLength?: number }) => errorOf(() => compileChaosTemplate(source, opts));
const renderError = (source: string, v: TemplateVars = vars) => {
  const t = compileChaosTemplate(source); // compiles fine: the problem is in the data
  return errorOf(() => t.render(v, envFor()));
};
const withRequest = (body: unknown): TemplateVars => ({ model: 'm', messages: [], request: body });

describe('text, literals and rendering', () => {
  it.each<[string, string]>([
    ['plain text, no placeholders', 'plain text, no placeholders'],
    ['', ''],
    ["{{ 'single' }} {{ \"double\" }}", 'single double'],
    ["{{ 'it\\'s' }}|{{ \"a\\\"b\" }}|{{ 'back\\\\slash' }}", 'it\'s|a"b|back\\slash'],
    ["{{ 'a\\nb\\tc' }}", 'a\nb\tc'],
    ["{{ '\\u00e9\\d' }}", 'é\\d'], // \uXXXX; an unknown escape stays as written, as in Python
    ['{{ 42 }} {{ -3.5 }} {{ 1e3 }} {{ 0.1 }} {{ -0 }}', '42 -3.5 1000 0.1 0'],
    ['{{ true }} {{ True }} {{ false }} {{ False }}', 'true true false false'],
    ['{{ none }} {{ None }} {{ null }}', 'null null null'],
    ["{{ [1, 'a', [true, none]] }}", '[1,"a",[true,null]]'],
    ['{{ [] }} {{ [1, 2,] }}', '[] [1,2]'],
    ['{{ (1, 2) }} {{ (7) }}', '[1,2] 7'],
    ['{{ request.metadata }}', '{"user-id":"u1","tags":["a","b"]}'],
    ["{{ '}}' }}", '}}'],
    ['a }} b } {', 'a }} b } {'],
    ['x{# a comment, even with {{ braces }} #}y', 'xy'],
    ['a  {{- model -}}  b', 'agpt-4-turbob'],
    ['a \n {#- comment -#} \n b', 'ab'],
    ['{{model}}{{messages|length}}', 'gpt-4-turbo1'],
    ['line\n', 'line'], // Jinja drops one trailing newline
    ['line\n\n', 'line\n'],
    ['crlf\r\n', 'crlf'],
  ])('%j renders %j', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it('keeps the source', () => {
    expect(compileChaosTemplate('x {{ model }}\n').source).toBe('x {{ model }}\n');
  });
});

describe('variables and member access', () => {
  it.each<[string, string]>([
    ['Model: {{ model }}, Messages: {{ messages|length }}', 'Model: gpt-4-turbo, Messages: 1'],
    ['{{ messages[-1].content }}', 'Hello there'],
    ["{{ messages[0]['role'] }} {{ messages.0.role }}", 'user user'],
    ["{{ request['metadata']['user-id'] }}", 'u1'],
    ['{{ request.metadata.tags[-2] }}{{ request.metadata.tags[1] }}', 'ab'],
    ['{{ request.temperature }} {{ request.empty }} {{ request.flag }}', '0.5 null true'],
    ['{{ request.metadata[request.key] }} {{ request.metadata.tags[request.n] }}', 'u1 b'],
    ['{{ messages.length }}', '1'], // a list's own length, as in fixture content_template
    ['{{ request.messages[0].content }}', 'Hello there'],
  ])('%j renders %j', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it.each<[string, RegExp, number]>([
    ['{{ request.nope }}', /request\.nope is undefined/, 10],
    ['{{ request.nope.deeper }}', /request\.nope is undefined/, 10], // the first missing link
    ['{{ messages[5].content }}', /messages\[5\] is undefined/, 11],
    ['{{ request.toString }}', /request\.toString is undefined/, 10], // inherited members are not data
    ['{{ request.model.length }}', /request\.model\.length is undefined/, 16], // strings hold no members
    ['{{ request.metadata[request.temperature] }}', /is undefined/, 19],
    ['{{ request.nope | length }}', /request\.nope is undefined/, 10],
    ["{{ random_choice([request.nope, 'x']) }}", /request\.nope is undefined/, 25],
  ])('%j: %s', (source, message, offset) => {
    const err = renderError(source);
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/\| default\('\.\.\.'\)/);
    expect(err.offset).toBe(offset);
  });

  it('a variable the caller leaves out is undefined too', () => {
    expect(renderError('{{ model }}', { model: undefined, messages: [], request: {} }).message).toMatch(/^model is undefined/);
  });

  it('default() rescues a missing value, however deep', () => {
    expect(render("{{ request.nope | default('fallback') }}")).toBe('fallback');
    expect(render('{{ request.nope.deeper | default("x") }}|{{ request.nope | d(3) }}|{{ request.nope | default }}|')).toBe('x|3||');
  });
});

describe('functions', () => {
  it('random_choice picks one element of a list, every element in turn (as ChaosLLM documents)', () => {
    const out = renders("{{ random_choice(['positive', 'negative', 'neutral']) }}", 200);
    expect(new Set(out)).toEqual(new Set(['positive', 'negative', 'neutral']));
  });

  it('random_choice picks one of several arguments, or returns a single one', () => {
    expect(new Set(renders("{{ random_choice('x', 'y') }}", 100))).toEqual(new Set(['x', 'y']));
    expect(render("{{ random_choice('only') }}")).toBe('only');
    expect(new Set(renders('{{ random_choice(request.metadata.tags) }}', 100))).toEqual(new Set(['a', 'b']));
    expect(render("{{ random_choice([[1, 2]]) }}")).toBe('[1,2]');
  });

  it('random_choice refuses nothing to choose from', () => {
    expect(compileError('{{ random_choice() }}').message).toMatch(/random_choice needs a list or at least one value/);
    expect(compileError('{{ random_choice([]) }}').message).toMatch(/empty list/);
    expect(renderError('{{ random_choice(request.none_list) }}').message).toMatch(/empty list/);
  });

  it('random_int: inclusive range, default 0..100, keywords (ours and ChaosLLM\'s names)', () => {
    const dice = renders('{{ random_int(1, 6) }}', 300).map(Number);
    expect(new Set(dice)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    for (const n of renders('{{ random_int() }}', 200).map(Number)) {
      expect(Number.isInteger(n) && n >= 0 && n <= 100).toBe(true);
    }
    expect(new Set(renders('{{ random_int(min=1, max=2) }}', 100))).toEqual(new Set(['1', '2']));
    expect(new Set(renders('{{ random_int(min_val=3, max_val=4) }}', 100))).toEqual(new Set(['3', '4']));
    expect(new Set(renders('{{ random_int(-2, max=-1) }}', 100))).toEqual(new Set(['-2', '-1']));
    expect(render('{{ random_int(5, 5) }}')).toBe('5');
    const wide = Number(render('{{ random_int(-9007199254740991, 9007199254740991) }}'));
    expect(Number.isSafeInteger(wide)).toBe(true);
  });

  it('random_int refuses bad bounds: at compile time when they are literals, else at render', () => {
    expect(compileError('{{ random_int(6, 1) }}').message).toMatch(/min 6 is greater than max 1/);
    expect(compileError('{{ random_int(1.5) }}').message).toMatch(/min must be a whole number/);
    expect(compileError("{{ random_int('a') }}").message).toMatch(/min must be a number, got a string/);
    expect(compileError('{{ random_int(1, min=2) }}').message).toMatch(/got min twice/);
    const err = renderError('{{ random_int(1, request.model) }}');
    expect(err.message).toMatch(/max must be a number, got a string/);
    expect(err.offset).toBe(3);
  });

  it('random_float: uniform in [min, max), default [0, 1)', () => {
    for (const s of renders('{{ random_float() }}|{{ random_float(0.7, 0.99) }}|{{ random_float(min=-1, max=-0.5) }}', 200)) {
      const [a, b, c] = s.split('|').map(Number);
      expect(a >= 0 && a < 1).toBe(true);
      expect(b >= 0.7 && b <= 0.99).toBe(true);
      expect(c >= -1 && c <= -0.5).toBe(true);
    }
    expect(compileError("{{ random_float('x') }}").message).toMatch(/random_float: min must be a number/);
    expect(compileError('{{ random_float(-1e308, 1e308) }}').message).toMatch(/too wide/);
  });

  const wordsOf = (s: string) => (s === '' ? [] : s.split(' '));

  it('random_words(n): exactly n lowercase english words, no capital, no period (ChaosLLM\'s helper)', () => {
    for (const s of renders('{{ random_words(5) }}', 50)) {
      const words = wordsOf(s);
      expect(words).toHaveLength(5);
      for (const w of words) expect(VOCABULARIES.english).toContain(w);
    }
    expect(wordsOf(render('{{ random_words() }}'))).toHaveLength(5);
    expect(render('{{ random_words(0) }}')).toBe('');
    expect(wordsOf(render('{{ random_words(count=4) }}'))).toHaveLength(4);
  });

  it('random_words(min, max): a count in [min, max], both ends reached (as ChaosLLM documents)', () => {
    const counts = new Set(renders('{{ random_words(5, 8) }}', 300).map((s) => wordsOf(s).length));
    expect(counts).toEqual(new Set([5, 6, 7, 8]));
    const kw = new Set(renders('{{ random_words(min=1, max=2) }}', 100).map((s) => wordsOf(s).length));
    expect(kw).toEqual(new Set([1, 2]));
  });

  it("random_words takes a vocabulary, positionally (ChaosLLM's code) or by name", () => {
    for (const source of ["{{ random_words(3, 'lorem') }}", "{{ random_words('lorem', 3) }}", "{{ random_words(3, vocabulary='lorem') }}", "{{ random_words(3, 3, 'lorem') }}"]) {
      const words = wordsOf(render(source));
      expect(words).toHaveLength(3);
      for (const w of words) expect(VOCABULARIES.lorem).toContain(w);
    }
    expect(compileError("{{ random_words(3, 'klingon') }}").message).toMatch(/vocabulary must be 'english' or 'lorem', got 'klingon'/);
    expect(compileError("{{ random_words(3, 'lorem', 'english') }}").message).toMatch(/one vocabulary/);
    expect(compileError('{{ random_words(1, 2, 3) }}').message).toMatch(/at most two numbers/);
    expect(compileError('{{ random_words(5, 3) }}').message).toMatch(/min 5 is greater than max 3/);
    expect(compileError('{{ random_words(-1) }}').message).toMatch(/whole number from 0 to 10000/);
  });

  it('random_words counts come from data too', () => {
    expect(wordsOf(render('{{ random_words(request.n) }}'))).toHaveLength(1);
  });

  it('timestamp() is whole Unix seconds from the injected clock', () => {
    expect(render('{{ timestamp() }}')).toBe(String(Math.floor(NOW_MS / 1000)));
    expect(compileError('{{ timestamp(1) }}').message).toMatch(/timestamp takes at most 0 argument/);
  });

  it('results can be read further and filtered', () => {
    expect(render("{{ random_choice([['x', 'y']])[1] | upper }}")).toBe('Y');
    expect(render("{{ random_choice(['abc']) | upper | length }}")).toBe('3');
  });
});

describe('filters', () => {
  it.each<[string, string]>([
    ["{{ 'héllo😀' | length }} {{ request.metadata | length }} {{ [1, 2, 3] | length }} {{ '\\ud800a' | length }}", '6 2 3 2'],
    ['{{ messages[0].content | upper }} {{ messages[0].content | lower }}', 'HELLO THERE hello there'],
    ["[{{ '  x y \\n' | trim }}]", '[x y]'],
    ['{{ request.flag | upper }}', 'TRUE'],
    ['{{ messages[0].content | tojson }}', '"Hello there"'],
    ["{{ 'a\"b\\n' | tojson }}", JSON.stringify('a"b\n')],
    ['{{ request.metadata | tojson }}', JSON.stringify(request.metadata)],
    ['{{ request.metadata | tojson(indent=2) }}', JSON.stringify(request.metadata, null, 2)],
    ['{{ [1, [2, []]] | tojson(2) }}', JSON.stringify([1, [2, []]], null, 2)],
    ['{{ 5 | string | length }} {{ [1] | string }} {{ none | string }}', '1 [1] null'],
    ["{{ '42' | int }} {{ '4.7' | int }} {{ 3.9 | int }} {{ -3.9 | int }} {{ true | int }}", '42 4 3 -3 1'],
    ["{{ 'abc' | int }} {{ 'abc' | int(7) }} {{ none | int(default=-1) }}", '0 7 -1'],
    ["{{ '2.5' | float }} {{ ' 1e2 ' | float }} {{ 'x' | float }} {{ 'inf' | float(1.5) }} {{ 3 | float }}", '2.5 100 0 1.5 3'],
    ['{{ 2.5 | round }} {{ 3.5 | round }} {{ -2.5 | round }} {{ 2.4 | round }} {{ -2.6 | round }} {{ 0.125 | round(2) }} {{ 0.375 | round(2) }}', '2 4 -2 2 -3 0.12 0.38'],
    ['{{ 3.14159 | round(2) }} {{ 2.675 | round(2) }} {{ 1234 | round(-2) }} {{ 3.14159 | round(n=3) }} {{ 1e22 | round(2) }}', '3.14 2.67 1200 3.142 1e+22'],
    ["{{ 3.14159 | round(2, 'floor') }} {{ 3.141 | round(1, 'ceil') }} {{ 3.9 | round(method='floor') }}", '3.14 3.2 3'],
    ["{{ none | default('x') }} {{ '' | default('x', true) }} {{ 0 | default('x', boolean=true) }} {{ 'y' | default('x', true) }}", 'null x x y'],
    ["{{ request.metadata.tags | join(', ') }} {{ [1, none, 'x'] | join }} {{ 'abc' | join('-') }} {{ [[1]] | join(d='+') }}", 'a, b 1nullx a-b-c [1]'],
    ['{{ request.metadata | join(",") }}', 'user-id,tags'],
    ["{{ request.metadata.tags | first }}{{ request.metadata.tags | last }} {{ 'abc' | first }}{{ 'abc' | last }} {{ 'x😀' | last }}", 'ab ac 😀'],
    ['{{ messages | first | tojson }}', JSON.stringify(request.messages[0])],
    ["{{ [] | first | default('empty') }}", 'empty'],
  ])('%j renders %j', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it.each<[string, RegExp]>([
    ['{{ 5 | length }}', /length needs a string, a list or an object, got a number/],
    ["{{ 'x' | round }}", /round needs a number, got a string/],
    ['{{ [] | first }}', /\[\] \| first is undefined/],
    ['{{ 5 | join }}', /join needs a list, a string or an object/],
    ["{{ 1.5 | round(2, 'up') }}", /method must be 'common', 'ceil' or 'floor'/],
    ['{{ 1 | tojson(indent=99) }}', /indent must be a whole number from 0 to 10/],
  ])('%j fails at render: %s', (source, message) => {
    expect(renderError(source).message).toMatch(message);
  });

  it.each<[string, RegExp]>([
    ["{{ messages | attr('x') }}", /unknown filter "attr"; the filters are length, upper, lower, trim, string, tojson, int, float, round, default, d, join, first, last/],
    ['{{ model | upper(1) }}', /the upper filter takes at most 0 argument/],
    ['{{ model | round(foo=1) }}', /the round filter has no argument "foo"; it takes precision, method/],
    ['{{ model | }}', /expected a filter name after "\|"/],
    ['{{ model | default(1, 2, 3) }}', /at most 2 argument/],
  ])('%j fails at compile: %s', (source, message) => {
    expect(compileError(source).message).toMatch(message);
  });
});

describe('determinism', () => {
  const source = "{{ random_choice(['a', 'b', 'c']) }} {{ random_int() }} {{ random_float() }} {{ random_words(3, 9, 'lorem') }} {{ timestamp() }}";

  it('the same Rng state renders the same text, across compiles and renders', () => {
    const t = compileChaosTemplate(source);
    expect(t.render(vars, envFor(7))).toBe(t.render(vars, envFor(7)));
    expect(compileChaosTemplate(source).render(vars, envFor(7))).toBe(t.render(vars, envFor(7)));
  });

  it('different Rngs render different text', () => {
    expect(new Set(renders(source, 20)).size).toBe(20);
  });
});

describe("ChaosLLM's documentation examples", () => {
  it('the classification body parses as JSON with the documented values and ranges', () => {
    const source =
      '{"classification": "{{ random_choice([\'positive\', \'negative\', \'neutral\']) }}", "confidence": {{ random_float(0.7, 0.99) }}, "summary": "{{ random_words(5, 15) }}"}';
    const seen = new Set<string>();
    for (const text of renders(source, 200)) {
      const body = JSON.parse(text) as { classification: string; confidence: number; summary: string };
      expect(['positive', 'negative', 'neutral']).toContain(body.classification);
      seen.add(body.classification);
      expect(typeof body.confidence).toBe('number');
      expect(body.confidence).toBeGreaterThanOrEqual(0.7);
      expect(body.confidence).toBeLessThanOrEqual(0.99);
      const words = body.summary.split(' ');
      expect(words.length).toBeGreaterThanOrEqual(5);
      expect(words.length).toBeLessThanOrEqual(15);
    }
    expect(seen.size).toBe(3);
  });

  it('model and message count', () => {
    expect(render('Model: {{ model }}, Messages: {{ messages|length }}')).toBe('Model: gpt-4-turbo, Messages: 1');
  });

  it('the last message', () => {
    expect(render('{{ messages[-1].content }}')).toBe('Hello there');
  });
});

describe('compile errors name the position', () => {
  it.each<[string, RegExp, number]>([
    ['{% if x %}y{% endif %}', /statements such as \{% for %\} \/ \{% if %\} are not supported; only \{\{ expressions \}\}/, 0],
    ['hi {{ model', /unclosed "\{\{"; close it with "\}\}" \(at character 4\)/, 3],
    ['hi {# note', /unclosed comment/, 3],
    ["{{ 'abc }}", /unclosed string/, 3],
    ['{{ }}', /empty \{\{ \}\}/, 3],
    ['{{ secrets }}', /unknown name "secrets"; a template can use the variables model, messages, request and the functions random_choice\(\), random_int\(\), random_float\(\), random_words\(\), timestamp\(\)/, 3],
    ['{{ model model }}', /expected "\}\}" but found "model"/, 9],
    ['{{ 1 + 1 }}', /unexpected "\+" in \{\{ \}\}: templates have no operators/, 5],
    ["{{ 'a' ~ 'b' }}", /unexpected "~"/, 7],
    ['{{ {"a": 1} }}', /unexpected "\{"/, 3],
    ['{{ -model }}', /"-" is only allowed before a number/, 3],
    ['{{ model() }}', /model is a variable, not a function/, 3],
    ['{{ model.upper() }}', /methods are not supported; use a filter: \{\{ x \| upper \}\}/, 8],
    ['{{ messages[0]() }}', /methods are not supported/, 11],
    ['{{ random_int()() }}', /only the functions .* can be called, by name/, 15],
    ['{{ [1, 2 }}', /expected "," or "\]" between items but found "\}\}"/, 9],
    ['{{ random_int(max=1, 2) }}', /a positional argument cannot follow a keyword argument/, 21],
    ['{{ random_int(foo=1) }}', /random_int has no argument "foo"; it takes min, max/, 14],
    ['{{ random_int(min=1, min=2) }}', /random_int got min twice/, 21],
    ['{{ random_int(1, 2, 3) }}', /random_int takes at most 2 argument/, 20],
    ['{{ range(10) }}', /unknown function "range"; the functions are random_choice\(\)/, 3],
    ['{{ 1e999 }}', /number 1e999 is too large/, 3],
    ['{{ messages. }}', /expected a name after "\."/, 13],
  ])('%j: %s', (source, message, offset) => {
    const err = compileError(source);
    expect(err.message).toMatch(message);
    expect(err.offset).toBe(offset);
    expect(err.message).toContain(`(at character ${offset + 1})`);
  });
});

describe('escape attempts are refused and leave Object.prototype untouched', () => {
  let protoBefore: string[];
  const toStringBefore = Object.prototype.toString;
  beforeAll(() => {
    protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
  });
  afterAll(() => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
    expect(Object.prototype.toString).toBe(toStringBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  /** Refused one way or the other: at compile time, or at render time with this data. */
  function refused(source: string, v: TemplateVars = vars, opts?: { maxLength?: number }): TemplateLanguageError {
    return errorOf(() => compileChaosTemplate(source, opts).render(v, envFor()));
  }

  it.each<[string, RegExp]>([
    ["{{ ''.__class__ }}", /"__class__" is not allowed/],
    ["{{ ''.__class__.__mro__[1].__subclasses__() }}", /"__class__" is not allowed/],
    ['{{ request.__proto__ }}', /"__proto__" is not allowed/],
    ["{{ request['__proto__'] }}", /"__proto__" is not allowed/],
    ["{{ request['constructor'] }}", /"constructor" is not allowed/],
    ["{{ request.constructor.constructor('return process')() }}", /"constructor" is not allowed/],
    ['{{ request.prototype }}', /"prototype" is not allowed/],
    ['{{ [].constructor }}', /"constructor" is not allowed/],
    ["{{ (request)['constructor'] }}", /"constructor" is not allowed/],
    ['{{ messages[0].content.constructor.name }}', /"constructor" is not allowed/],
    ['{{ request.__dict__ }}', /"__dict__" is not allowed/],
    ['{{ messages.__len__ }}', /"__len__" is not allowed/],
    ['{{ random_choice.constructor }}', /random_choice is a function; call it/],
    ['{{ random_int.call }}', /random_int is a function; call it/],
    ['{{ process }}', /unknown name "process"/],
    ['{{ process.env }}', /unknown name "process"/],
    ["{{ require('fs') }}", /unknown function "require"/],
    ["{{ import('fs') }}", /unknown function "import"/],
    ['{{ globalThis }}', /unknown name "globalThis"/],
    ['{{ this }}', /unknown name "this"/],
    ['{{ self }}', /unknown name "self"/],
    ['{{ config }}', /unknown name "config"/],
    ['{{ lipsum.__globals__ }}', /unknown name "lipsum"/],
    ['{{ cycler.__init__.__globals__.os }}', /unknown name "cycler"/],
    ["{{ request | attr('__class__') }}", /unknown filter "attr"/],
    ["{{ request['__' ~ 'proto__'] }}", /unexpected "~"/],
    ['{% for i in range(10**9) %}x{% endfor %}', /statements .* are not supported/],
    ['{{ model.toString() }}', /methods are not supported/],
  ])('%j', (source, message) => {
    expect(compileError(source).message).toMatch(message);
  });

  describe('a JSON body whose own keys name internals', () => {
    const body = JSON.parse('{"__proto__": {"polluted": "yes"}, "k": "__proto__", "c": "constructor", "d": "__class__", "p": "prototype", "messages": [{"content": "__proto__"}]}') as unknown;

    it('JSON.parse made "__proto__" an own key (the case under test)', () => {
      expect(Object.hasOwn(body as object, '__proto__')).toBe(true);
    });

    it.each<[string, string]>([
      ['{{ request[request.k] }}', '__proto__'],
      ['{{ request[request.c] }}', 'constructor'],
      ['{{ request[request.d] }}', '__class__'],
      ['{{ request[request.p] }}', 'prototype'],
      ['{{ request[request.messages[0].content] }}', '__proto__'],
      ['{{ request[request.k] | default("x") }}', '__proto__'], // refused, not rescued
    ])('%j is refused at render', (source, key) => {
      const err = refused(source, withRequest(body));
      expect(err.message).toContain(`the key "${key}" is not allowed`);
    });

    it('its inner keys are not reachable as inherited members', () => {
      expect(refused('{{ request.polluted }}', withRequest(body)).message).toMatch(/request\.polluted is undefined/);
    });

    it('the body is still data: tojson writes it as JSON', () => {
      expect(render('{{ request | tojson }}', 0, withRequest(body))).toBe(JSON.stringify(body));
    });
  });

  it('random_words with a huge count is refused, quickly (literal at compile time, data at render)', () => {
    expect(compileError('{{ random_words(100000000) }}').message).toMatch(new RegExp(`from 0 to ${RANDOM_WORDS_MAX_COUNT}`));
    expect(refused('{{ random_words(request.big) }}', withRequest({ big: 100_000_000 })).message).toMatch(/from 0 to 10000/);
    expect(refused('{{ random_words(1, request.big) }}', withRequest({ big: 100_000_000 })).message).toMatch(/max must be a whole number/);
  });

  it('output over the limit is refused', () => {
    const err = refused('{{ random_words(10000) }}'.repeat(20));
    expect(err.message).toMatch(new RegExp(`the output would be longer than ${TEMPLATE_MAX_OUTPUT_CHARS} characters`));
    expect(refused('x'.repeat(TEMPLATE_MAX_OUTPUT_CHARS + 1), vars, { maxLength: 100_000 }).message).toMatch(/output would be longer/);
    expect(render('{{ random_words(10000) }}')).not.toHaveLength(0);
  });

  it('large intermediate text is refused even when the output would be small', () => {
    const big = 'x'.repeat(100_000);
    const refs = Array.from({ length: 12 }, () => 'request.big').join(', ');
    expect(refused(`{{ [${refs}] | join | length }}`, withRequest({ big })).message).toMatch(/built more than \d+ characters/);
    expect(refused(`{{ [${refs}] | tojson | length }}`, withRequest({ big })).message).toMatch(/built more than \d+ characters/);
    expect(render(`{{ [${refs}] | length }}`, 0, withRequest({ big }))).toBe('12');
  });

  it('reading a large request value whole, again and again, is refused after a few passes', () => {
    const big = 'x'.repeat(10_000_000);
    expect(render('{{ request.big | length }}', 0, withRequest({ big }))).toBe('10000000');
    expect(refused('{{ request.big | length }}'.repeat(7), withRequest({ big })).message).toMatch(/read more than \d+ characters of request data/);
    expect(refused('{{ request.big | upper | length }}'.repeat(7), withRequest({ big })).message).toMatch(/more than \d+ characters/);
  });

  it('numeric text is parsed without catastrophic backtracking', () => {
    const digits = '1'.repeat(100_000);
    expect(render("{{ request.d | float }} {{ request.d | int('no') }} {{ request.e | float }}", 0, withRequest({ d: digits + 'x', e: '1'.repeat(900) + '.5x' }))).toBe('0 no 0');
  });

  it('10,000-deep nesting is a compile error, not a stack overflow', () => {
    for (const [open, close] of [['[', ']'], ['(', ')']]) {
      const source = `{{ ${open.repeat(10_000)}1${close.repeat(10_000)} }}`;
      expect(compileError(source, { maxLength: 100_000 }).message).toMatch(new RegExp(`nested more than ${MAX_NESTING} levels deep`));
    }
    expect(compileError(`{{ random_int(${'random_int('.repeat(40)}${')'.repeat(41)} }}`, { maxLength: 100_000 }).message).toMatch(/nested more than 32/);
    expect(render(`{{ ${'['.repeat(MAX_NESTING)}${']'.repeat(MAX_NESTING)} | length }}`)).toBe('1');
    expect(compileError(`{{ ${'['.repeat(MAX_NESTING + 1)}${']'.repeat(MAX_NESTING + 1)} }}`).offset).toBe(3 + MAX_NESTING);
  });

  it('long chains of members and filters are fine (they do not nest)', () => {
    expect(render(`{{ model${' | upper'.repeat(1000)} }}`, 0)).toBe('GPT-4-TURBO');
    expect(render(`{{ request.metadata.tags${'[0]'.repeat(2000)} | default('none') }}`)).toBe('none');
  });

  it('deeply nested request data cannot overflow the stack when written as JSON', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(refused('{{ request.deep }}', withRequest({ deep })).message).toMatch(/nested more than 256 levels deep/);
    expect(refused('{{ request.deep | tojson }}', withRequest({ deep })).message).toMatch(/nested more than 256 levels deep/);
  });

  it('over-long source is refused, naming the limit', () => {
    const err = compileError('x'.repeat(10_001));
    expect(err.message).toMatch(/the template is 10001 characters long; the limit is 10000/);
    expect(err.offset).toBe(10_000);
    expect(compileChaosTemplate('x'.repeat(10_000)).render(vars, envFor())).toHaveLength(10_000);
    expect(compileError('x'.repeat(51), { maxLength: 50 }).message).toMatch(/the limit is 50/);
    expect(compileChaosTemplate('x'.repeat(10_001), { maxLength: 20_000 }).source).toHaveLength(10_001);
  });

  it('non-JSON values smuggled into the data are not reachable', () => {
    const hostile = withRequest({ fn: () => 'ran', date: new Date(0), map: new Map([['a', 1]]), inst: new (class Secret { x = 1 })() });
    for (const source of ['{{ request.fn }}', '{{ request.date }}', '{{ request.map }}', '{{ request.inst }}', '{{ request.inst.x }}']) {
      expect(refused(source, hostile).message).toMatch(/is undefined/);
    }
    expect(render('{{ request | tojson }}', 0, hostile)).toBe('{}'); // only JSON data is written
  });
});
