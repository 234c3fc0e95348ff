/**
 * Embedding vectors nobody wrote: a request no fixture answers still gets a vector, fixed by
 * (server seed, model, input text) and L2-normalised, so the same text always embeds the same
 * way under the same model, in any request order and on every run. Similar texts are *not*
 * close (it is a hash, not a model): tests get stable numbers, not semantics.
 */
import { deriveSeed, hashString, seededFloats } from '../random/rng.js';

/** OpenAI's text-embedding-3-small and ada-002 size, the size most clients expect. */
export const DEFAULT_EMBEDDING_DIMENSIONS = 1536;

/**
 * @example generatedEmbedding(2112, 'text-embedding-3-small', 'hello', 1536).length // 1536
 */
export function generatedEmbedding(serverSeed: number, model: string, input: string, dimensions: number): number[] {
  const v = seededFloats(deriveSeed(serverSeed, 'embedding', hashString(model), hashString(input)), dimensions);
  return normalised(v);
}

/** `v` scaled to length 1 (a zero vector stays zero). */
export function normalised(v: ArrayLike<number>): number[] {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  const scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  // A plain loop: Array.from with a map function is several times slower, and a batch of
  // 2,048 inputs x 1,536 dimensions runs this three million times.
  const out = new Array<number>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] * scale;
  return out;
}
