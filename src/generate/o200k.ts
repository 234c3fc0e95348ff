/**
 * The o200k_base tokenizer (GPT-4o / GPT-5 family), loaded on first use instead of at import:
 * its tables take a few hundred milliseconds to load, and `llmposter --help`, `validate` and
 * `init` never count a token. The server loads it while starting (`warmTokenizer` in
 * tokens.ts), so no request waits for it. `require` loads the package's CommonJS build
 * synchronously (counting is synchronous); nothing else in src/ imports the ESM build, so
 * there is one copy in memory.
 */
import { createRequire } from 'node:module';

type Options = { disallowedSpecial?: Set<string> };

export interface O200k {
  countTokens(text: string, options?: Options): number;
  encode(text: string, options?: Options): number[];
  decode(tokens: number[]): string;
  decodeGenerator(tokens: Iterable<number>): Generator<string, void, undefined>;
}

let loaded: O200k | undefined;

export function o200k(): O200k {
  loaded ??= createRequire(import.meta.url)('gpt-tokenizer/encoding/o200k_base') as O200k;
  return loaded;
}
