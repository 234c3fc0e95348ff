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
import type { WriteEnd, WriteReport } from '../stream/writer.js';
import type { RequestFacts } from './llm-route.js';
import { TEST_ID_HEADER } from '../proxy/modes.js';
import { memoByString } from '../util/string-cache.js';

/**
 * The request's headers as one string, names and values alternating, one per line (a value
 * cannot hold a line break). One flat string instead of a header object and a dozen small
 * strings: a ring of a thousand entries is copied by every young-generation GC, and the number
 * of objects is what that costs.
 */
function rawHeaderText(req: IncomingMessage): string {
  return req.rawHeaders.join('\n');
}

/**
 * The same text as an earlier request's, as that request's string. Test and load traffic
 * repeats itself (the same headers, paths, models, often the same bodies): an entry that points
 * at an older string holds nothing the young-generation GC has to copy, and those copies were
 * most of what the journal cost per request. The route shares a request's body, model and user
 * message as soon as it has them, so an open stream holds the older copy too and its own dies
 * young. Texts over 4 KB are kept as they are.
 */
const shared = memoByString((text) => text, 512, 4096);
export function sharedText(text: string): string;
export function sharedText(text: string | null): string | null;
export function sharedText(text: string | undefined): string | undefined;
export function sharedText(text: string | null | undefined): string | null | undefined {
  return text === null || text === undefined ? text : shared(text);
}

function testIdOf(req: IncomingMessage): string | null {
  const t = req.headers[TEST_ID_HEADER];
  return t === undefined ? null : Array.isArray(t) ? t.join(', ') : t;
}

/** How a response went, the part of an entry that differs between answered and proxied requests. */
interface Outcome {
  fixture: string | null;
  outcome: string;
  status: number;
  seed: number | null;
  /** Clock time of the first byte sent, if any. */
  firstByteAt: number | undefined;
  frames: number | null;
  end: string;
  nearMiss: NearMiss | null;
}

/** A request answered through `send()` (fixtures, errors, faults, generated answers). */
export function journalFacts(req: IncomingMessage, r: Responded, w: WriteReport, durationMs: number, about: RequestFacts): JournalFacts {
  const planHeaders = (r.plan as { headers?: Record<string, string> }).headers;
  return facts(req, about, durationMs, {
    fixture: planHeaders?.['x-llmposter-fixture'] ?? null,
    outcome: r.outcome,
    status: w.status,
    seed: about.seed ?? null,
    firstByteAt: w.firstByteAt,
    frames: w.eventsWritten,
    end: w.end,
    nearMiss: r.outcome === 'no_match' && r.nearMiss ? nearMissOf(r.nearMiss) : null,
  });
}

/** How a proxied response ended: passed on whole, cut by the upstream, or left by its client. */
export function proxiedEnd(res: ServerResponse, observed: ProxyObserved): WriteEnd {
  return res.writableFinished ? 'completed' : observed.upstreamBroke ? 'disconnected' : 'client_closed';
}

/** A request the record/replay proxy answered (`proxied:<mode>`), or refused (a bad `x-llmposter-mode`). */
export function proxiedJournalFacts(req: IncomingMessage, res: ServerResponse, about: RequestFacts, observed: ProxyObserved, durationMs: number, end: WriteEnd): JournalFacts {
  const status = res.headersSent ? res.statusCode : 0;
  return facts(req, about, durationMs, {
    fixture: null,
    outcome: observed.mode !== undefined ? `proxied:${observed.mode}` : `error:${status}`,
    status,
    seed: about.seed ?? null,
    firstByteAt: observed.firstByteAt,
    frames: null,
    end,
    nearMiss: null,
  });
}

/**
 * A request whose client hung up before its body was all sent: nothing was decoded or answered,
 * but a test of a client's upload timeout wants to see that it happened (`aborted_upload`).
 */
export function abortedUploadFacts(req: IncomingMessage, about: RequestFacts, durationMs: number): JournalFacts {
  return facts(req, about, durationMs, { fixture: null, outcome: 'aborted_upload', status: 0, seed: null, firstByteAt: undefined, frames: 0, end: 'client_closed', nearMiss: null });
}

function facts(req: IncomingMessage, about: RequestFacts, durationMs: number, o: Outcome): JournalFacts {
  const request = about.request;
  return {
    id: about.requestId,
    arrivedAtMs: about.arrivedAtMs,
    method: req.method ?? 'POST',
    url: sharedText(req.url ?? '/'),
    headers: sharedText(rawHeaderText(req)),
    testId: testIdOf(req),
    body: about.body,
    bodyBytes: about.bodyBytes ?? 0,
    provider: request?.provider ?? null,
    model: request?.model ?? null,
    userMessage: request?.userMessage ?? null,
    fixture: o.fixture,
    outcome: o.outcome,
    status: o.status,
    seed: o.seed,
    ttfbMs: o.firstByteAt === undefined ? null : Math.max(0, o.firstByteAt - about.arrivedMono),
    durationMs,
    frames: o.frames,
    end: o.end,
    nearMiss: o.nearMiss,
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
