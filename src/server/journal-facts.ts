/**
 * What the LLM route hands the request journal once a response is over: a handful of fields it
 * already holds, read without copying (the header object and body buffer by reference; the
 * journal keeps at most 64 KB of the body).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Responded } from '../engine/respond.js';
import type { JournalFacts, NearMiss } from '../journal/entry.js';
import type { NearestMatch } from '../fixture-set/match.js';
import type { ProxyObserved } from '../proxy/proxy.js';
import type { WriteReport } from '../stream/writer.js';
import type { RequestFacts } from './llm-route.js';
import { TEST_ID_HEADER } from '../proxy/modes.js';

/**
 * The request's headers as one string, names and values alternating, one per line (a value
 * cannot hold a line break). One flat string instead of a header object and a dozen small
 * strings: a ring of a thousand entries is copied by every young-generation GC, and the number
 * of objects is what that costs (measured: about a third of the journal's cost per request).
 */
function rawHeaderText(req: IncomingMessage): string {
  return req.rawHeaders.join('\n');
}

function testIdOf(req: IncomingMessage): string | null {
  const t = req.headers[TEST_ID_HEADER];
  return t === undefined ? null : Array.isArray(t) ? t.join(', ') : t;
}

/** A request answered through `send()` (fixtures, errors, faults, generated answers). */
export function journalFacts(req: IncomingMessage, r: Responded, w: WriteReport, durationMs: number, about: RequestFacts): JournalFacts {
  const request = about.request;
  const planHeaders = (r.plan as { headers?: Record<string, string> }).headers;
  return {
    id: about.requestId,
    arrivedAtMs: about.arrivedAtMs,
    method: req.method ?? 'POST',
    url: req.url ?? '/',
    headers: rawHeaderText(req),
    testId: testIdOf(req),
    body: about.body,
    bodyBytes: about.bodyBytes ?? 0,
    provider: request?.provider ?? null,
    model: request?.model ?? null,
    userMessage: request?.op === 'chat' ? request.userMessage : null,
    fixture: planHeaders?.['x-llmposter-fixture'] ?? null,
    outcome: r.outcome,
    status: w.status,
    seed: about.seed ?? null,
    ttfbMs: w.firstByteAt === undefined ? null : Math.max(0, w.firstByteAt - about.arrivedMono),
    durationMs,
    frames: w.eventsWritten,
    end: w.end,
    nearMiss: r.outcome === 'no_match' && r.nearMiss ? nearMissOf(r.nearMiss) : null,
  };
}

/** A request the record/replay proxy answered (`proxied:<mode>`), or refused (a bad `x-llmposter-mode`). */
export function proxiedJournalFacts(req: IncomingMessage, res: ServerResponse, about: RequestFacts, observed: ProxyObserved, durationMs: number): JournalFacts {
  const request = about.request;
  const status = res.headersSent ? res.statusCode : 0;
  const end = res.writableFinished ? 'completed' : observed.upstreamBroke ? 'disconnected' : 'client_closed';
  return {
    id: about.requestId,
    arrivedAtMs: about.arrivedAtMs,
    method: req.method ?? 'POST',
    url: req.url ?? '/',
    headers: rawHeaderText(req),
    testId: testIdOf(req),
    body: about.body,
    bodyBytes: about.bodyBytes ?? 0,
    provider: request?.provider ?? null,
    model: request?.model ?? null,
    userMessage: request?.op === 'chat' ? request.userMessage : null,
    fixture: null,
    outcome: observed.mode !== undefined ? `proxied:${observed.mode}` : `error:${status}`,
    status,
    seed: about.seed ?? null,
    ttfbMs: observed.firstByteAt === undefined ? null : Math.max(0, observed.firstByteAt - about.arrivedMono),
    durationMs,
    frames: null,
    end,
    nearMiss: null,
  };
}

/** The nearest fixture and the fields it failed, as `--diagnostics` reports them. */
function nearMissOf(near: NearestMatch): NearMiss {
  const f = near.fixture;
  return {
    fixture: f.id,
    name: f.name ?? null,
    location: `${f.location.file}:${f.location.line}`,
    failed: near.checks.filter((c) => !c.passed).map(({ field, expected }) => ({ field, expected })),
  };
}
