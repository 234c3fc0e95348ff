/**
 * The running engine: the current fixture set (swapped atomically on reload), the state that
 * survives reloads, per-request seeds, and `reply()`: the one match -> commit -> render used by
 * the LLM routes and the job simulator alike. No I/O here; the server layer reads requests and
 * writes responses.
 */
import type { EmbedRequest, LlmRequest } from '../canonical/request.js';
import type { Fixture, FixtureSet } from '../fixture-set/types.js';
import { requestSeed, rootSeedFor, type RequestSeed } from '../random/request-seed.js';
import { decide, type Decision } from './decide.js';
import { embed, type EmbedDecision } from './embed.js';
import { EngineState } from './state.js';

export interface EngineOptions {
  /** The server seed (`--seed`). */
  seed: number;
}

export class Engine {
  readonly state = new EngineState();
  /** What requests match against: the runtime group in front of the file group, composed once per change. */
  private set: FixtureSet = { fixtures: [], files: [] };
  private fileSet: FixtureSet = { fixtures: [], files: [] };
  private runtimeSet: FixtureSet = { fixtures: [], files: [] };

  constructor(readonly opts: EngineOptions) {}

  /** Every fixture in match order (runtime-added ones first); `files` are the fixture files only. */
  get fixtures(): FixtureSet {
    return this.set;
  }

  /** The fixtures added at runtime (`POST /admin/fixtures`, `addFixtures()`), in match order. */
  get runtimeFixtures(): readonly Fixture[] {
    return this.runtimeSet.fixtures;
  }

  /** Swap in a new set read from the fixture files; runtime fixtures, scenario state and counters are kept. */
  setFixtures(set: FixtureSet): void {
    this.fileSet = set;
    this.compose();
  }

  /**
   * Swap in the runtime-added fixtures (already ordered by priority). They sit in front of the
   * file fixtures, so a test can override what the files say, and a reload of the files keeps them.
   */
  setRuntimeFixtures(set: FixtureSet): void {
    this.runtimeSet = set;
    this.compose();
  }

  private compose(): void {
    this.set = this.runtimeSet.fixtures.length === 0 ? this.fileSet : { fixtures: [...this.runtimeSet.fixtures, ...this.fileSet.fixtures], files: this.fileSet.files };
  }

  /**
   * The seed of the next LLM request: derived from the server seed and the request number, or
   * `override` (the request's `x-llmposter-seed`). Either way the request takes a number, so
   * the numbering never depends on which requests carried the header.
   */
  nextSeed(override?: number): RequestSeed {
    const n = this.state.nextRequestNumber();
    return requestSeed(override ?? rootSeedFor(this.opts.seed, n));
  }

  /**
   * Decide the answer to a request against the current fixtures. `raw: false` skips fixtures'
   * verbatim recordings (a caller that needs the answer itself, not bytes for a socket).
   * @example const d = engine.reply(request, engine.nextSeed()); if (d.kind === 'unmatched') ...
   */
  reply(request: LlmRequest, seed: RequestSeed, toolCallIdPrefix = 'call_', raw = true): Decision {
    return decide({ request, fixtures: this.set, state: this.state, seed, toolCallIdPrefix, raw });
  }

  /** One vector per input of an embeddings request (see embed.ts). */
  embed(request: EmbedRequest, seed: RequestSeed): EmbedDecision {
    return embed({ request, fixtures: this.set, state: this.state, seed, serverSeed: this.opts.seed });
  }

  /** Model ids for `GET /v1/models`: the fixtures' literal model patterns, first-seen order. */
  modelIds(): string[] {
    const ids = new Set<string>();
    for (const f of this.set.fixtures) if (f.match.model?.literal) ids.add(f.match.model.literal);
    return [...ids];
  }
}
