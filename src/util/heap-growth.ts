/**
 * Let V8's old generation grow to four times its live size between major collections, set once
 * by `llmposter` (the CLI) at start-up. Programs that embed `startServer()` keep their own
 * settings: the heap is theirs.
 *
 * Why: llmposter's live heap is larger than a bare HTTP server's (the tokenizer's tables alone
 * are about 20 MB), and a major collection costs in proportion to it. V8 picks the growth
 * factor itself (1.1x to 4x), and after an idle spell it picks the low end to save memory: in a
 * load test that pauses between phases, llmposter then ran a major collection about every
 * second at 1,000 open streams, each one showing up in the stream gaps as a 40-70 ms p99 (a
 * 1,000-stream round without one: 20-30 ms). At 4x (V8's own upper bound) the same run had two
 * in three minutes. The price is memory: tens of MB more between collections, bounded as
 * always by `--max-old-space-size`.
 */
import { setFlagsFromString } from 'node:v8';

/** The growth allowed, as V8's `--heap-growing-percent` (300: the limit is 4x the live size). */
export const HEAP_GROWING_PERCENT = 300;

export function growHeapForLoad(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
