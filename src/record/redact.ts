/**
 * What never reaches disk: the values of the request's credential headers, the keys injected
 * from the environment, and whatever the user's `--redact REGEX` patterns match, in every
 * saved string (request text in `match`, answers, error messages, verbatim frames, headers).
 * A masked `match` value becomes a regex with the mask as a wildcard, so the fixture still
 * matches the request it was recorded from.
 */

export const MASK = '[REDACTED]';

export class RedactPatternError extends Error {}

/** `--redact` patterns, compiled once (a bad one is a startup error naming it). */
export function compileRedactions(sources: readonly string[]): RegExp[] {
  return sources.map((s) => {
    if (s === '') throw new RedactPatternError('--redact needs a non-empty regular expression');
    try {
      return new RegExp(s, 'g');
    } catch (err) {
      throw new RedactPatternError(`--redact ${JSON.stringify(s)} is not a valid regular expression: ${(err as Error).message}`);
    }
  });
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class Redactor {
  private readonly literals: RegExp | undefined;

  constructor(
    private readonly patterns: readonly RegExp[],
    private readonly secrets: readonly string[] = [],
  ) {
    // Longest first, so a bearer token is masked whole rather than around a shorter secret inside it.
    const lits = [...new Set(secrets.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
    this.literals = lits.length ? new RegExp(lits.map(escapeRegex).join('|'), 'g') : undefined;
  }

  /** A redactor that also masks these literal values (one request's credentials). */
  with(secrets: readonly string[]): Redactor {
    return new Redactor(this.patterns, [...secrets, ...this.secrets]);
  }

  text(s: string): string {
    let out = this.literals ? s.replace(this.literals, MASK) : s;
    for (const re of this.patterns) {
      re.lastIndex = 0;
      // A pattern that matches the empty string would insert a mask between every character.
      out = out.replace(re, (m) => (m === '' ? '' : MASK));
    }
    return out;
  }

  /** Every string inside a JSON-like value. */
  deep<T>(value: T): T {
    if (typeof value === 'string') return this.text(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.deep(v)) as T;
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.deep(v);
      return out as T;
    }
    return value;
  }

  /**
   * A strict match pattern for a recorded value: `{equals}`, or, when part of it is masked, an
   * anchored regex with `[\s\S]*` where the masks are.
   * @example new Redactor([/sk-\w+/g]).pattern('key sk-123 here') // { regex: '^key [\\s\\S]*? here$' }
   */
  pattern(value: string): { equals: string } | { regex: string } {
    const masked = this.text(value);
    if (masked === value) return { equals: value };
    return { regex: `^${masked.split(MASK).map(escapeRegex).join('[\\s\\S]*?')}$` };
  }
}
