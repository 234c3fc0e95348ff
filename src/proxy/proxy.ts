/**
 * Record/replay's switch (aimock's and VCR's modes): the LLM route asks `takes()` at two
 * points, and when it answers true the proxy owns the response.
 *
 * - `before-match` (after the body is decoded, before rate limits, load chaos and fixtures):
 *   `record` and `passthrough` proxy here, so none of those apply to proxied requests.
 * - `unmatched` (no fixture answered): `record-missing` proxies the miss and saves it.
 *
 * A request may pick its own mode with `x-llmposter-mode` when the server allows it
 * (`--allow-mode-header`); a bad or unallowed value is a 400 in the provider's shape.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LlmRequest } from '../canonical/request.js';
import type { Logger } from '../log/logger.js';
import type { AnyCodec } from '../providers/codec.js';
import { Capture } from '../record/capture.js';
import { collectorFor } from '../record/collector-for.js';
import type { Recorder } from '../record/recorder.js';
import type { Clock } from '../time/clock.js';
import { forward } from './forward.js';
import { dropQueryKey, secretHeaderValues, upstreamRequestHeaders } from './forward-headers.js';
import { MODE_HEADER, parseMode, PROXY_MODES, TEST_ID_HEADER, type ProxyMode } from './modes.js';
import { upstreamTarget } from './upstream-target.js';
import { displayHost, type UpstreamName } from './upstreams.js';

export interface ProxyOptions {
  mode: ProxyMode;
  /** Honour `x-llmposter-mode` (`--allow-mode-header`). */
  allowModeHeader: boolean;
  upstreams: Partial<Record<UpstreamName, URL>>;
  /** Keys from the environment (`--upstream-key-env`), injected instead of the client's. */
  keys: Partial<Record<UpstreamName, string>>;
  /** No byte from the upstream for this long -> 504 (or a broken stream once it started). */
  timeoutMs: number;
  /** Absent when nothing may be saved (replay or passthrough only, and no mode header). */
  recorder?: Recorder;
  clock: Clock;
  logger: Logger;
}

export type ProxyStage = 'before-match' | 'unmatched';

export interface ProxyCall {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  /** The query string after `?` ('' when none). */
  search: string;
  codec: AnyCodec;
  /** The route's path pattern (picks the answer collector). */
  endpoint: string;
  request: LlmRequest;
  body: Buffer;
  /** Filled in as the exchange goes, when the caller watches it (the request journal). */
  observed?: ProxyObserved;
}

/** What a watcher learns about a proxied exchange (it reads these once the response closes). */
export interface ProxyObserved {
  /** The mode that took the request; undefined when a bad `x-llmposter-mode` header was refused. */
  mode?: ProxyMode;
  /** `clock.now()` when the upstream's head arrived (and went on to the client). */
  firstByteAt?: number;
  /** The upstream broke off or timed out (rather than the client leaving). */
  upstreamBroke?: boolean;
}

export const DEFAULT_UPSTREAM_TIMEOUT_MS = 120_000;

export class LlmProxy {
  constructor(private readonly opts: ProxyOptions) {}

  get mode(): ProxyMode {
    return this.opts.mode;
  }

  /** True when the proxy answered (or refused) this request at this stage. */
  takes(stage: ProxyStage, call: ProxyCall): boolean {
    const chosen = this.modeOf(call);
    if (chosen === undefined) return true;
    const ours = stage === 'before-match' ? chosen === 'record' || chosen === 'passthrough' : chosen === 'record-missing';
    if (!ours) return false;
    if (call.observed) call.observed.mode = chosen;
    this.forward(call, chosen);
    return true;
  }

  /** The request's mode; undefined when a bad header was answered with a 400. */
  private modeOf(call: ProxyCall): ProxyMode | undefined {
    const raw = call.req.headers[MODE_HEADER];
    if (raw === undefined) return this.opts.mode;
    const value = Array.isArray(raw) ? raw.join(',') : raw;
    let message: string | undefined;
    let mode: ProxyMode | undefined;
    if (!this.opts.allowModeHeader) message = `the ${MODE_HEADER} header is not allowed on this server; start it with --allow-mode-header`;
    else {
      try {
        mode = parseMode(value, `the ${MODE_HEADER} header`);
      } catch {
        message = `the ${MODE_HEADER} header must be one of ${PROXY_MODES.join(', ')}`;
      }
    }
    if (mode !== undefined && (mode === 'record' || mode === 'record-missing') && !this.opts.recorder) message = `the ${MODE_HEADER} header asks for ${mode}, but this server cannot save recordings`;
    if (message === undefined) return mode;
    const e = call.codec.encodeError({ status: 400, message, param: MODE_HEADER });
    call.res.writeHead(e.status, { ...e.headers, 'x-request-id': call.requestId });
    call.res.end(e.body);
    return undefined;
  }

  private forward(call: ProxyCall, mode: ProxyMode): void {
    const { req, res, codec } = call;
    const path = (req.url ?? '/').split('?')[0];
    const target = upstreamTarget(call.request.provider, path, call.search, this.opts.upstreams);
    const extraHeaders = { 'x-request-id': call.requestId, 'x-llmposter-proxied': mode };
    if (!target.ok) {
      const e = codec.encodeError({ status: 502, message: `Bad gateway: ${target.message}` });
      res.writeHead(e.status, { ...e.headers, ...extraHeaders });
      res.end(e.body);
      return;
    }
    const { name, url } = target.target;
    const key = this.opts.keys[name];
    dropQueryKey(url, name, key !== undefined);
    const headers = upstreamRequestHeaders(req.headers, name, key, call.body.length);
    const host = displayHost(url);
    const recorder = mode === 'record' || mode === 'record-missing' ? this.opts.recorder : undefined;
    const clock = this.opts.clock;
    const started = clock.now();
    const stream = call.request.op === 'chat' && call.request.stream;
    let capture: Capture | undefined;
    const save = (partialFrames?: number) => {
      if (!recorder || !capture) return Promise.resolve();
      const response = capture.finish(clock.now() - started);
      const secrets = [...secretHeaderValues(req.headers), ...(key !== undefined ? [key] : []), ...queryKey(call.search)];
      const testId = req.headers[TEST_ID_HEADER];
      return recorder.save(
        { request: call.request, stream, response, partialFrames },
        { mode: mode as 'record' | 'record-missing', testId: Array.isArray(testId) ? testId[0] : testId, host, secrets },
      );
    };
    forward({
      res,
      url,
      headers,
      body: call.body,
      codec,
      label: `${name} upstream at ${host}`,
      timeoutMs: this.opts.timeoutMs,
      extraHeaders,
      hooks: {
        onHeaders: (up) => {
          if (call.observed) call.observed.firstByteAt = clock.now();
          if (recorder) capture = new Capture(up.statusCode ?? 0, up.headers, clock.now() - started, contentEncoded(up.headers['content-encoding']) ? undefined : collectorFor(call.endpoint));
        },
        onChunk: (chunk) => capture?.chunk(chunk, clock.now() - started),
        onComplete: (endClient) => {
          save().finally(endClient);
        },
        onAbort: (clientLeft) => {
          if (call.observed && !clientLeft) call.observed.upstreamBroke = true;
          // Half an answer is not an answer: saved only when asked, and only for a stream the client left.
          if (clientLeft && recorder?.partial && stream && capture && capture.frames() > 0) void save(capture.frames());
          else if (capture) this.opts.logger.info(`not recorded: ${clientLeft ? 'the client went away' : 'the upstream broke off'} before the answer was complete`);
        },
      },
    });
  }
}

function contentEncoded(v: string | string[] | undefined): boolean {
  return v !== undefined && String(v).toLowerCase() !== 'identity';
}

/** Gemini's `?key=`: a credential too. */
function queryKey(search: string): string[] {
  if (!search) return [];
  const k = new URLSearchParams(search).get('key');
  return k ? [k] : [];
}
