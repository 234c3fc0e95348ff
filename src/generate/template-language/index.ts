/**
 * Load chaos's `template` response mode: a small, safe template language that reads like the
 * Jinja2 templates ChaosLLM users already have (`{{ random_choice(['a', 'b']) }}`,
 * `{{ messages[-1].content | upper }}`), without Jinja's risk. ChaosLLM rendered templates,
 * including ones sent in the `X-Fake-Template` request header, with a non-sandboxed Jinja2,
 * so a request could run code on the server. Here a template is parsed once into a tree and
 * evaluated over plain JSON data: no eval, no Function, no vm, no access to objects other than
 * the request's own data, no loops, and bounded size, nesting and output.
 *
 * @example
 * const t = compileChaosTemplate('{"label": "{{ random_choice([\'yes\', \'no\']) }}", "n": {{ messages | length }}}');
 * t.render({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], request: body }, { rng, nowMs });
 * // '{"label": "no", "n": 1}'
 */
import type { Rng } from '../../random/rng.js';
import { errorAt, TemplateLanguageError, ValueProblem } from './errors.js';
import { evaluatePresent, type Scope } from './evaluate.js';
import { lex } from './lexer.js';
import { parseExpression, type Node } from './parser.js';
import { Budget, toText } from './values.js';

export { TemplateLanguageError } from './errors.js';
export { RANDOM_WORDS_MAX_COUNT } from './functions.js';
export { MAX_NESTING } from './parser.js';

/** The data a template reads: `model`, `messages` and the whole request body as `request`. */
export interface TemplateVars {
  model: unknown;
  messages: unknown;
  request: unknown;
}

/** Where a render draws randomness and time from: both injected, so a render can be replayed. */
export interface TemplateEnv {
  rng: Rng;
  /** The current time in milliseconds, for `timestamp()`. */
  nowMs: number;
}

export interface ChaosTemplate {
  readonly source: string;
  /** The rendered text; throws TemplateLanguageError (a missing value, a bad argument, too much output). */
  render(vars: TemplateVars, env: TemplateEnv): string;
}

/** The longest template accepted by default (ChaosLLM's `max_template_length`). */
export const TEMPLATE_DEFAULT_MAX_LENGTH = 10_000;

/** The most characters one render may produce. */
export const TEMPLATE_MAX_OUTPUT_CHARS = 65_536;

/**
 * The most characters a render may build along the way (function results, joins, JSON):
 * intermediate text is bounded even when it never reaches the output.
 */
const MAX_BUILT_CHARS = 16 * TEMPLATE_MAX_OUTPUT_CHARS;

/** The most characters of request data a render may read whole (`| length`, `| upper`...). */
const MAX_SCANNED_CHARS = 64 * 1024 * 1024;

type Part = { text: string; at: number } | { node: Node };

/**
 * Compile a template once; render it per request. Throws TemplateLanguageError (with the
 * character position) for anything wrong that does not depend on the request: syntax,
 * unknown names or filters, `{% statements %}`, forbidden keys, too long, nested too deep.
 */
export function compileChaosTemplate(source: string, opts: { maxLength?: number } = {}): ChaosTemplate {
  const maxLength = opts.maxLength ?? TEMPLATE_DEFAULT_MAX_LENGTH;
  if (source.length > maxLength) {
    throw errorAt(`the template is ${source.length} characters long; the limit is ${maxLength}`, maxLength);
  }
  const parts: Part[] = lex(source).map((seg) => (seg.kind === 'text' ? { text: seg.text, at: seg.at } : { node: parseExpression(seg.tokens, source) }));

  return {
    source,
    render(vars: TemplateVars, env: TemplateEnv): string {
      const scope: Scope = { model: vars.model, messages: vars.messages, request: vars.request };
      const rt = { rng: env.rng, nowMs: env.nowMs, budget: new Budget(MAX_BUILT_CHARS, MAX_SCANNED_CHARS) };
      let out = '';
      for (const part of parts) {
        let text: string;
        let at: number;
        if ('text' in part) {
          text = part.text;
          at = part.at;
        } else {
          at = part.node.at;
          try {
            text = toText(evaluatePresent(part.node, scope, rt), rt.budget);
          } catch (err) {
            if (err instanceof ValueProblem) throw errorAt(err.message, at);
            throw err;
          }
        }
        if (out.length + text.length > TEMPLATE_MAX_OUTPUT_CHARS) {
          throw errorAt(`the output would be longer than ${TEMPLATE_MAX_OUTPUT_CHARS} characters`, at);
        }
        out += text;
      }
      return out;
    },
  };
}

