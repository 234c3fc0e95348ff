/**
 * "Did you mean" for words a fixture author types: unknown keys, and finish words that are a
 * typo of a known one (`lenght` -> `length`).
 */

/** Edit distance (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return d[b.length];
}

/**
 * The allowed word `word` is most likely a typo of (case-insensitive, a few edits away), or
 * undefined when none is close.
 * @example closest('user_mesage', ['user_message', 'model']) // 'user_message'
 * @example closest('lenght', ['stop', 'length'])             // 'length'
 */
export function closest(word: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of allowed) {
    const dist = distance(word.toLowerCase(), k);
    if (dist < bestD) [best, bestD] = [k, dist];
  }
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}
