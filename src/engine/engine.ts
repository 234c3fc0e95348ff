/**
 * The running engine: the current fixture set (swapped atomically on reload), the state that
 * survives reloads, and the request handler for the LLM routes (decode -> decide -> write).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CanonicalRequest } from '../canonical/request.js';
import { parseSeed } from '../random/rng.js';
import { EngineState } from '../engine/state.js';
import type { FixtureSet } from '../fixture-set/types.js';
import type { Logger } from '../log.js';
import type { Codec } from '../providers/codec.js';
import { readBody } from '../http/read-body.js';
import type { Clock } from '../time/clock.js';
import { ResponseWriter, type Plan } from '../stream/writer.js';
import { decide } from './decide.js';

export interface EngineOptions {
  seed: number;
  clock: Clock;
  logger: Logger;
  diagnostics: boolean;
  maxBodyBytes: number;
  /** Per-request log lines (checked before building them: the hot path stays lean). */
  verbose: boolean;
}

export class Engine {
  readonly state = new EngineState();
  readonly writer: ResponseWriter;
  private set: FixtureSet = { fixtures: [], files: [] };

  constructor(readonly opts: EngineOptions) {
    this.writer = new ResponseWriter(opts.clock);
  }

  get fixtures(): FixtureSet {
    return this.set;
  }

  /** Swap in a new fixture set; scenario state and counters are kept. */
  setFixtures(set: FixtureSet): void {
    this.set = set;
  }

  /** Model ids for `GET /v1/models`: the fixtures' literal model patterns, first-seen order. */
  modelIds(): string[] {
    const ids = new Set<string>();
    for (const f of this.set.fixtures) if (f.match.model?.literal) ids.add(f.match.model.literal);
    return [...ids];
  }

  /** Handle one LLM request end to end with the given provider codec. */
  async handle(req: IncomingMessage, res: ServerResponse, codec: Codec): Promise<void> {
    const { logger } = this.opts;
    const read = await readBody(req, this.opts.maxBodyBytes);
    if (!read.ok) {
      if (read.reason === 'aborted') return;
      const e = codec.encodeError({ status: 413, message: `Request body is larger than the ${this.opts.maxBodyBytes}-byte limit (--max-body-bytes).` });
      // The rest of the body is not read: close the connection rather than reuse it.
      return this.send(res, { kind: 'body', status: 413, headers: { ...e.headers, connection: 'close' }, body: e.body, delayMs: 0 });
    }
    let json: unknown;
    try {
      json = JSON.parse(read.body.toString('utf8'));
    } catch (err) {
      const e = codec.encodeError({ status: 400, message: `We could not parse the JSON body of your request: ${(err as Error).message}` });
      return this.send(res, { kind: 'body', status: 400, headers: e.headers, body: e.body, delayMs: 0 });
    }
    const headers = lowerHeaders(req);
    const decoded = codec.decode(json, headers);
    if (!decoded.ok) {
      const e = codec.encodeError(decoded.error);
      if (this.opts.verbose) logger.debug('bad request', { path: req.url, status: e.status, message: decoded.error.message });
      return this.send(res, { kind: 'body', status: e.status, headers: e.headers, body: e.body, delayMs: 0 });
    }
    let seedOverride: number | undefined;
    if (headers['x-llmposter-seed'] !== undefined) {
      try {
        seedOverride = parseSeed(headers['x-llmposter-seed'], 'x-llmposter-seed header');
      } catch (err) {
        const e = codec.encodeError({ status: 400, message: (err as Error).message });
        return this.send(res, { kind: 'body', status: 400, headers: e.headers, body: e.body, delayMs: 0 });
      }
    }
    const decision = decide({
      codec,
      request: decoded.request,
      fixtures: this.set,
      state: this.state,
      seed: this.opts.seed,
      seedOverride,
      unixSeconds: this.opts.clock.unixSeconds(),
      diagnostics: this.opts.diagnostics,
    });
    if (this.opts.verbose) logger.debug(`${req.method} ${req.url}`, logFields(decoded.request, decision.fixtureId, decision.outcome, decision.requestSeed));
    return this.send(res, decision.plan);
  }

  private send(res: ServerResponse, plan: Plan): void {
    this.writer.execute(res, plan);
  }
}

function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  // Node already lower-cases names; arrays (repeated headers) are joined.
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function logFields(r: CanonicalRequest, fixture: string | undefined, outcome: string, seed: number) {
  return { model: r.model, stream: r.stream, fixture: fixture ?? null, outcome, seed };
}
