/**
 * The journal's admin endpoints: `GET /admin/requests` (newest first, filtered),
 * `GET /admin/requests/{id}`, `DELETE /admin/requests`. With the journal off
 * (`--journal-size 0`) each answers 404 saying so, so a test that reads it learns why it is empty.
 */
import { Router, type Response } from 'express';
import type { NeutralError } from '../canonical/answer.js';
import { encodeOpenAiError } from '../providers/openai/errors.js';
import { JournalQueryError, type RequestJournal } from './journal.js';
import { parseJournalQuery } from './query.js';

const OFF_MESSAGE = 'The request journal is off: the server was started with --journal-size 0 (journalSize: 0). Start it with a size above 0 to record requests.';

function sendError(res: Response, err: NeutralError, code: string): void {
  const e = encodeOpenAiError(err, { code });
  res.status(e.status).set(e.headers).send(e.body);
}

export function journalRoutes(journal: RequestJournal | undefined): Router {
  const r = Router();
  if (!journal) {
    r.all(['/admin/requests', '/admin/requests/:id'], (_req, res) => sendError(res, { status: 404, message: OFF_MESSAGE }, 'journal_off'));
    return r;
  }
  r.get('/admin/requests', (req, res) => {
    const q = parseJournalQuery(new URLSearchParams(req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : ''));
    if (!q.ok) return sendError(res, { status: 400, message: q.message }, 'invalid_query');
    try {
      const data = journal.list(q.filter);
      res.json({ object: 'list', data, count: data.length, held: journal.size, capacity: journal.capacity, evicted: journal.evicted });
    } catch (err) {
      if (!(err instanceof JournalQueryError)) throw err;
      sendError(res, { status: 400, message: err.message }, 'invalid_query');
    }
  });
  r.get('/admin/requests/:id', (req, res) => {
    const entry = journal.get(req.params.id);
    if (entry) return void res.json(entry);
    sendError(res, { status: 404, message: `No request ${JSON.stringify(req.params.id)} in the journal: it was never recorded, or was evicted (the journal keeps the last ${journal.capacity}) or cleared.` }, 'request_not_found');
  });
  r.delete('/admin/requests', (_req, res) => {
    res.json({ status: 'cleared', cleared: journal.clear() });
  });
  return r;
}
