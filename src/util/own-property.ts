/**
 * One step of a walk through request data, shared by both template features (the fixture
 * `content_template` and load chaos's `template` response mode). Templates may come from
 * users (a fixture file, a config, even a request header), so a walk only ever reads the
 * data's own values: never an inherited member (`toString`, `hasOwnProperty`) and never a
 * name that leads to the prototype chain or to constructors, which is how template injection
 * usually escapes into code.
 */

/** Names that would reach the prototype chain or a constructor instead of data. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'prototype', 'constructor']);

/** True for a name a template may never read, whatever the data holds. */
export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

/** An object as `JSON.parse` builds it: its prototype is `Object.prototype` (or none). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The value at `key` in `container`, or `undefined` when there is none.
 * - an integer key indexes an array, a negative one counting from the end (`-1` is the last);
 * - a string key reads an own property of a plain object or an array (so `.length` of a list
 *   works), never an inherited one and never a forbidden name (even when a JSON body carries
 *   `"__proto__"` as an own key);
 * - anything else (a string, a number, a class instance) holds no members.
 * @example ownMember([1, 2, 3], -1) // 3
 * @example ownMember({}, 'toString') // undefined
 */
export function ownMember(container: unknown, key: string | number): unknown {
  if (container === null || typeof container !== 'object') return undefined;
  if (typeof key === 'number') {
    if (!Array.isArray(container) || !Number.isInteger(key)) return undefined;
    const idx = key < 0 ? container.length + key : key;
    return idx >= 0 && idx < container.length ? container[idx] : undefined;
  }
  if (FORBIDDEN_KEYS.has(key)) return undefined;
  if (!Array.isArray(container) && !isPlainObject(container)) return undefined;
  return Object.hasOwn(container, key) ? (container as Record<string, unknown>)[key] : undefined;
}
