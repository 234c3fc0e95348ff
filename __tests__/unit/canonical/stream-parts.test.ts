/** The neutral stream parts: chunking happens once, here, for every provider's encoder. */
import { describe, expect, it } from '@jest/globals';
import type { Answer } from '../../../src/canonical/answer.js';
import { chunkText, textChunks, toStreamParts, type StreamPart } from '../../../src/canonical/stream-parts.js';

const usage = { inputTokens: 11, outputTokens: 7 };

describe('chunkText', () => {
  it.each<[string, number, string[]]>([
    ['abcdef', 4, ['abcd', 'ef']],
    ['abcdef', 2, ['ab', 'cd', 'ef']],
    ['abcdef', 1, ['a', 'b', 'c', 'd', 'e', 'f']],
    ['abcdef', 6, ['abcdef']],
    ['abcdef', 7, ['abcdef']],
    ['abc', 1000, ['abc']],
    ['a', 1, ['a']],
    ['line1\nline2', 5, ['line1', '\nline', '2']],
  ])('chunkText(%j, %d)', (text, size, expected) => {
    expect(chunkText(text, size)).toEqual(expected);
  });

  it('returns no chunks at all for empty text, whatever the size', () => {
    expect(chunkText('', 1)).toEqual([]);
    expect(chunkText('', 20)).toEqual([]);
  });

  it('counts an emoji (a surrogate pair) as one character and never splits it', () => {
    // '😀' is 2 UTF-16 units; a naive slice of size 1 would produce lone surrogates.
    expect(chunkText('😀😀😀', 1)).toEqual(['😀', '😀', '😀']);
    expect(chunkText('a😀b😀c', 2)).toEqual(['a😀', 'b😀', 'c']);
    expect(chunkText('ab😀', 2)).toEqual(['ab', '😀']);
    expect(chunkText('😀x', 10)).toEqual(['😀x']);
  });

  it('never leaves a lone high or low surrogate at a chunk edge', () => {
    const text = 'héllo 👋🏽 wörld 🎉🎉 𝒳𝒴𝒵 done';
    for (let size = 1; size <= 8; size++) {
      const chunks = chunkText(text, size);
      expect(chunks.join('')).toBe(text);
      for (const c of chunks) {
        expect([c, /^[\uDC00-\uDFFF]/.test(c)]).toEqual([c, false]);
        expect([c, /[\uD800-\uDBFF]$/.test(c)]).toEqual([c, false]);
        expect([c, Array.from(c).length <= size]).toEqual([c, true]);
      }
      // All chunks but the last are full: `size` code points each.
      expect(chunks.slice(0, -1).map((c) => Array.from(c).length)).toEqual(Array(chunks.length - 1).fill(size));
    }
  });

  it('keeps a lone surrogate in the input as its own character', () => {
    expect(chunkText('\uD83Dab', 2)).toEqual(['\uD83Da', 'b']);
  });
});

describe('textChunks', () => {
  it('slices on demand and agrees with chunkText', () => {
    const c = textChunks('abcdefghij', 3);
    expect(c.count).toBe(4);
    expect([c.get(3), c.get(0), c.get(2)]).toEqual(['j', 'abc', 'ghi']);
    expect(Array.from({ length: c.count }, (_, k) => c.get(k))).toEqual(chunkText('abcdefghij', 3));
  });

  it('counts code points on the surrogate path too', () => {
    const c = textChunks('a😀b😀c', 2);
    expect(c.count).toBe(3);
    expect(c.get(1)).toBe('b😀');
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects a chunk size of %p instead of looping forever', (size) => {
    expect(() => textChunks('abc', size)).toThrow(RangeError);
  });
});

/** A part with its chunks spelled out, for comparison. */
const spelled = (parts: StreamPart[]) =>
  parts.map((p) => {
    if (p.type === 'finish') return p;
    if (p.type === 'tool-call') {
      const { arguments: args, ...rest } = p;
      return { ...rest, arguments: Array.from({ length: args.count }, (_, k) => args.get(k)) };
    }
    const { chunks, ...rest } = p;
    return { ...rest, chunks: Array.from({ length: chunks.count }, (_, k) => chunks.get(k)) };
  });

describe('toStreamParts', () => {
  it('one part per answer part, chunked, then the finish part carrying finish and usage', () => {
    const answer: Answer = { parts: [{ type: 'text', text: 'abcdef' }], finish: { reason: 'stop' }, usage };
    expect(spelled(toStreamParts(answer, 4))).toEqual([
      { type: 'text', part: 0, chunks: ['abcd', 'ef'] },
      { type: 'finish', finish: { reason: 'stop' }, usage },
    ]);
  });

  it('keeps part order, indexes parts by position and numbers tool calls separately from 0', () => {
    const answer: Answer = {
      parts: [
        { type: 'thinking', text: 'hmm' },
        { type: 'text', text: 'Hi!' },
        { type: 'tool_call', id: 'call_a', name: 'lookup', argumentsJson: '{"q":"x"}' },
        { type: 'refusal', text: 'no' },
        { type: 'tool_call', id: 'call_b', name: 'other', argumentsJson: '{}' },
      ],
      finish: { reason: 'tool_calls', written: { openai: 'tool_calls' } },
      usage,
    };
    expect(spelled(toStreamParts(answer, 4))).toEqual([
      { type: 'thinking', part: 0, chunks: ['hmm'] },
      { type: 'text', part: 1, chunks: ['Hi!'] },
      { type: 'tool-call', part: 2, call: 0, id: 'call_a', name: 'lookup', arguments: ['{"q"', ':"x"', '}'] },
      { type: 'refusal', part: 3, chunks: ['no'] },
      { type: 'tool-call', part: 4, call: 1, id: 'call_b', name: 'other', arguments: ['{}'] },
      { type: 'finish', finish: { reason: 'tool_calls', written: { openai: 'tool_calls' } }, usage },
    ]);
  });

  it('an empty text part has no chunks; an answer with no parts is just the finish', () => {
    const finish = { reason: 'stop' as const };
    expect(spelled(toStreamParts({ parts: [{ type: 'text', text: '' }], finish, usage }, 5))).toEqual([
      { type: 'text', part: 0, chunks: [] },
      { type: 'finish', finish, usage },
    ]);
    expect(toStreamParts({ parts: [], finish, usage }, 5)).toEqual([{ type: 'finish', finish, usage }]);
  });

  it('a tool call with empty arguments has no argument chunks', () => {
    const finish = { reason: 'tool_calls' as const };
    expect(spelled(toStreamParts({ parts: [{ type: 'tool_call', id: 'i', name: 'n', argumentsJson: '' }], finish, usage }, 5))).toEqual([
      { type: 'tool-call', part: 0, call: 0, id: 'i', name: 'n', arguments: [] },
      { type: 'finish', finish, usage },
    ]);
  });

  it('chunks by code points in every part kind', () => {
    const finish = { reason: 'stop' as const };
    const parts = toStreamParts({ parts: [{ type: 'text', text: '🎉🎉🎉' }, { type: 'refusal', text: '🙅x' }], finish, usage }, 2);
    expect(spelled(parts)).toEqual([
      { type: 'text', part: 0, chunks: ['🎉🎉', '🎉'] },
      { type: 'refusal', part: 1, chunks: ['🙅x'] },
      { type: 'finish', finish, usage },
    ]);
  });

  it('rejects an unknown part type', () => {
    const bad = { parts: [{ type: 'image', url: 'x' }], finish: { reason: 'stop' }, usage } as unknown as Answer;
    expect(() => toStreamParts(bad, 5)).toThrow('unknown answer part {"type":"image","url":"x"}');
  });
});
