/**
 * An answer as the neutral list of stream parts every provider's stream encoder maps to its
 * own events. Chunking happens here, once, not in each encoder: a text part becomes deltas of
 * `chunkSize` characters, a tool call a start and argument deltas, and a finish part ends it.
 * `part` is the index of the answer part a delta belongs to, so encoders that open and close
 * content blocks (Anthropic, Responses) see where one ends and the next begins.
 */
import type { Answer, Finish, Usage } from './answer.js';

export type StreamPart =
  | { type: 'text-delta'; part: number; text: string }
  | { type: 'thinking-delta'; part: number; text: string }
  | { type: 'refusal-delta'; part: number; text: string }
  | { type: 'tool-call-start'; part: number; call: number; id: string; name: string }
  | { type: 'tool-call-delta'; part: number; call: number; argumentsDelta: string }
  | { type: 'finish'; finish: Finish; usage: Usage };

/**
 * @example toStreamParts({ parts: [{ type: 'text', text: 'abcdef' }], finish: { reason: 'stop' }, usage }, 4)
 * // [{ type: 'text-delta', part: 0, text: 'abcd' }, { type: 'text-delta', part: 0, text: 'ef' }, { type: 'finish', ... }]
 */
export function toStreamParts(answer: Answer, chunkSize: number): StreamPart[] {
  const out: StreamPart[] = [];
  let call = 0;
  answer.parts.forEach((p, part) => {
    switch (p.type) {
      case 'text':
        for (const text of chunkText(p.text, chunkSize)) out.push({ type: 'text-delta', part, text });
        break;
      case 'thinking':
        for (const text of chunkText(p.text, chunkSize)) out.push({ type: 'thinking-delta', part, text });
        break;
      case 'refusal':
        for (const text of chunkText(p.text, chunkSize)) out.push({ type: 'refusal-delta', part, text });
        break;
      case 'tool_call': {
        const c = call++;
        out.push({ type: 'tool-call-start', part, call: c, id: p.id, name: p.name });
        for (const d of chunkText(p.argumentsJson, chunkSize)) out.push({ type: 'tool-call-delta', part, call: c, argumentsDelta: d });
        break;
      }
      default: {
        const never: never = p;
        throw new Error(`unknown answer part ${JSON.stringify(never)}`);
      }
    }
  });
  out.push({ type: 'finish', finish: answer.finish, usage: answer.usage });
  return out;
}

const SURROGATE = /[\uD800-\uDFFF]/;

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
