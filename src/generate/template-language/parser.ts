/**
 * Turns the tokens of each `{{ }}` into a small tree, once, when the template is compiled.
 * Everything that can be refused without the request is refused here, with the position:
 * unknown names, names that lead to prototypes or Python internals (`__class__`,
 * `constructor`), method calls, unknown filters, nesting deeper than 32 levels.
 *
 * Grammar (a subset of Jinja expressions):
 *   expr    := postfix ( '|' NAME ( '(' args ')' )? )*
 *   postfix := primary ( '.' NAME | '.' INT | '[' expr ']' )*
 *   primary := STRING | '-'? NUMBER | true | false | none | '[' exprs ']' | '(' exprs ')'
 *            | VARIABLE | FUNCTION '(' args ')'
 *   args    := ( expr | NAME '=' expr ) ( ',' ... )*
 */
import { isForbiddenKey } from '../../util/own-property.js';
import { errorAt, ValueProblem } from './errors.js';
import { FILTERS, type TemplateFilter } from './filters.js';
import { FUNCTIONS, type Callable, type TemplateFunction } from './functions.js';
import type { Token } from './lexer.js';
import type { Value } from './values.js';

/** The variables a template can read. */
export const VARIABLE_NAMES = ['model', 'messages', 'request'] as const;
export type VariableName = (typeof VARIABLE_NAMES)[number];

/** Brackets, parentheses and lists nest at most this deep. */
export const MAX_NESTING = 32;

const CONSTANTS: ReadonlyMap<string, Value> = new Map<string, Value>([
  ['true', true],
  ['True', true],
  ['false', false],
  ['False', false],
  ['none', null],
  ['None', null],
  ['null', null],
]);

/** A member step: `.name` / `['name']` / `[0]` with a literal key, or `[expr]` computed at render. */
export type Step = { kind: 'key'; key: string | number; label: string; at: number } | { kind: 'index'; key: Node; label: string; at: number };

export interface Args {
  positional: Node[];
  /** Keyword arguments by their canonical param name. */
  named: Map<string, Node>;
}

export type Node =
  | { kind: 'literal'; value: Value; at: number }
  | { kind: 'list'; items: Node[]; at: number }
  | { kind: 'variable'; name: VariableName; at: number }
  | { kind: 'call'; name: string; fn: TemplateFunction; args: Args; label: string; at: number }
  | { kind: 'chain'; base: Node; steps: Step[]; at: number }
  | { kind: 'filters'; base: Node; filters: FilterCall[]; at: number };

export interface FilterCall {
  name: string;
  filter: TemplateFilter;
  args: Args;
  label: string;
  at: number;
}

const FUNCTION_LIST = [...FUNCTIONS.keys()].map((n) => `${n}()`).join(', ');
const FILTER_LIST = [...FILTERS.keys()].join(', ');
const NAMES_HINT = `a template can use the variables ${VARIABLE_NAMES.join(', ')} and the functions ${FUNCTION_LIST}`;

/**
 * Python's double-underscore names (`__class__`, `__globals__`, `__subclasses__`) are how
 * Jinja template injection escapes into code; together with JavaScript's prototype names they
 * are refused wherever they appear as a key.
 */
export function isRefusedKey(key: string): boolean {
  return key.startsWith('__') || isForbiddenKey(key);
}

/** Parse one `{{ }}`'s tokens (ending with the `}}` token) into a tree. */
export function parseExpression(tokens: Token[], source: string): Node {
  return new Parser(tokens, source).parseAll();
}

class Parser {
  private i = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
  ) {}

  parseAll(): Node {
    const first = this.peek();
    if (first.kind === 'end') throw errorAt('empty {{ }}: write an expression such as {{ model }}', first.at);
    const node = this.expr();
    const t = this.peek();
    if (t.kind !== 'end') throw errorAt(`expected "}}" but found ${describe(t)}`, t.at);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    const t = this.tokens[this.i];
    if (t.kind !== 'end') this.i++;
    return t;
  }

  private isPunct(value: string, t = this.peek()): boolean {
    return t.kind === 'punct' && t.value === value;
  }

  private expect(value: string, context: string): Token {
    const t = this.next();
    if (!this.isPunct(value, t)) throw errorAt(`expected "${value}" ${context} but found ${describe(t)}`, t.at);
    return t;
  }

  /** The source text from `at` to just before the next token, for messages. */
  private textFrom(at: number): string {
    return this.source.slice(at, this.peek().at).trim();
  }

  /** Run `fn` one nesting level deeper; refuses what would be too deep (never a stack overflow). */
  private nested<T>(at: number, fn: () => T): T {
    if (++this.depth > MAX_NESTING) throw errorAt(`expression nested more than ${MAX_NESTING} levels deep`, at);
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  private expr(): Node {
    const base = this.postfix();
    if (!this.isPunct('|')) return base;
    const filters: FilterCall[] = [];
    while (this.isPunct('|')) {
      this.next();
      const t = this.next();
      if (t.kind !== 'name') throw errorAt(`expected a filter name after "|" but found ${describe(t)}; filters: ${FILTER_LIST}`, t.at);
      const filter = FILTERS.get(t.value);
      if (!filter) throw errorAt(`unknown filter "${t.value}"; the filters are ${FILTER_LIST}`, t.at);
      const args = this.isPunct('(') ? this.args(`the ${t.value} filter`, filter, this.next().at) : { positional: [], named: new Map() };
      filters.push({ name: t.value, filter, args, label: this.textFrom(base.at), at: t.at });
    }
    return { kind: 'filters', base, filters, at: base.at };
  }

  private postfix(): Node {
    const base = this.primary();
    const steps: Step[] = [];
    for (;;) {
      const t = this.peek();
      if (this.isPunct('.')) {
        this.next();
        const k = this.next();
        let key: string | number;
        if (k.kind === 'name') key = k.value;
        else if (k.kind === 'number' && Number.isInteger(k.value)) key = k.value; // Jinja's `messages.0`
        else throw errorAt(`expected a name after "." but found ${describe(k)}`, k.at);
        if (typeof key === 'string') this.checkKey(key, k.at);
        if (this.isPunct('(')) throw this.methodError(key, t.at);
        steps.push({ kind: 'key', key, label: this.textFrom(base.at), at: t.at });
      } else if (this.isPunct('[')) {
        this.next();
        const key = this.nested(t.at, () => this.expr());
        this.expect(']', 'to close "["');
        if (this.isPunct('(')) throw this.methodError(null, t.at);
        const label = this.textFrom(base.at);
        if (key.kind === 'literal' && (typeof key.value === 'string' || typeof key.value === 'number')) {
          if (typeof key.value === 'string') this.checkKey(key.value, key.at);
          steps.push({ kind: 'key', key: key.value, label, at: t.at });
        } else {
          steps.push({ kind: 'index', key, label, at: t.at });
        }
      } else if (this.isPunct('(')) {
        throw errorAt(`only the functions ${FUNCTION_LIST} can be called, by name`, t.at);
      } else {
        break;
      }
    }
    return steps.length === 0 ? base : { kind: 'chain', base, steps, at: base.at };
  }

  private checkKey(key: string, at: number): void {
    if (isRefusedKey(key)) throw errorAt(`"${key}" is not allowed: templates read request data only, never internals`, at);
  }

  private methodError(key: string | number | null, at: number) {
    const name = typeof key === 'string' ? key : 'upper';
    return errorAt(`methods are not supported; use a filter: {{ x | ${FILTERS.has(name) ? name : 'upper'} }} (filters: ${FILTER_LIST})`, at);
  }

  private primary(): Node {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return { kind: 'literal', value: t.value, at: t.at };
      case 'number':
        return { kind: 'literal', value: t.value, at: t.at };
      case 'end':
        throw errorAt('expected a value before "}}"', t.at);
      case 'punct':
        if (t.value === '-') {
          const n = this.next();
          if (n.kind !== 'number') throw errorAt(`"-" is only allowed before a number; templates have no arithmetic`, t.at);
          return { kind: 'literal', value: -n.value, at: t.at };
        }
        if (t.value === '[') return this.nested(t.at, () => ({ kind: 'list', items: this.items(']', t.at), at: t.at }));
        if (t.value === '(') {
          // `(x)` groups; `(a, b)` is a tuple, a list here.
          return this.nested(t.at, () => {
            const first = this.expr();
            if (this.isPunct(')')) {
              this.next();
              return first;
            }
            this.expect(',', 'or ")" after a value in parentheses');
            return { kind: 'list', items: [first, ...this.items(')', t.at)], at: t.at };
          });
        }
        throw errorAt(`unexpected ${describe(t)}`, t.at);
      case 'name':
        return this.name(t);
    }
  }

  private name(t: Extract<Token, { kind: 'name' }>): Node {
    const constant = CONSTANTS.get(t.value);
    if (constant !== undefined) return { kind: 'literal', value: constant, at: t.at };
    if ((VARIABLE_NAMES as readonly string[]).includes(t.value)) {
      if (this.isPunct('(')) throw errorAt(`${t.value} is a variable, not a function; the functions are ${FUNCTION_LIST}`, t.at);
      return { kind: 'variable', name: t.value as VariableName, at: t.at };
    }
    const fn = FUNCTIONS.get(t.value);
    if (fn) {
      if (!this.isPunct('(')) throw errorAt(`${t.value} is a function; call it: ${fn.usage}`, t.at);
      const args = this.args(t.value, fn, this.next().at);
      this.checkConstantArgs(fn, args, t.at);
      return { kind: 'call', name: t.value, fn, args, label: this.textFrom(t.at), at: t.at };
    }
    if (this.isPunct('(')) throw errorAt(`unknown function "${t.value}"; the functions are ${FUNCTION_LIST}`, t.at);
    throw errorAt(`unknown name "${t.value}"; ${NAMES_HINT}`, t.at);
  }

  /** Comma-separated expressions up to `closer` (a trailing comma is fine, as in Jinja). */
  private items(closer: string, open: number): Node[] {
    const out: Node[] = [];
    while (!this.isPunct(closer)) {
      if (this.peek().kind === 'end') throw errorAt(`"${closer === ']' ? '[' : '('}" is not closed`, open);
      out.push(this.expr());
      if (!this.isPunct(closer)) this.expect(',', `or "${closer}" between items`);
    }
    this.next();
    return out;
  }

  /** Arguments of a call whose "(" was at `open`: positional first, then name=value. */
  private args(what: string, callee: Callable, open: number): Args {
    return this.nested(open, () => {
      const positional: Node[] = [];
      const named = new Map<string, Node>();
      while (!this.isPunct(')')) {
        const t = this.peek();
        if (t.kind === 'end') throw errorAt(`"(" is not closed`, open);
        const after = this.tokens[this.i + 1];
        if (t.kind === 'name' && this.isPunct('=', after)) {
          this.i += 2;
          const param = callee.aliases?.get(t.value) ?? t.value;
          if (!callee.params.includes(param)) {
            const known = callee.params.length > 0 ? `; it takes ${callee.params.join(', ')}` : '';
            throw errorAt(`${what} has no argument "${t.value}"${known}: ${callee.usage}`, t.at);
          }
          if (named.has(param)) throw errorAt(`${what} got ${param} twice`, t.at);
          named.set(param, this.expr());
        } else {
          if (named.size > 0) throw errorAt(`${what}: a positional argument cannot follow a keyword argument`, t.at);
          positional.push(this.expr());
          if (positional.length > callee.maxPositional) throw errorAt(`${what} takes at most ${callee.maxPositional} argument(s): ${callee.usage}`, t.at);
        }
        if (!this.isPunct(')')) this.expect(',', 'or ")" between arguments');
      }
      this.next();
      return { positional, named };
    });
  }

  /** Arguments that are all literals are checked now, so a bad count fails at load, not per request. */
  private checkConstantArgs(fn: TemplateFunction, args: Args, at: number): void {
    const positional: Value[] = [];
    for (const n of args.positional) {
      const v = constant(n);
      if (v === undefined) return;
      positional.push(v);
    }
    const named = new Map<string, Value>();
    for (const [k, n] of args.named) {
      const v = constant(n);
      if (v === undefined) return;
      named.set(k, v);
    }
    try {
      fn.check(positional, named);
    } catch (err) {
      if (err instanceof ValueProblem) throw errorAt(err.message, at);
      throw err;
    }
  }
}

/** The value of a literal (or a list of literals), else undefined. */
function constant(n: Node): Value | undefined {
  if (n.kind === 'literal') return n.value;
  if (n.kind !== 'list') return undefined;
  const out: Value[] = [];
  for (const item of n.items) {
    const v = constant(item);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'end':
      return '"}}"';
    case 'string':
      return `the string ${JSON.stringify(t.value)}`;
    case 'number':
      return `the number ${t.value}`;
    default:
      return `"${t.value}"`;
  }
}
