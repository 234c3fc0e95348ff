/**
 * An answer as the neutral list of stream parts every provider's stream encoder maps to its
 * own events: one part per answer part (text, thinking, refusal, tool call), then the finish.
 * Chunking is decided here, once, not in each encoder: a part's text is a `TextChunks`, cut into
 * `chunkSize`-character deltas *on demand*. A stream holds its answer's text, not a list of
 * small strings: at a thousand concurrent streams that is the difference between the garbage
 * collector copying a few objects per stream and copying a hundred.
 * `part` is the index of the answer part, so encoders that open and close content blocks
 * (Anthropic, Responses) know where one ends and the next begins.
 */
import type { Answer, Finish, Usage } from './answer.js';

/** Cuts a text at token boundaries; undefined when it cannot (characters are the fallback). */
export type TokenChunker = (text: string) => TextChunks | undefined;

/** A text cut into deltas: `get(k)` is the kth delta, sliced when asked for. */
export interface TextChunks {
  readonly count: number;
  get(k: number): string;
}

export type StreamPart =
  | { type: 'text' | 'thinking' | 'refusal'; part: number; chunks: TextChunks }
  | { type: 'tool-call'; part: number; call: number; id: string; name: string; arguments: TextChunks }
  | { type: 'finish'; finish: Finish; usage: Usage };

/**
 * `byTokens`, when given, cuts text at real token boundaries (`streaming.chunk_tokens`; the
 * tokenizer lives in generate/, which depends on these types, so it is passed in).
 * @example toStreamParts({ parts: [{ type: 'text', text: 'abcdef' }], finish: { reason: 'stop' }, usage }, 4)
 * // [{ type: 'text', part: 0, chunks: ('abcd', 'ef') }, { type: 'finish', ... }]
 */
export function toStreamParts(answer: Answer, chunkSize: number, byTokens?: TokenChunker): StreamPart[] {
  const out: StreamPart[] = [];
  let call = 0;
  answer.parts.forEach((p, part) => {
    switch (p.type) {
      case 'text':
      case 'thinking':
      case 'refusal':
        out.push({ type: p.type, part, chunks: chunked(p.text, chunkSize, byTokens) });
        break;
      case 'tool_call':
        out.push({ type: 'tool-call', part, call: call++, id: p.id, name: p.name, arguments: chunked(p.argumentsJson, chunkSize, byTokens) });
        break;
      default: {
        const never: never = p;
        throw new Error(`unknown answer part ${JSON.stringify(never)}`);
      }
    }
  });
  out.push({ type: 'finish', finish: answer.finish, usage: answer.usage });
  return out;
}

/**
 * `chunk_tokens` (and token pacing) cut at token boundaries; else `chunkSize` characters (also
 * the fallback for a text the tokenizer cannot give back whole).
 */
function chunked(text: string, chunkSize: number, byTokens: TokenChunker | undefined): TextChunks {
  if (byTokens === undefined) return textChunks(text, chunkSize);
  return byTokens(text) ?? textChunks(text, chunkSize);
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * `text` in deltas of `size` characters, counting code points so a delta never splits a
 * surrogate pair (emoji stay whole).
 * @example const c = textChunks('abcdef', 4); [c.count, c.get(0), c.get(1)] // [2, 'abcd', 'ef']
 */
export function textChunks(text: string, size: number): TextChunks {
  if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`chunk size must be a whole number >= 1, got ${size}`);
  if (!SURROGATE.test(text)) {
    // One UTF-16 unit per character: plain slicing, nothing stored but the text.
    return new PlainChunks(text, size);
  }
  // Where each delta starts, in UTF-16 units (the last entry is the end of the text).
  const starts: number[] = [];
  let chars = 0;
  for (let i = 0; i < text.length; chars++) {
    if (chars % size === 0) starts.push(i);
    // A pair counts as one character (as Array.from counts); a lone surrogate as one too.
    const c = text.charCodeAt(i);
    const d = text.charCodeAt(i + 1);
    i += c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
  }
  starts.push(text.length);
  return { count: starts.length - 1, get: (k) => text.slice(starts[k], starts[k + 1]) };
}

/** Text without surrogates: delta k is a plain slice. A class: one object per open stream. */
class PlainChunks implements TextChunks {
  readonly count: number;
  constructor(
    private readonly text: string,
    private readonly size: number,
  ) {
    this.count = Math.ceil(text.length / size);
  }
  get(k: number): string {
    return this.text.slice(k * this.size, (k + 1) * this.size);
  }
}

/**
 * Every delta of `text` at once (tests, and callers that want the list).
 * @example chunkText('abcdef', 4) // ['abcd', 'ef']
 */
export function chunkText(text: string, size: number): string[] {
  const c = textChunks(text, size);
  return Array.from({ length: c.count }, (_, k) => c.get(k));
}
