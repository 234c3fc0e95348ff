/**
 * One journal entry: what a request sent and how llmposter answered it. Kept compact while it
 * sits in the ring (the request's header object by reference, the body as at most 64 KB of the
 * bytes already read) and turned into the snake_case JSON the admin API and `requests()` hand
 * out only when someone reads it: parsing and redaction cost nothing on the request path.
 */
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
  /** response | stream | stream_truncated | no_match | error:<status> | a fault's name | proxied:<mode> | aborted_upload ... */
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
  /** The request's raw headers: names and values alternating, joined by line breaks (see `headersOf`). */
  headers: string;
  /** Its `x-llmposter-test-id`, else null. */
  testId: string | null;
  /** The body as text (only the first 64 KB are kept); undefined when there was none to keep. */
  body: string | undefined;
  /** The body's length in bytes. */
  bodyBytes: number;
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
}

/**
 * The facts as an entry in `slot` (the journal reuses one object per ring slot, lap after lap),
 * the body kept to at most BODY_CAP_BYTES (a longer one is cut there, as UTF-8). Field by field
 * rather than `Object.assign`: the generic copy was the journal's largest cost per request.
 * A field added to JournalFacts must be copied here too (a unit test checks every field is).
 */
export function storedEntry(f: JournalFacts, seq: number, slot = {} as StoredEntry): StoredEntry {
  slot.id = f.id;
  slot.arrivedAtMs = f.arrivedAtMs;
  slot.method = f.method;
  slot.url = f.url;
  slot.headers = f.headers;
  slot.testId = f.testId;
  slot.body = f.body !== undefined && f.bodyBytes > BODY_CAP_BYTES ? Buffer.from(f.body, 'utf8').subarray(0, BODY_CAP_BYTES).toString('utf8') : f.body;
  slot.bodyBytes = f.bodyBytes;
  slot.provider = f.provider;
  slot.model = f.model;
  slot.userMessage = f.userMessage;
  slot.fixture = f.fixture;
  slot.outcome = f.outcome;
  slot.status = f.status;
  slot.seed = f.seed;
  slot.ttfbMs = f.ttfbMs;
  slot.durationMs = f.durationMs;
  slot.frames = f.frames;
  slot.end = f.end;
  slot.nearMiss = f.nearMiss;
  slot.seq = seq;
  return slot;
}

/**
 * Raw header text back into a header object as node:http builds one: names lower-cased,
 * repeated headers joined with ", " (`set-cookie` kept as a list).
 */
export function headersOf(text: string): Record<string, string | string[]> {
  const pairs = new Map<string, string | string[]>();
  const lines = text === '' ? [] : text.split('\n');
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const name = lines[i].toLowerCase();
    const value = lines[i + 1];
    const had = pairs.get(name);
    if (name === 'set-cookie') pairs.set(name, [...((had as string[] | undefined) ?? []), value]);
    else pairs.set(name, had === undefined ? value : `${had as string}, ${value}`);
  }
  // fromEntries defines own keys: a header named `__proto__` stays a header.
  return Object.fromEntries(pairs);
}

/**
 * The entry as users see it: snake_case, body parsed, credentials masked, and whatever the
 * `--redact` patterns match masked as in recordings.
 */
export function entryView(e: StoredEntry, patterns: readonly RegExp[] = []): JournalEntry {
  const sent = headersOf(e.headers);
  const secrets = secretHeaderValues(sent);
  const key = geminiQueryKey(e.url);
  if (key !== undefined && key.length >= 4) secrets.push(key);
  const redact = secrets.length || patterns.length ? new Redactor(patterns, secrets) : undefined;
  // Built with fromEntries (own keys only): a header named `__proto__` stays a header.
  const headers: Record<string, string | string[]> = Object.fromEntries(
    Object.entries(sent).map(([name, value]) => [name, CREDENTIAL_HEADERS.includes(name) ? MASK : redact ? redact.deep(value) : value]),
  );
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

function bodyValue(text: string | undefined, truncated: boolean): unknown {
  if (text === undefined || text.length === 0) return null;
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
