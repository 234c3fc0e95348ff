/**
 * One full garbage collection, run once by `llmposter` (the CLI) after start-up and before it
 * says it is listening.
 *
 * Why: start-up builds large long-lived tables (the tokenizer's ranks, the compiled fixtures)
 * in V8's young generation. Left there, they are copied and promoted by the first minor
 * collections once traffic starts: measured at 20-30 ms pauses in the first second of a
 * 1,000-stream load test, which clients see as late first tokens and late frames. A full
 * collection now moves them to the old generation while nobody is waiting.
 *
 * `gc` is not exposed without `--expose-gc`; setting the flag at run time and taking `gc` from
 * a fresh context is the way Node's own documentation shows for `v8.setFlagsFromString`.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Collect garbage now. Returns how long it took (ms), or undefined when `gc` was not available. */
export function settleHeap(): number | undefined {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('typeof gc === "function" ? gc : undefined') as (() => void) | undefined;
  if (gc === undefined) return undefined;
  const t0 = performance.now();
  gc();
  return performance.now() - t0;
}
