/**
 * `GET /admin/requests`' query string as a JournalFilter. Unknown keys and bad values are
 * refused with a message naming them, rather than silently widening the answer.
 */
import type { JournalFilter } from './journal.js';

const KEYS = ['limit', 'since', 'fixture', 'status', 'model', 'test_id'];

export type ParsedQuery = { ok: true; filter: JournalFilter } | { ok: false; message: string };

/** @example parseJournalQuery(new URLSearchParams('limit=5&status=404')) // { ok: true, filter: { limit: 5, status: 404 } } */
export function parseJournalQuery(q: URLSearchParams): ParsedQuery {
  const problems: string[] = [];
  const filter: JournalFilter = {};
  for (const key of new Set(q.keys())) {
    const all = q.getAll(key);
    if (!KEYS.includes(key)) {
      problems.push(`unknown query parameter ${JSON.stringify(key)} (known: ${KEYS.join(', ')})`);
      continue;
    }
    if (all.length > 1) {
      problems.push(`${key} is given ${all.length} times; give it once`);
      continue;
    }
    const v = all[0];
    if (v === '') {
      problems.push(`${key} is empty`);
      continue;
    }
    switch (key) {
      case 'limit':
        if (!/^\d+$/.test(v) || Number(v) < 1) problems.push(`limit must be a whole number >= 1, got ${JSON.stringify(v)}`);
        else filter.limit = Number(v);
        break;
      case 'status':
        if (!/^\d{3}$/.test(v) || Number(v) < 100 || Number(v) > 599) problems.push(`status must be an HTTP status code (100-599), got ${JSON.stringify(v)}`);
        else filter.status = Number(v);
        break;
      case 'since':
        filter.since = v;
        break;
      case 'fixture':
        filter.fixture = v;
        break;
      case 'model':
        filter.model = v;
        break;
      case 'test_id':
        filter.testId = v;
        break;
    }
  }
  return problems.length ? { ok: false, message: `Bad /admin/requests query: ${problems.join('; ')}.` } : { ok: true, filter };
}
