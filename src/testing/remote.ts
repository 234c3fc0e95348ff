/**
 * `connectLlmposter()`: a test file's view of a server it did not start (the run's global
 * server, or one started with the CLI), over the admin API. With a `testId`, its requests carry
 * that `x-llmposter-test-id` and its journal queries see only them, so tests that share one
 * server do not see each other's traffic.
 */
import type { FixturesInput } from '../server/runtime-fixtures.js';
import { checkTimeout, type JournalFilter, type WaitOptions } from '../journal/journal.js';
import type { JournalEntry } from '../journal/entry.js';
import { URL_ENV } from './global-server.js';
import { TEST_ID_HEADER, testIdHeaders } from './test-id.js';

export interface ConnectOptions {
  /** The server's base URL. Default: `LLMPOSTER_URL` (set by the global setup). */
  url?: string;
  /** Scope this handle to one test: its `headers` carry it, its journal queries filter by it. */
  testId?: string;
  /** The server's `--admin-token`, when it has one. */
  adminToken?: string;
}

export interface RemoteLlmposter {
  url: string;
  testId: string | undefined;
  /** `x-llmposter-test-id` for an SDK client's `defaultHeaders` ({} without a test id). */
  headers: Record<string, string>;
  /** Journal entries, newest first; with a test id, only that test's. */
  requests(filter?: JournalFilter): Promise<JournalEntry[]>;
  lastRequest(filter?: JournalFilter): Promise<JournalEntry | undefined>;
  /** Poll the journal until `n` entries pass `filter`; rejects after `timeoutMs` (default 5000). */
  waitForRequests(n: number, opts?: WaitOptions & JournalFilter): Promise<JournalEntry[]>;
  /** `POST /admin/fixtures`: every test sees them (match on the test id header to keep them to one). */
  addFixtures(fixtures: FixturesInput): Promise<string[]>;
  /** `DELETE /admin/fixtures`: drops every runtime fixture, other tests' too. */
  clearFixtures(): Promise<number>;
}

/** An admin request llmposter refused (a bad fixture, a bad filter ...), with its message. */
export class LlmposterAdminError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(message);
  }
}

const POLL_MS = 20;

export function connectLlmposter(options: ConnectOptions = {}): RemoteLlmposter {
  const url = (options.url ?? process.env[URL_ENV])?.replace(/\/+$/, '');
  if (!url) {
    throw new Error(`connectLlmposter(): no server URL: pass { url } or run the tests with llmposter's global setup, which sets ${URL_ENV} (see "Testing with jest or vitest" in llmposter's README)`);
  }
  const testId = options.testId;
  const headers = testId === undefined ? {} : testIdHeaders(testId);
  const auth: Record<string, string> = options.adminToken ? { authorization: `Bearer ${options.adminToken}` } : {};

  const admin = async (method: string, path: string, body?: { type: string; text: string }): Promise<unknown> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { ...auth, ...(body ? { 'content-type': body.type } : {}) },
      body: body?.text,
    });
    const text = await res.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      // Not JSON: keep the text for the message.
    }
    if (!res.ok) {
      const message = (json as { error?: { message?: string } })?.error?.message ?? text;
      throw new LlmposterAdminError(`${method} ${path}: ${res.status} ${message}`, res.status, json);
    }
    return json;
  };

  const query = (filter: JournalFilter = {}): string => {
    // An explicit `testId: undefined` in the filter keeps the handle's id (it does not widen the query).
    const scoped: JournalFilter = testId === undefined ? filter : { ...filter, testId: filter.testId ?? testId };
    const params = new URLSearchParams();
    if (scoped.limit !== undefined) params.set('limit', String(scoped.limit));
    if (scoped.since !== undefined) params.set('since', scoped.since);
    if (scoped.fixture !== undefined) params.set('fixture', scoped.fixture);
    if (scoped.status !== undefined) params.set('status', String(scoped.status));
    if (scoped.model !== undefined) params.set('model', scoped.model);
    if (scoped.testId !== undefined) params.set('test_id', scoped.testId);
    const q = params.toString();
    return q === '' ? '' : `?${q}`;
  };

  const requests = async (filter?: JournalFilter) => ((await admin('GET', `/admin/requests${query(filter)}`)) as { data: JournalEntry[] }).data;

  return {
    url,
    testId,
    headers,
    requests,
    lastRequest: async (filter) => (await requests({ ...filter, limit: 1 }))[0],
    waitForRequests: async (n, opts = {}) => {
      // `limit` is ignored, as in-process: a cap below n could never be met.
      const { timeoutMs = 5000, limit: _limit, ...filter } = opts;
      checkTimeout(timeoutMs);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const got = await requests(filter);
        if (got.length >= n) return got;
        if (Date.now() >= deadline) {
          const scope = testId ?? filter.testId;
          throw new Error(`waitForRequests: ${got.length} of ${n} requests${scope !== undefined ? ` (${TEST_ID_HEADER}: ${scope})` : ''} arrived within ${timeoutMs} ms`);
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    },
    addFixtures: async (fixtures) => {
      const body = typeof fixtures === 'string' ? { type: 'application/yaml', text: fixtures } : { type: 'application/json', text: JSON.stringify(fixtures) };
      return ((await admin('POST', '/admin/fixtures', body)) as { ids: string[] }).ids;
    },
    clearFixtures: async () => ((await admin('DELETE', '/admin/fixtures')) as { dropped: number }).dropped,
  };
}
