/**
 * The kept responses behind `GET /v1/responses/{id}`: the last `limit` responses a server
 * answered with `store` on (the default), oldest dropped first. The real API keeps them for 30
 * days; a mock that kept everything would grow without bound under a load test.
 */
import type { ResponseStore } from '../codec.js';

/** How many responses a server keeps by default. */
export const KEPT_RESPONSES = 1000;

/**
 * @example const store = new BoundedResponseStore(2); store.put('resp_a', '{}'); store.get('resp_a') // '{}'
 */
export class BoundedResponseStore implements ResponseStore {
  /** Insertion order is age: a Map iterates oldest first. */
  private readonly kept = new Map<string, string>();

  constructor(readonly limit = KEPT_RESPONSES) {
    if (!(Number.isInteger(limit) && limit >= 1)) throw new RangeError(`the response store needs a whole limit >= 1, got ${limit}`);
  }

  get size(): number {
    return this.kept.size;
  }

  put(id: string, body: string): void {
    // A replaced entry counts as new: it moves to the young end.
    this.kept.delete(id);
    this.kept.set(id, body);
    if (this.kept.size > this.limit) this.kept.delete(this.kept.keys().next().value as string);
  }

  get(id: string): string | undefined {
    return this.kept.get(id);
  }

  clear(): void {
    this.kept.clear();
  }
}
