/** Server-sent-events framing only: no sockets, no timing. */

/**
 * One SSE frame, or a function that serialises it when the writer gets to it. Encoders return
 * thunks for the bulky frames so that a burst of new streams costs little up front (the JSON
 * work is spread over the stream's lifetime); the result is the same bytes either way.
 */
export type Frame = string | (() => string);

export function frameText(f: Frame): string {
  return typeof f === 'string' ? f : f();
}

/** A `data:` frame (OpenAI, Gemini). */
export function dataFrame(payload: string): string {
  return `data: ${payload}\n\n`;
}

/** An `event:` + `data:` frame (Anthropic, Responses, job events), with an optional `id:`. */
export function eventFrame(event: string, payload: string, id?: number | string): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${payload}\n\n`;
}

export const DONE_FRAME = 'data: [DONE]\n\n';

/**
 * Split text into chunks of `size` characters, counting code points so a chunk never splits
 * a surrogate pair (emoji stay whole).
 * @example chunkText('abcdef', 4) // ['abcd', 'ef']
 */
export function chunkText(text: string, size: number): string[] {
  if (text.length === 0) return [];
  const out: string[] = [];
  if (!SURROGATE.test(text)) {
    // Fast path: one UTF-16 unit per character, plain slicing.
    for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
    return out;
  }
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

const SURROGATE = /[\uD800-\uDFFF]/;
