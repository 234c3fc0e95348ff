/**
 * A small cache of values computed from strings that come from requests (model ids, texts).
 * Requests can send any number of distinct strings, so it is bounded twice: keys longer than
 * `maxKeyChars` are never kept (a long one-off text would only churn it), and when
 * `maxEntries` are held it starts afresh (simpler and cheaper on the hot path than LRU
 * bookkeeping; a run uses a handful of models and fixture texts, which refill it at once).
 */
export class StringCache<T> {
  private readonly map = new Map<string, T>();

  constructor(private readonly maxEntries: number, private readonly maxKeyChars: number) {}

  get(key: string): T | undefined {
    // A key too long to be kept is not looked up either: the lookup would hash all of it.
    return key.length > this.maxKeyChars ? undefined : this.map.get(key);
  }

  set(key: string, value: T): void {
    if (key.length > this.maxKeyChars) return;
    if (this.map.size >= this.maxEntries) this.map.clear();
    this.map.set(key, value);
  }

  /** How many entries are held (for tests of the bound). */
  get size(): number {
    return this.map.size;
  }
}

/**
 * `fn` with its results cached in a `StringCache`.
 * @example const isLong = memoByString((s) => s.length > 3, 1000, 256); isLong('gpt-4o') // true, computed once
 */
export function memoByString<T>(fn: (key: string) => T, maxEntries: number, maxKeyChars: number): (key: string) => T {
  const cache = new StringCache<T>(maxEntries, maxKeyChars);
  return (key) => {
    let hit = cache.get(key);
    if (hit === undefined) {
      hit = fn(key);
      cache.set(key, hit);
    }
    return hit;
  };
}
