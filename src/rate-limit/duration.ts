/**
 * Durations the way OpenAI's `x-ratelimit-reset-*` headers and 429 messages write them (Go's
 * style): `20ms`, `6.5s`, `1m26.4s`, `1m0s`.
 */

/**
 * @example goDuration(644) // '644ms'
 * @example goDuration(18642) // '18.642s'
 * @example goDuration(60000) // '1m0s'
 */
export function goDuration(ms: number): string {
  const whole = Math.ceil(ms);
  if (whole <= 0) return '0s';
  if (whole < 1000) return `${whole}ms`;
  const minutes = Math.floor(whole / 60_000);
  const seconds = trimDecimals((whole % 60_000) / 1000);
  return minutes > 0 ? `${minutes}m${seconds}s` : `${seconds}s`;
}

function trimDecimals(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}
