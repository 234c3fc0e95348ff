/** Server-sent-events framing only: no sockets, no timing. */

/** A `data:` frame (OpenAI, Gemini). */
export function dataFrame(payload: string): string {
  return `data: ${payload}\n\n`;
}

/** An `event:` + `data:` frame (Anthropic, Responses). */
export function eventFrame(event: string, payload: string): string {
  return `event: ${event}\ndata: ${payload}\n\n`;
}

export const DONE_FRAME = 'data: [DONE]\n\n';

/**
 * Split text into chunks of `size` characters, counting code points so a chunk never splits
 * a surrogate pair (emoji stay whole).
 * @example chunkText('abcdef', 4) // ['abcd', 'ef']
 */
export function chunkText(text: string, size: number): string[] {
  if (text.length === 0) return [];
  const chars = Array.from(text);
  if (chars.length === text.length && text.length <= size) return [text];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}
