/**
 * The journal ring on its own: wrap-around keeps the newest entries in order, `since` by id
 * and by time, filters combined, clearing, and waiters woken or timed out on a fake clock.
 */
import { describe, expect, it } from '@jest/globals';
import { RequestJournal, JournalQueryError } from '../../../src/journal/journal.js';
import type { JournalFacts } from '../../../src/journal/entry.js';
import { createFakeClock } from '../../../src/time/fake-clock.js';

let n = 0;
function facts(over: Partial<JournalFacts> = {}): JournalFacts {
  n++;
  return {
    id: `req_${String(n).padStart(24, '0')}`,
    arrivedAtMs: Date.UTC(2026, 0, 1, 0, 0, n),
    method: 'POST',
    url: '/v1/chat/completions',
    headers: '',
    testId: null,
    body: JSON.stringify({ n }),
    bodyBytes: JSON.stringify({ n }).length,
    provider: 'openai',
    model: 'gpt-4o',
    userMessage: `message ${n}`,
    fixture: 'f.yaml#0',
    outcome: 'response',
    status: 200,
    seed: n,
    ttfbMs: 1,
    durationMs: 2,
    frames: 1,
    end: 'completed',
    nearMiss: null,
    ...over,
  };
}

const bodies = (j: RequestJournal) => j.list().map((e) => (e.body as { n: number }).n);

describe('RequestJournal', () => {
  it('keeps the newest `capacity` entries, newest first, across several wrap-arounds', () => {
    const j = new RequestJournal(3, createFakeClock());
    const first = n + 1;
    for (let i = 0; i < 8; i++) j.add(facts());
    expect(bodies(j)).toEqual([first + 7, first + 6, first + 5]);
    expect([j.size, j.capacity, j.evicted]).toEqual([3, 3, 5]);
    expect(j.get(`req_${String(first + 4).padStart(24, '0')}`)).toBeUndefined();
    expect(j.get(`req_${String(first + 5).padStart(24, '0')}`)?.seed).toBe(first + 5);
  });

  it('since=<id> lists what was recorded after that entry; an id it does not hold is a JournalQueryError', () => {
    const j = new RequestJournal(5, createFakeClock());
    const a = facts();
    j.add(a);
    j.add(facts());
    j.add(facts());
    expect(j.list({ since: a.id }).map((e) => e.id)).toHaveLength(2);
    expect(() => j.list({ since: 'req_nope' })).toThrow(JournalQueryError);
    expect(() => j.list({ since: 'req_nope' })).toThrow(/neither an ISO 8601 time nor the id of a request the journal holds/);
  });

  it('since=<ISO time> compares arrival times, whatever order responses ended in', () => {
    const j = new RequestJournal(5, createFakeClock());
    // A long stream that arrived first ends last.
    j.add(facts({ arrivedAtMs: Date.UTC(2026, 0, 1, 10), userMessage: 'quick' }));
    j.add(facts({ arrivedAtMs: Date.UTC(2026, 0, 1, 9), userMessage: 'long stream' }));
    expect(j.list({ since: '2026-01-01T09:30:00Z' }).map((e) => e.user_message)).toEqual(['quick']);
    expect(j.list({ since: '2026-01-01' }).map((e) => e.user_message)).toEqual(['long stream', 'quick']);
  });

  it('combines filters and honours limit', () => {
    const j = new RequestJournal(10, createFakeClock());
    j.add(facts({ model: 'a', status: 200 }));
    j.add(facts({ model: 'b', status: 404, fixture: null }));
    j.add(facts({ model: 'a', status: 404, fixture: null, headers: 'x-llmposter-test-id\nt1', testId: 't1' }));
    j.add(facts({ model: 'a', status: 200, headers: 'x-llmposter-test-id\nt1', testId: 't1' }));
    expect(j.list({ model: 'a', status: 404 }).map((e) => e.test_id)).toEqual(['t1']);
    expect(j.list({ testId: 't1' })).toHaveLength(2);
    expect(j.list({ testId: 't1', limit: 1 })[0].status).toBe(200);
    expect(j.list({ fixture: 'f.yaml#0', model: 'a' })).toHaveLength(2);
    expect(j.last({ status: 404 })?.model).toBe('a');
  });

  it('clear() empties it and returns how many went', () => {
    const j = new RequestJournal(2, createFakeClock());
    j.add(facts());
    j.add(facts());
    j.add(facts());
    expect(j.clear()).toBe(2);
    expect([j.size, j.evicted, j.list()]).toEqual([0, 0, []]);
    j.add(facts());
    expect(j.size).toBe(1);
  });

  it('wakes a waiter on the n-th matching entry, and times out on its clock with what arrived', async () => {
    const clock = createFakeClock();
    const j = new RequestJournal(10, clock);
    const two = j.waitFor(2, { model: 'x' }, { timeoutMs: 100 });
    const late = j.waitFor(3, {}, { timeoutMs: 100 }).catch((e: Error) => e.message);
    j.add(facts({ model: 'x' }));
    j.add(facts({ model: 'y' }));
    j.add(facts({ model: 'x' }));
    await expect(two).resolves.toHaveLength(2);
    // The second waiter was satisfied too (3 entries of any model).
    await expect(late).resolves.toHaveLength(3);
    const short = j.waitFor(5, { model: 'y' }, { timeoutMs: 100 }).catch((e: Error) => e.message);
    clock.advance(99);
    j.add(facts({ model: 'z' }));
    clock.advance(1);
    expect(await short).toBe('waitForRequests: 1 of 5 requests (model=y) arrived within 100 ms');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('rejects waiters when closed', async () => {
    const j = new RequestJournal(2, createFakeClock());
    const w = j.waitFor(1);
    j.close();
    await expect(w).rejects.toThrow('waitForRequests: the server closed');
  });

  it('limit must be a whole number >= 1; a timeout Node cannot keep (Infinity, > 2^31-1 ms, negative) is refused, not fired after 1 ms', async () => {
    const clock = createFakeClock();
    const j = new RequestJournal(5, clock);
    j.add(facts());
    j.add(facts());
    expect(j.list({ limit: 1 })).toHaveLength(1);
    for (const limit of [0, -1, 1.5, Number.NaN]) expect(() => j.list({ limit })).toThrow(/limit must be a whole number >= 1/);
    for (const timeoutMs of [Infinity, 2 ** 31, -1, Number.NaN]) await expect(j.waitFor(3, {}, { timeoutMs })).rejects.toThrow(/timeoutMs must be a number of ms from 0 to 2147483647/);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('refuses a capacity below 1', () => {
    expect(() => new RequestJournal(0, createFakeClock())).toThrow(RangeError);
  });
});
