/**
 * An entry as users read it: credentials masked (header values and wherever else they appear),
 * bodies parsed or kept as text, and only 64 KB of a large body held.
 */
import { describe, expect, it } from '@jest/globals';
import { BODY_CAP_BYTES, entryView, storedEntry, type JournalFacts } from '../../../src/journal/entry.js';

function facts(over: Partial<JournalFacts>): JournalFacts {
  return {
    id: 'req_1', arrivedAtMs: 0, method: 'POST', url: '/v1/chat/completions', headers: {}, body: undefined, provider: 'openai', model: 'gpt-4o',
    userMessage: null, fixture: null, outcome: 'response', status: 200, seed: 1, ttfbMs: null, durationMs: 0, frames: 1, end: 'completed', nearMiss: null,
    ...over,
  };
}

describe('journal entries', () => {
  it('masks credential headers and their values elsewhere, and a short Gemini ?key=', () => {
    const e = entryView(
      storedEntry(
        facts({
          url: '/v1beta/models/m:generateContent?alt=sse&key=ab',
          headers: { authorization: 'Bearer sk-abcdef', 'x-echo': 'sk-abcdef', 'proxy-authorization': 'Basic dXNlcjpwYXNz' },
          body: Buffer.from(JSON.stringify({ note: 'key sk-abcdef' })),
          userMessage: 'my key: sk-abcdef',
        }),
        0,
        'x-llmposter-test-id',
      ),
    );
    expect(e.headers).toEqual({ authorization: '[REDACTED]', 'x-echo': '[REDACTED]', 'proxy-authorization': '[REDACTED]' });
    expect(e.body).toEqual({ note: 'key [REDACTED]' });
    expect(e.user_message).toBe('my key: [REDACTED]');
    expect(e.path).toBe('/v1beta/models/m:generateContent?alt=sse&key=[REDACTED]');
  });

  it('keeps a small body by reference and copies only the first 64 KB of a large one', () => {
    const small = Buffer.from('{"a":1}');
    expect(storedEntry(facts({ body: small }), 0, 'x').body).toBe(small);
    // A short body that is a view into a large buffer is copied, not kept with the buffer.
    const view1 = Buffer.alloc(1 << 20, 'z').subarray(0, 10);
    const copied = storedEntry(facts({ body: view1 }), 0, 'x').body!;
    expect(copied.equals(view1)).toBe(true);
    expect(copied.buffer.byteLength).toBeLessThan(1 << 20);
    const big = Buffer.alloc(BODY_CAP_BYTES * 3, 'y');
    const kept = storedEntry(facts({ body: big }), 0, 'x');
    expect(kept.body!.length).toBe(BODY_CAP_BYTES);
    expect(kept.body!.buffer).not.toBe(big.buffer);
    const view = entryView(kept);
    expect(view.body_truncated).toBe(true);
    expect(view.body).toBe('y'.repeat(BODY_CAP_BYTES));
  });

  it('a body that is not JSON is its text; no body is null', () => {
    expect(entryView(storedEntry(facts({ body: Buffer.from('not json') }), 0, 'x')).body).toBe('not json');
    expect(entryView(storedEntry(facts({ body: undefined }), 0, 'x')).body).toBeNull();
  });
});
