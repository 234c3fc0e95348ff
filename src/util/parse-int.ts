/**
 * The one parser for integers that users type: flags, environment variables, headers, query
 * parameters. Decimal digits only (no sign, no exponent, no "1.0"), surrounding spaces
 * ignored, and a range so every caller says what is allowed in the same words.
 */

/**
 * Parse `raw` as an integer in [min, max], or throw a RangeError naming `name`, the range and
 * what was given. Callers rethrow it as their own error type when they have one.
 * @example parseIntIn('42', { name: '--port', min: 0, max: 65535 }) // 42
 * @example parseIntIn('4x', { name: '--port', min: 0, max: 65535 }) // throws "--port must be an integer from 0 to 65535, got '4x'"
 */
export function parseIntIn(raw: string | number, opts: { name: string; min: number; max?: number }): number {
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  const text = String(raw).trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < opts.min || n > max) {
    const range = opts.max === undefined ? `>= ${opts.min}` : `from ${opts.min} to ${max}`;
    throw new RangeError(`${opts.name} must be an integer ${range}, got '${raw}'`);
  }
  return n;
}
