/**
 * The one error a chaos template raises, at compile time (bad syntax, unknown names, limits)
 * or at render time (a missing value, a bad argument, the output limit). Every message names
 * the 1-based character where the problem is, so a template sent in an `X-Fake-Template`
 * header can be fixed from the error response alone.
 */

/** A template error; `offset` is the 0-based character index in the template source. */
export class TemplateLanguageError extends Error {
  constructor(message: string, readonly offset?: number) {
    super(message);
    this.name = 'TemplateLanguageError';
  }
}

/** Build an error whose message ends with the (1-based) character position. */
export function errorAt(message: string, offset: number): TemplateLanguageError {
  return new TemplateLanguageError(`${message} (at character ${offset + 1})`, offset);
}

/**
 * A problem found inside a function or filter, which does not know where it was called from;
 * the evaluator turns it into a TemplateLanguageError at the call's position.
 */
export class ValueProblem extends Error {}
