/**
 * An entry as users read it: credentials masked (header values and wherever else they appear),
 * bodies parsed or kept as text, and only 64 KB of a large body held.
 */
import { describe, expect, it } from '@jest/globals';
import { BODY_CAP_BYTES, entryView, storedEntry, type JournalFacts } from '../../../src/journal/entry.js';

function facts(over: Partial<JournalFacts>): JournalFacts {
  return {
    id: 'req_1', arrivedAtMs: 0, method: 'POST', url: '/v1/chat/completions', headers: '', testId: null, body: undefined, bodyBytes: 0, provider: 'openai', model: 'gpt-4o',
    userMessage: null, fixture: null, outcome: 'response', status: 200, seed: 1, ttfbMs: null, durationMs: 0, frames: 1, end: 'completed', nearMiss: null,
    ...over,
  };
}

/** Headers as the route stores them: node's rawHeaders, joined by line breaks. */
const rawText = (h: Record<string, string>) => Object.entries(h).flat().join('\n');
const bodyOf = (text: string) => ({ body: text, bodyBytes: Buffer.byteLength(text) });

describe('journal entries', () => {
  it('masks credential headers and their values elsewhere, and a short Gemini ?key=', () => {
    const e = entryView(
      storedEntry(
        facts({
          url: '/v1beta/models/m:generateContent?alt=sse&key=ab',
          headers: rawText({ Authorization: 'Bearer sk-abcdef', 'X-Echo': 'sk-abcdef', 'proxy-authorization': 'Basic dXNlcjpwYXNz' }),
          ...bodyOf(JSON.stringify({ note: 'key sk-abcdef' })),
          userMessage: 'my key: sk-abcdef',
        }),
        0,
      ),
    );
    expect(e.headers).toEqual({ authorization: '[REDACTED]', 'x-echo': '[REDACTED]', 'proxy-authorization': '[REDACTED]' });
    expect(e.body).toEqual({ note: 'key [REDACTED]' });
    expect(e.user_message).toBe('my key: [REDACTED]');
    expect(e.path).toBe('/v1beta/models/m:generateContent?alt=sse&key=[REDACTED]');
  });

  it('keeps the body text, and only its first 64 KB (as UTF-8) when it is longer', () => {
    expect(storedEntry(facts(bodyOf('{"a":1}')), 0).body).toBe('{"a":1}');
    const kept = storedEntry(facts(bodyOf('y'.repeat(BODY_CAP_BYTES * 3))), 0);
    expect(kept.body).toBe('y'.repeat(BODY_CAP_BYTES));
    const view = entryView(kept);
    expect(view.body_truncated).toBe(true);
    expect(view.body).toBe('y'.repeat(BODY_CAP_BYTES));
    // Two-byte characters: the cut is at 64 KB of UTF-8, not of characters.
    expect(Buffer.byteLength(storedEntry(facts(bodyOf('é'.repeat(BODY_CAP_BYTES))), 0).body!)).toBeLessThanOrEqual(BODY_CAP_BYTES);
  });

  it('raw header text comes back as node:http builds headers: lower-case names, repeats joined, set-cookie a list, __proto__ an own key', () => {
    const e = entryView(storedEntry(facts({ headers: rawText({ Accept: 'a' }) + '\nACCEPT\nb\nSet-Cookie\nx=1\nset-cookie\ny=2\n__proto__\nodd' }), 0));
    expect(e.headers).toEqual({ accept: 'a, b', 'set-cookie': ['x=1', 'y=2'], ['__proto__']: 'odd' });
    expect(Object.hasOwn(e.headers, '__proto__')).toBe(true);
  });

  it('a reused ring slot takes every field of the new facts (none left from the entry it held)', () => {
    const slot = storedEntry(facts({ ...bodyOf('{"a":1}'), userMessage: 'first', fixture: 'a.yaml#0', seed: 1, ttfbMs: 3, frames: 1 }), 0);
    const next = facts({
      id: 'req_2', arrivedAtMs: 5, method: 'GET', url: '/v1/models', headers: rawText({ Accept: 'b' }), testId: 't-2', ...bodyOf('{"b":2}'), provider: 'anthropic', model: 'claude',
      userMessage: null, fixture: null, outcome: 'stream', status: 201, seed: null, ttfbMs: null, durationMs: 9, frames: null, end: 'client_closed', nearMiss: { fixture: 'b.yaml#1', name: null, location: 'b.yaml:3', failed: [] },
    });
    const stored = storedEntry(next, 7, slot);
    expect(stored).toBe(slot);
    // Every key of the facts (the helper above has them all: the type requires it) plus seq.
    expect(stored).toEqual({ ...next, seq: 7 });
  });

  it('a body that is not JSON is its text; no body is null', () => {
    expect(entryView(storedEntry(facts(bodyOf('not json')), 0)).body).toBe('not json');
    expect(entryView(storedEntry(facts({ body: undefined }), 0)).body).toBeNull();
  });
});
