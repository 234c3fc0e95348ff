/**
 * Evaluates a parsed expression over the request's plain JSON data. Nothing here can reach
 * code: variables are three fixed values, member access reads own data only (see
 * util/own-property.ts), functions and filters come from fixed tables, and there are no loops,
 * so the work is bounded by the template's size (and the per-render character allowance).
 */
import { ownMember } from '../../util/own-property.js';
import { errorAt, TemplateLanguageError, ValueProblem } from './errors.js';
import type { Runtime } from './functions.js';
import { isRefusedKey, type Node, type VariableName } from './parser.js';
import { asValue, Missing, typeName, type Value } from './values.js';

/** The data a template reads, as ChaosLLM passes it: the model, the messages, the whole body. */
export type Scope = Readonly<Record<VariableName, unknown>>;

/** The error for using a missing value (ChaosLLM used Jinja's StrictUndefined, which fails too). */
export function undefinedError(m: Missing, fallbackAt: number): TemplateLanguageError {
  return errorAt(`${m.label} is undefined; write {{ ${m.label} | default('...') }} if it may be missing`, m.at >= 0 ? m.at : fallbackAt);
}

/** Run a function or filter body, placing its problems at `at`. */
function placed<T>(at: number, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ValueProblem) throw errorAt(err.message, at);
    throw err;
  }
}

/** A value that must be there (arguments, list items, keys, output). */
export function evaluatePresent(node: Node, scope: Scope, rt: Runtime): Value {
  const v = evaluate(node, scope, rt);
  if (v instanceof Missing) throw undefinedError(v, node.at);
  return v;
}

export function evaluate(node: Node, scope: Scope, rt: Runtime): Value | Missing {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'list':
      return node.items.map((item) => evaluatePresent(item, scope, rt));
    case 'variable':
      return asValue(scope[node.name], node.name, node.at);
    case 'call': {
      const positional = node.args.positional.map((a) => evaluatePresent(a, scope, rt));
      const named = new Map<string, Value>();
      for (const [k, a] of node.args.named) named.set(k, evaluatePresent(a, scope, rt));
      return asValue(placed(node.at, () => node.fn.call(positional, named, rt)), node.label, node.at);
    }
    case 'chain': {
      let cur = evaluate(node.base, scope, rt);
      for (const step of node.steps) {
        // The first missing link is the one worth reporting: `request.a` in `request.a.b`.
        if (cur instanceof Missing) return cur;
        let key: string | number;
        if (step.kind === 'key') {
          key = step.key;
        } else {
          const k = evaluatePresent(step.key, scope, rt);
          if (typeof k === 'string') {
            // Literal keys were checked at compile time; a computed one (from request data,
            // which may carry "__proto__" as an own key) is checked here.
            if (isRefusedKey(k)) throw errorAt(`the key "${k}" is not allowed: templates read request data only, never internals`, step.at);
            key = k;
          } else if (typeof k === 'number') {
            key = k;
          } else {
            throw errorAt(`a key in [ ] must be a string or a number, got ${typeName(k)}`, step.at);
          }
        }
        cur = asValue(ownMember(cur, key), step.label, step.at);
      }
      return cur;
    }
    case 'filters': {
      let cur = evaluate(node.base, scope, rt);
      for (const f of node.filters) {
        if (cur instanceof Missing && !f.filter.acceptsMissing) throw undefinedError(cur, f.at);
        const input = cur;
        const positional = f.args.positional.map((a) => evaluatePresent(a, scope, rt));
        const named = new Map<string, Value>();
        for (const [k, a] of f.args.named) named.set(k, evaluatePresent(a, scope, rt));
        const out = placed(f.at, () => f.filter.apply(input, positional, named, rt));
        cur = out instanceof Missing ? new Missing(f.label, f.at) : asValue(out, f.label, f.at);
      }
      return cur;
    }
  }
}
