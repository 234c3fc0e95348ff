/**
 * Token-array inputs (`input: [9906, 11, 1917]` or a list of such arrays): clients that count
 * tokens themselves send them (LangChain's OpenAIEmbeddings does by default). They are decoded
 * with cl100k_base, the encoding of OpenAI's embedding models, so a fixture's `user_message`
 * sees the text and the generated vector is the one the same text sent as a string gets.
 *
 * The cl100k tables (~1 MB) are loaded on the first token-array request, not at start: most
 * users never send one, and the server start stays as fast as it was.
 */
import { createRequire } from 'node:module';

interface Cl100k {
  decode(tokens: readonly number[]): string;
}

let cl100k: Cl100k | undefined;

function tokenizer(): Cl100k {
  // A synchronous load (decode is synchronous); `require` resolves the package's CJS build.
  cl100k ??= createRequire(import.meta.url)('gpt-tokenizer/encoding/cl100k_base') as Cl100k;
  return cl100k;
}

/**
 * The text of a list of cl100k token ids, or an error naming the first id that is not a token.
 * @example decodeTokens([9906, 11, 1917, 0]) // { ok: true, text: 'Hello, world!' }
 */
export function decodeTokens(tokens: readonly number[]): { ok: true; text: string } | { ok: false; badToken: unknown } {
  for (const t of tokens) if (!Number.isInteger(t) || t < 0) return { ok: false, badToken: t };
  try {
    return { ok: true, text: tokenizer().decode(tokens) };
  } catch {
    // gpt-tokenizer names the id it does not know; find it ourselves for a stable message.
    const dec = tokenizer();
    for (const t of tokens) {
      try {
        dec.decode([t]);
      } catch {
        return { ok: false, badToken: t };
      }
    }
    return { ok: false, badToken: null };
  }
}
