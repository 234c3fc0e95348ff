/**
 * One journal entry: what a request sent and how llmposter answered it. Kept compact while it
 * sits in the ring (the request's header object by reference, the body as at most 64 KB of the
 * bytes already read) and turned into the snake_case JSON the admin API and `requests()` hand
 * out only when someone reads it: parsing and redaction cost nothing on the request path.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { secretHeaderValues, CREDENTIAL_HEADERS } from '../proxy/forward-headers.js';
import { MASK, Redactor } from '../record/redact.js';

/** Bodies are kept up to this many bytes; longer ones are cut and flagged `body_truncated`. */
export const BODY_CAP_BYTES = 64 * 1024;

/** For a miss: the fixture that came closest and the match fields it failed (as `--diagnostics` shows). */
export interface NearMiss {
  fixture: string;
  name: string | null;
  /** `file:line` of the fixture. */
  location: string;
  /** The match fields that failed, with what the fixture expected. */
  failed: { field: string; expected: string }[];
}

/** A journal entry as the admin API and the programmatic API return it. */
export interface JournalEntry {
  /** The response's `x-request-id`. */
  id: string;
  /** When the request arrived (ISO 8601, wall clock). */
  time: string;
  method: string;
  /** The request path with its query string; a Gemini `key=` value is masked. */
  path: string;
  /** openai | anthropic | gemini | responses | azure; null when the body never decoded. */
  provider: string | null;
  model: string | null;
  /** The latest user turn (chat requests), else null. */
  user_message: string | null;
  /** Request headers; credential headers (authorization, x-api-key, api-key, x-goog-api-key, cookie) masked. */
  headers: Record<string, string | string[]>;
  /** The parsed JSON body; its text when it did not parse (or was cut at 64 KB); null when empty. */
  body: unknown;
  /** True when the body was longer than 64 KB and only its start is kept. */
  body_truncated: boolean;
  /** The matched fixture (`file#index`), or null (a miss, an error before matching, a proxied request). */
  fixture: string | null;
  /** response | stream | stream_truncated | no_match | error:<status> | a fault's name | proxied:<mode> ... */
  outcome: string;
  /** The HTTP status sent (or planned, when the client left first). */
  status: number;
  /** The request seed used for its random choices; null when it was answered before one was needed. */
  seed: number | null;
  /** Arrival to the response's first byte; null when no byte was sent. */
  ttfb_ms: number | null;
  /** Arrival to the response's end. */
  duration_ms: number;
  /** Events written (a JSON body counts as one); null for proxied requests. */
  frames: number | null;
  /** The client went away before the response was complete. */
  client_aborted: boolean;
  /** How the response ended: completed | client_closed | disconnected (a fault) | shutdown. */
  end: string;
  /** The request's `x-llmposter-test-id` header, else null. */
  test_id: string | null;
  /** Misses only: the nearest fixture and the fields it failed (null when nothing came close). */
  near_miss: NearMiss | null;
}

/** What the LLM route (or the proxy hook) hands the journal once a response is over. */
export interface JournalFacts {
  id: string;
  /** Wall-clock arrival, epoch ms. */
  arrivedAtMs: number;
  method: string;
  url: string;
  /** The request's own header object (kept by reference, never changed). */
  headers: IncomingHttpHeaders;
  /** The body bytes as read (only a capped part is kept). */
  body: Buffer | undefined;
  provider: string | null;
  model: string | null;
  userMessage: string | null;
  fixture: string | null;
  outcome: string;
  status: number;
  seed: number | null;
  ttfbMs: number | null;
  durationMs: number;
  frames: number | null;
  end: string;
  nearMiss: NearMiss | null;
}

/** The stored form: the facts, with the body cut and an arrival sequence number. */
export interface StoredEntry extends JournalFacts {
  seq: number;
  bodyBytes: number;
  testId: string | null;
}

/**
 * Keep at most BODY_CAP_BYTES of the body. A body is kept by reference when that holds little
 * more memory than the body itself; a long body, or a short one that is a view into a larger
 * buffer (Node hands out request chunks as slices of its socket reads), is copied (at most
 * 64 KB), so that a full ring never pins more than its bodies' worth.
 */
export function storedEntry(f: JournalFacts, seq: number, testHeader: string): StoredEntry {
  const b = f.body;
  const bodyBytes = b?.length ?? 0;
  const cheap = b === undefined || (bodyBytes <= BODY_CAP_BYTES && b.buffer.byteLength <= 2 * bodyBytes + 8192);
  const t = f.headers[testHeader];
  // In place: the facts object becomes the entry (one object per request, not two).
  const e = f as StoredEntry;
  e.body = cheap ? b : Buffer.from(b.subarray(0, BODY_CAP_BYTES));
  e.seq = seq;
  e.bodyBytes = bodyBytes;
  e.testId = t === undefined ? null : Array.isArray(t) ? t.join(', ') : t;
  return e;
}

/** The entry as users see it: snake_case, body parsed, credentials masked. */
export function entryView(e: StoredEntry): JournalEntry {
  const secrets = secretHeaderValues(e.headers);
  const key = geminiQueryKey(e.url);
  if (key !== undefined && key.length >= 4) secrets.push(key);
  const redact = secrets.length ? new Redactor([], secrets) : undefined;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(e.headers)) {
    if (value === undefined) continue;
    if (CREDENTIAL_HEADERS.includes(name)) headers[name] = MASK;
    else headers[name] = redact ? redact.deep(value) : value;
  }
  const truncated = e.bodyBytes > BODY_CAP_BYTES;
  const body = bodyValue(e.body, truncated);
  return {
    id: e.id,
    time: new Date(e.arrivedAtMs).toISOString(),
    method: e.method,
    path: maskQueryKey(redact ? redact.text(e.url) : e.url),
    provider: e.provider,
    model: redact && e.model !== null ? redact.text(e.model) : e.model,
    user_message: redact && e.userMessage !== null ? redact.text(e.userMessage) : e.userMessage,
    headers,
    body: redact ? redact.deep(body) : body,
    body_truncated: truncated,
    fixture: e.fixture,
    outcome: e.outcome,
    status: e.status,
    seed: e.seed,
    ttfb_ms: e.ttfbMs === null ? null : round3(e.ttfbMs),
    duration_ms: round3(e.durationMs),
    frames: e.frames,
    client_aborted: e.end === 'client_closed',
    end: e.end,
    test_id: e.testId,
    near_miss: e.nearMiss,
  };
}

function bodyValue(b: Buffer | undefined, truncated: boolean): unknown {
  if (b === undefined || b.length === 0) return null;
  const text = b.toString('utf8');
  if (truncated) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Gemini clients may send their key as `?key=`. */
function geminiQueryKey(url: string): string | undefined {
  const q = url.indexOf('?');
  if (q === -1) return undefined;
  return new URLSearchParams(url.slice(q + 1)).get('key') ?? undefined;
}

/** The `key=` query value masked however short it is (too short to mask as a literal elsewhere). */
function maskQueryKey(url: string): string {
  return url.includes('key=') ? url.replace(/([?&]key=)[^&#]*/g, `$1${MASK}`) : url;
}

const round3 = (ms: number) => Math.round(ms * 1000) / 1000;
