/**
 * Splits a template into text and `{{ expression }}` tokens, the way Jinja reads it, so
 * ChaosLLM templates keep working: `{# comments #}` are dropped, `{{-` / `-}}` (and `{#-` /
 * `-#}`) strip the whitespace on that side, and one trailing newline of the template is
 * dropped (as Jinja does by default, which matters for YAML `|` blocks). `{% statements %}`
 * are refused here: without loops or conditionals, rendering time is bounded by the
 * template's size.
 */
import { errorAt } from './errors.js';

export type Punct = '.' | '[' | ']' | '(' | ')' | ',' | '|' | '=' | '-';

export type Token =
  | { kind: 'name'; value: string; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'number'; value: number; at: number }
  | { kind: 'punct'; value: Punct; at: number }
  /** The closing `}}`. */
  | { kind: 'end'; at: number };

export type Segment = { kind: 'text'; text: string; at: number } | { kind: 'expr'; tokens: Token[]; at: number };

const TAG_OPEN = /\{[{%#]/g;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const PUNCT = new Set<string>(['.', '[', ']', '(', ')', ',', '|', '=', '-']);
const SPACE = /\s/;
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };

/** Split `source` into segments; throws TemplateLanguageError on a lexical problem. */
export function lex(source: string): Segment[] {
  // Jinja drops a single trailing newline (keep_trailing_newline=False).
  const src = source.replace(/(?:\r\n|\r|\n)$/, '');
  const segments: Segment[] = [];
  let pos = 0;
  let stripNext = false;

  /** Add the text before a tag; `-` markers on either side trim its whitespace. */
  const pushText = (text: string, at: number, stripEnd: boolean) => {
    if (stripNext) {
      const trimmed = text.trimStart();
      at += text.length - trimmed.length;
      text = trimmed;
    }
    if (stripEnd) text = text.trimEnd();
    stripNext = false;
    if (text.length > 0) segments.push({ kind: 'text', text, at });
  };

  for (;;) {
    TAG_OPEN.lastIndex = pos;
    const m = TAG_OPEN.exec(src);
    if (!m) break;
    const open = m.index;
    const stripBefore = src[open + 2] === '-';
    if (m[0] === '{%') {
      throw errorAt('statements such as {% for %} / {% if %} are not supported; only {{ expressions }}', open);
    }
    pushText(src.slice(pos, open), pos, stripBefore);
    if (m[0] === '{#') {
      const close = src.indexOf('#}', open + 2);
      if (close < 0) throw errorAt('unclosed comment "{#"; close it with "#}"', open);
      stripNext = close > open + 2 && src[close - 1] === '-';
      pos = close + 2;
      continue;
    }
    const { tokens, next, stripAfter } = lexExpression(src, open, open + (stripBefore ? 3 : 2));
    segments.push({ kind: 'expr', tokens, at: open });
    stripNext = stripAfter;
    pos = next;
  }
  pushText(src.slice(pos), pos, false);
  return segments;
}

/** Tokens from `start` up to and including the `}}` closing the `{{` at `open`. */
function lexExpression(src: string, open: number, start: number): { tokens: Token[]; next: number; stripAfter: boolean } {
  const tokens: Token[] = [];
  let i = start;
  for (;;) {
    while (i < src.length && SPACE.test(src[i])) i++;
    if (i >= src.length) throw errorAt('unclosed "{{"; close it with "}}"', open);
    const c = src[i];
    if (c === '}' && src[i + 1] === '}') {
      tokens.push({ kind: 'end', at: i });
      return { tokens, next: i + 2, stripAfter: false };
    }
    if (c === '-' && src.startsWith('}}', i + 1)) {
      tokens.push({ kind: 'end', at: i });
      return { tokens, next: i + 3, stripAfter: true };
    }
    if (c === "'" || c === '"') {
      const { value, next } = lexString(src, i);
      tokens.push({ kind: 'string', value, at: i });
      i = next;
      continue;
    }
    NAME.lastIndex = i;
    let m = NAME.exec(src);
    if (m) {
      tokens.push({ kind: 'name', value: m[0], at: i });
      i += m[0].length;
      continue;
    }
    NUMBER.lastIndex = i;
    m = NUMBER.exec(src);
    if (m) {
      const value = Number(m[0]);
      if (!Number.isFinite(value)) throw errorAt(`number ${m[0]} is too large`, i);
      tokens.push({ kind: 'number', value, at: i });
      i += m[0].length;
      continue;
    }
    if (PUNCT.has(c)) {
      tokens.push({ kind: 'punct', value: c as Punct, at: i });
      i++;
      continue;
    }
    throw errorAt(
      `unexpected "${c}" in {{ }}: templates have no operators, dict literals or statements, ` +
        'only values, variables, .member, [index], function calls and | filters',
      i,
    );
  }
}

/** A quoted string at `at`, with Python's common escapes; unknown escapes are kept as written. */
function lexString(src: string, at: number): { value: string; next: number } {
  const quote = src[at];
  let out = '';
  let i = at + 1;
  while (i < src.length) {
    const c = src[i];
    if (c === quote) return { value: out, next: i + 1 };
    if (c !== '\\') {
      // Copy a run of plain characters at once.
      let j = i + 1;
      while (j < src.length && src[j] !== quote && src[j] !== '\\') j++;
      out += src.slice(i, j);
      i = j;
      continue;
    }
    const e = src[i + 1];
    if (e === undefined) break;
    if (Object.hasOwn(ESCAPES, e)) {
      out += ESCAPES[e];
      i += 2;
    } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
      out += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
      i += 6;
    } else {
      out += '\\' + e;
      i += 2;
    }
  }
  throw errorAt(`unclosed string: add the closing ${quote}`, at);
}
