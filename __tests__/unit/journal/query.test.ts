import { describe, expect, it } from '@jest/globals';
import { parseJournalQuery } from '../../../src/journal/query.js';

const parse = (q: string) => parseJournalQuery(new URLSearchParams(q));

describe('parseJournalQuery', () => {
  it('reads every filter', () => {
    expect(parse('limit=5&since=req_1&fixture=a.yaml%230&status=404&model=gpt-4o&test_id=t')).toEqual({
      ok: true,
      filter: { limit: 5, since: 'req_1', fixture: 'a.yaml#0', status: 404, model: 'gpt-4o', testId: 't' },
    });
    expect(parse('')).toEqual({ ok: true, filter: {} });
  });

  it('names every problem at once', () => {
    const r = parse('limit=-1&status=abc&colour=red');
    expect(r.ok).toBe(false);
    expect((r as { message: string }).message).toBe(
      'Bad /admin/requests query: limit must be a whole number >= 1, got "-1"; status must be an HTTP status code (100-599), got "abc"; unknown query parameter "colour" (known: limit, since, fixture, status, model, test_id).',
    );
  });
});
