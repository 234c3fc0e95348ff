/**
 * Token counts from a real BPE tokenizer (o200k_base, the GPT-4o / GPT-5 family encoding),
 * not characters/4 as the seeds did. Counting is on the request path for prompts only; fixture
 * texts are fixed, so their counts are cached.
 */
import { countTokens as bpeCount } from 'gpt-tokenizer/encoding/o200k_base';

const cache = new Map<string, number>();
const CACHE_LIMIT = 10_000;
/** Long, one-off prompts would only churn the cache. */
const CACHEABLE_CHARS = 2048;

/** @example countTokens('Hello, world!') // 4 */
export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const n = bpeCount(text);
  if (text.length <= CACHEABLE_CHARS) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(text, n);
  }
  return n;
}

/**
 * Build the tokenizer's tables now (a few hundred ms, once) so the first request does not pay
 * for it. Called at server start.
 */
export function warmTokenizer(): void {
  bpeCount('warm up');
}

/**
 * Prompt tokens for a chat: each message's text plus OpenAI's documented per-message overhead
 * (3 tokens per message, 3 to prime the reply), so counts land near what the real API reports.
 */
export function countChatPromptTokens(messages: ReadonlyArray<{ role: string; text: string }>): number {
  let n = 3;
  for (const m of messages) n += 3 + countTokens(m.role) + countTokens(m.text);
  return n;
}
