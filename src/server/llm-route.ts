/**
 * The transport half of every LLM route: read the body, parse the JSON, take the request's
 * seed (its `x-llmposter-seed` header or the next number), decode with the provider's codec,
 * ask the engine for a decision, turn it into a plan and hand that to the writer. Everything
 * that touches HTTP is here; everything that decides is in the engine.
 *
 * Hot path: callbacks rather than async/await (no Promise per request), and one header object
 * per response that every step adds to instead of copying.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../engine/engine.js';
import { chaosRespond } from '../engine/chaos-respond.js';
import { embeddingsResponse, errorPlan, noMatch, respond, respondGenerated, type Responded } from '../engine/respond.js';
import { parseJsonBody } from '../http/json-body.js';
import { BODY_CAP_BYTES } from '../journal/entry.js';
import { readBody, type BodyResult } from '../http/read-body.js';
import type { Logger } from '../log/logger.js';
import type { AnyCodec, DecodeContext, ResponseStore } from '../providers/codec.js';
import type { RequestSeed } from '../random/request-seed.js';
import { createRng, parseSeed } from '../random/rng.js';
import { generatorAnswer } from '../generate/generated-answer.js';
import type { GeneratorSpec } from '../generate/generator-spec.js';
import type { ResponseWriter, WriteEnd, WriteReport } from '../stream/writer.js';
import type { Clock } from '../time/clock.js';
import type { LlmRequest, ProviderName } from '../canonical/request.js';
import type { RecordRequest, RequestRecord } from '../metrics/record.js';
import type { LiveStats } from '../metrics/live-stats.js';
import type { ModelCatalogue } from '../models/catalogue.js';
import { contextLimitError } from '../models/context-limit.js';
import type { RateLimiter } from '../rate-limit/limiter.js';
import type { ServerPacing } from '../pacing/pacing.js';
import type { LlmProxy, ProxyCall, ProxyObserved } from '../proxy/proxy.js';
import type { ChaosGate } from './chaos-gate.js';
import type { RequestJournal } from '../journal/journal.js';
import type { JournalFacts } from '../journal/entry.js';
import { abortedUploadFacts, journalFacts, proxiedEnd, proxiedJournalFacts, sharedText } from './journal-facts.js';
import { failRequest } from './internal-error.js';
import type { RouteContext, RouteHandler } from './route-table.js';

export interface LlmRouteDeps {
  engine: Engine;
  writer: ResponseWriter;
  clock: Clock;
  logger: Logger;
  /** Name the nearest fixture in no-match 404 bodies. */
  diagnostics: boolean;
  maxBodyBytes: number;
  /** Per-request log lines (checked before building them: the hot path stays lean). */
  verbose: boolean;
  /** Load chaos (absent when the server was started without any). */
  chaos?: ChaosGate;
  /** Where finished requests are recorded (metrics); absent = nothing recorded, nothing spent. */
  record?: RecordRequest;
  /** Where codecs keep responses for a later GET (the Responses API's `store`). */
  responses?: ResponseStore;
  /** `--generate`: answers a chat request no fixture matched (after load chaos' response modes). */
  generator?: GeneratorSpec;
  /** The model catalogue: requests over a catalogue model's context window are refused before matching. */
  models?: ModelCatalogue;
  /** Live traffic counters (`/llmsim/stats`). */
  live?: LiveStats;
  /** RPM/TPM limits (absent when the server was started without any). */
  rateLimiter?: RateLimiter;
  /** The server's latency profile (`--profile`); absent = no pacing unless a fixture asks. */
  pacing?: ServerPacing;
  /** Record/replay (`--mode`): absent in plain replay, so the hot path is unchanged there. */
  proxy?: LlmProxy;
  /** The request journal (`/admin/requests`); absent with `--journal-size 0`: no entry is built. */
  journal?: RequestJournal;
}

const EMPTY_QUERY = new URLSearchParams();

/** The route handler for one provider surface. */
export function llmRoute(codec: AnyCodec, deps: LlmRouteDeps, endpoint = ''): RouteHandler {
  const { engine, writer, logger } = deps;

  const send = (req: IncomingMessage, res: ServerResponse, r: Responded, fields?: Record<string, unknown>, about?: RequestFacts) => {
    // `about` exists exactly when something watches requests (--verbose, metrics, live stats, the journal).
    if (about === undefined) return writer.execute(res, r.plan);
    const { record, live, journal } = deps;
    const streaming = r.plan.kind === 'stream';
    live?.begin(about.request?.model ?? null, streaming, about.arrivedMono);
    // Once the response is over: the --verbose line (how it ended: a client abort, a
    // disconnect fault ...), the live counters and the metrics record, never on the request path.
    writer.execute(res, r.plan, (w) => {
      const ms = deps.clock.now() - about.arrivedMono;
      live?.end(streaming, w.status, w.end === 'disconnected', r.usage?.inputTokens ?? 0, r.usage?.outputTokens ?? 0, ms);
      if (deps.verbose) logger.debug(`${req.method} ${req.url}`, { ...fields, outcome: r.outcome, status: w.status, end: w.end, events: w.eventsWritten, ms: Math.round(ms) });
      if (record) record(requestRecord(endpoint, r, w, ms, about, (r.plan as { headers?: Record<string, string> }).headers));
      if (journal) journal.add(journalFacts(req, r, w, ms, about));
    });
  };
  /**
   * A proxied request bypasses `send()`: the live counters, the metrics record and the journal
   * take it once its response closes, from what the proxy observed (the mode that took it, the
   * upstream's first byte, an upstream break). Its tokens are not counted (the upstream's
   * answer is passed on, not decoded).
   */
  const watchProxied = (req: IncomingMessage, res: ServerResponse, about: RequestFacts | undefined, observed: ProxyObserved | undefined) => {
    if (!about || !observed) return;
    const { journal, live, record } = deps;
    const streaming = about.request?.stream ?? false;
    live?.begin(about.request?.model ?? null, streaming, about.arrivedMono);
    res.once('close', () => {
      const ms = deps.clock.now() - about.arrivedMono;
      const end = proxiedEnd(res, observed);
      const facts = proxiedJournalFacts(req, res, about, observed, ms, end);
      live?.end(streaming, facts.status, end === 'disconnected', 0, 0, ms);
      if (record) record(proxiedRecord(endpoint, facts, end, about));
      if (journal) journal.add(facts);
    });
  };
  const fail = (req: IncomingMessage, res: ServerResponse, status: number, message: string, headers: Record<string, string>, about?: RequestFacts) =>
    send(req, res, { plan: errorPlan(codec.encodeError({ status, message }), headers), outcome: `error:${status}` }, undefined, about);

  /** Everything after the body is in: parse, decode, decide, respond, write. */
  const answer = (req: IncomingMessage, res: ServerResponse, ctx: RouteContext, seed: RequestSeed, seedError: string | undefined, read: BodyResult, about: RequestFacts | undefined) => {
    const headers: Record<string, string> = { 'x-request-id': ctx.requestId };
    const parsed = parseJsonBody(read, deps.maxBodyBytes);
    // The journal keeps the text the parser already made: a V8 string, not the socket's buffer.
    if (about && deps.journal && read.ok) {
      // (JSON too deep to parse was never turned into text: its first 64 KB, then.)
      about.body = sharedText((parsed as { text?: string }).text ?? read.body.toString('utf8', 0, BODY_CAP_BYTES));
      about.bodyBytes = read.body.length;
    }
    if (!parsed.ok) {
      if (parsed.aborted) {
        if (about && deps.journal) deps.journal.add(abortedUploadFacts(req, about, deps.clock.now() - about.arrivedMono));
        return;
      }
      if (parsed.closeConnection) headers.connection = 'close';
    }
    // An oversized body wins over a bad seed header (its rest was never read); the seed header
    // wins over a body that does not parse.
    if (!parsed.ok && (parsed.status === 413 || seedError === undefined)) return fail(req, res, parsed.status, parsed.message, headers, about);
    if (seedError !== undefined) return fail(req, res, 400, seedError, headers, about);
    const json = (parsed as { json: unknown }).json;
    const decodeCtx: DecodeContext = { headers: req.headers, params: ctx.params, query: ctx.search ? new URLSearchParams(ctx.search) : EMPTY_QUERY, responses: deps.responses };
    const decoded = codec.decode(json, decodeCtx);
    if (!decoded.ok) return send(req, res, { plan: errorPlan(codec.encodeError(decoded.error), headers), outcome: `error:${decoded.error.status}` }, undefined, about);

    const { request } = decoded.decoded;
    if (about) about.request = summarize(request);
    // Record/replay hook (src/proxy/): `record` and `passthrough` proxy here, before limits, chaos and fixtures.
    const proxyCall: ProxyCall | undefined = deps.proxy && { req, res, requestId: ctx.requestId, search: ctx.search, codec, endpoint, request, body: (read as { body: Buffer }).body };
    if (proxyCall && about) proxyCall.observed = {};
    if (proxyCall && deps.proxy!.takes('before-match', proxyCall)) return watchProxied(req, res, about, proxyCall.observed);
    headers['x-llmposter-seed'] = String(seed.root);
    if (about) about.seed = seed.root;
    // A prompt over the model's context window is refused before anything is matched.
    const tooLong = deps.models && contextLimitError(request, deps.models, endpoint);
    if (tooLong) return send(req, res, { plan: errorPlan(codec.encodeError(tooLong), headers), outcome: 'error:400' }, undefined, about);
    // Rate limits, before load chaos and fixture matching: a 429 here spends nothing else.
    const limited = deps.rateLimiter?.check(request, req.headers, headers, decodeCtx.query);
    if (limited) return send(req, res, { plan: errorPlan(codec.encodeError(limited), headers), outcome: 'error:429' }, undefined, about);
    // Load chaos, before any fixture is matched (undefined when chaos is off).
    const chaos = deps.chaos?.decide(seed);
    let chaosDelayMs = 0;
    if (chaos !== undefined) {
      if (chaos.kind === 'pass') chaosDelayMs = chaos.latencyMs;
      else {
        const r = chaosRespond({ outcome: chaos, codec, decoded: decoded.decoded, seed, unixSeconds: deps.clock.unixSeconds(), headers });
        if ('plan' in r) {
          if (about) about.injectedDelayMs = r.plan.delayMs;
          return send(req, res, r, undefined, about);
        }
        chaosDelayMs = r.slow + (chaos.kind === 'connection' && chaos.fault === 'slow_response' ? chaos.latencyMs : 0);
      }
    }
    if (about) about.injectedDelayMs = chaosDelayMs;
    if (request.op === 'embed') return send(req, res, delayed(embeddingsResponse(codec, decoded.decoded, engine.embed(request, seed), seed, deps.clock.unixSeconds(), headers), chaosDelayMs), undefined, about);
    const decision = engine.reply(request, seed, codec.ids.toolCall);
    let responded: Responded;
    switch (decision.kind) {
      case 'unmatched': {
        // Record/replay hook: `record-missing` proxies (and saves) what no fixture answers.
        if (proxyCall && deps.proxy!.takes('unmatched', proxyCall)) return watchProxied(req, res, about, proxyCall.observed);
        // Load chaos' response modes answer what no fixture does, then --generate; else the 404.
        const generated = deps.chaos?.generate(request, seed) ?? (deps.generator ? { mode: deps.generator.kind, answer: generatorAnswer(deps.generator, request, createRng(seed.sub('generator'))) } : null);
        responded = generated
          ? respondGenerated({ codec, decoded: decoded.decoded, seed, unixSeconds: deps.clock.unixSeconds(), headers, pacing: deps.pacing }, generated.answer, generated.mode)
          : noMatch(codec, request, decision, deps.diagnostics, headers);
        break;
      }
      case 'embedding':
        // Chat routes only match fixtures that serve chat (Fixture.serves).
        throw new Error(`fixture ${decision.fixture.id} answered a chat request with an embedding`);
      default:
        responded = respond({ decision, codec, decoded: decoded.decoded, seed, unixSeconds: deps.clock.unixSeconds(), headers, pacing: deps.pacing });
    }
    delayed(responded, chaosDelayMs);
    send(req, res, responded, deps.verbose ? verboseFields(request.model, 'fixture' in decision ? decision.fixture.id : null, seed.root, responded, deps.diagnostics) : undefined, about);
  };

  return (req, res, ctx) => {
    // The seed is fixed on arrival, before the body is read: request numbers follow arrival order.
    let seedError: string | undefined;
    let override: number | undefined;
    const seedHeader = req.headers['x-llmposter-seed'];
    if (seedHeader !== undefined) {
      try {
        override = parseSeed(String(seedHeader), 'x-llmposter-seed header');
      } catch (err) {
        seedError = (err as Error).message;
      }
    }
    const seed = engine.nextSeed(override);
    // Only when something watches requests: the hot path stays as it was otherwise. Every
    // field is in the literal: one added later would put them all in a second object.
    const about: RequestFacts | undefined =
      deps.record || deps.live || deps.verbose || deps.journal
        ? { requestId: ctx.requestId, arrivedAtMs: deps.record || deps.journal ? Date.now() : 0, arrivedMono: deps.clock.now(), injectedDelayMs: 0, request: undefined, body: undefined, bodyBytes: undefined, seed: undefined }
        : undefined;
    readBody(req, deps.maxBodyBytes, (read) => {
      // This runs from a stream event: a bug here must become a 500, not an uncaught exception.
      try {
        answer(req, res, ctx, seed, seedError, read, about);
      } catch (err) {
        failRequest(res, ctx.requestId, logger, req.url ?? '', err);
      }
    });
  };
}

/** What the route learns about a request on its way through, for live stats, the metrics record, the journal and --verbose. */
export interface RequestFacts {
  requestId: string;
  /** Wall-clock arrival (metrics and the journal only: 0 otherwise). */
  arrivedAtMs: number;
  /** `clock.now()` on arrival: latency runs from here to the response's end (body read included). */
  arrivedMono: number;
  /** The decoded request, as much of it as the watchers need. */
  request?: RequestSummary;
  injectedDelayMs: number;
  /** The body as read (journal only). */
  body?: string;
  /** The body's length in bytes (the journal says when it kept only the first 64 KB). */
  bodyBytes?: number;
  /** The request seed, once it is used (journal only). */
  seed?: number;
}

/**
 * What the journal, the metrics record and live stats read of a decoded request once its
 * response is over. A summary, not the request: a stream would otherwise keep the request's
 * messages (and the parsed body under them) alive until its last frame, and at a thousand open
 * streams that is what every young-generation GC copies.
 */
export interface RequestSummary {
  provider: ProviderName;
  model: string;
  /** A streamed chat request. */
  stream: boolean;
  /** The latest user turn (chat), else null. */
  userMessage: string | null;
  /** Messages (chat) or inputs (embeddings). */
  messageCount: number;
}

function summarize(r: LlmRequest): RequestSummary {
  return r.op === 'chat'
    ? { provider: r.provider, model: sharedText(r.model), stream: r.stream, userMessage: sharedText(r.userMessage), messageCount: r.messages.length }
    : { provider: r.provider, model: sharedText(r.model), stream: false, userMessage: null, messageCount: r.inputs.length };
}

/** The record of a finished request (see metrics/record.ts). */
function requestRecord(endpoint: string, r: Responded, w: WriteReport, latencyMs: number, about: RequestFacts | undefined, headers: Record<string, string> | undefined): RequestRecord {
  const generated = headers?.['x-llmposter-generated'];
  const fixtureId = headers?.['x-llmposter-fixture'] ?? null;
  return {
    requestId: about?.requestId ?? headers?.['x-request-id'] ?? '',
    arrivedAtMs: about?.arrivedAtMs ?? Date.now(),
    ...requestFields(endpoint, about?.request),
    outcome: r.outcome,
    status: w.end === 'disconnected' && w.status === 0 ? 0 : w.status,
    end: w.end,
    latencyMs,
    injectedDelayMs: about?.injectedDelayMs ?? 0,
    promptTokens: r.usage?.inputTokens ?? null,
    responseTokens: r.usage?.outputTokens ?? null,
    responseMode: generated ?? (fixtureId !== null ? 'fixture' : null),
    fixtureId,
  };
}

/** The record of a proxied request: its tokens are the upstream's and are not counted. */
function proxiedRecord(endpoint: string, facts: JournalFacts, end: WriteEnd, about: RequestFacts): RequestRecord {
  return {
    requestId: about.requestId,
    arrivedAtMs: about.arrivedAtMs,
    ...requestFields(endpoint, about.request),
    outcome: facts.outcome,
    status: facts.status,
    end,
    latencyMs: facts.durationMs,
    injectedDelayMs: 0,
    promptTokens: null,
    responseTokens: null,
    responseMode: null,
    fixtureId: null,
  };
}

/** What a record says about the request itself (null fields before it decoded). */
function requestFields(endpoint: string, request: RequestSummary | undefined): Pick<RequestRecord, 'endpoint' | 'provider' | 'model' | 'deployment' | 'messageCount'> {
  return {
    endpoint,
    provider: request?.provider ?? null,
    model: request?.model ?? null,
    deployment: request?.provider === 'azure' && endpoint.includes('{deployment}') ? request.model : null,
    messageCount: request?.messageCount ?? null,
  };
}

/** Load chaos' latency (and `slow_response`) before a plan's first byte. */
function delayed(r: Responded, ms: number): Responded {
  if (ms > 0) r.plan.delayMs += ms;
  return r;
}

/** The `--verbose` line's fields; a no-match also names the nearest fixture and how to see why. */
function verboseFields(model: string, fixture: string | null, seed: number, r: Responded, diagnostics: boolean): Record<string, unknown> {
  const fields: Record<string, unknown> = { model, fixture, seed };
  if (r.outcome !== 'no_match') return fields;
  fields.nearest = r.nearest ?? null;
  if (!diagnostics) fields.hint = '--diagnostics shows which fields did not match';
  return fields;
}
