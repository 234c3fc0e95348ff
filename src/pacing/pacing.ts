/**
 * Which pacing a response gets, and its timings. Pacing is off unless the server was started
 * with a profile (`--profile`, `startServer({ pacing })`) or the fixture asks for it
 * (`streaming: {profile}`, `{ttft_ms, tbt_ms}`). Precedence, first that applies:
 * 1. the fixture's `ttft_ms` / `tbt_ms` / `profile` (a missing one from the fixture's
 *    `profile`, else the server's profile, else no delay);
 * 2. a fixture with its own `streaming.latency` keeps exactly that meaning: not paced;
 * 3. the server's profile: a fixed name, or `auto` (by the request's model id).
 * Timings draw from the request's `pacing` sub-seed: the same request order replays them.
 */
import type { EventList } from '../stream/event-list.js';
import { createRng } from '../random/rng.js';
import type { RequestSeed } from '../random/request-seed.js';
import { PROFILES, profileForModel, type Distribution, type LatencyProfile, type ProfileName } from './profiles.js';
import { sampleMs } from './sample.js';

/** The server's pacing (`--profile`, `--prompt-ms-per-1k-tokens`). */
export interface ServerPacing {
  /** A profile, or `auto`: by the request's model id. */
  profile: ProfileName | 'auto';
  /** Extra time to first token per 1,000 prompt tokens (default 0). */
  promptMsPer1kTokens: number;
}

/** A fixture's pacing keys under `streaming:` (all optional; see README). */
export interface FixturePacing {
  profile?: ProfileName;
  ttft?: Distribution;
  tbt?: Distribution;
  promptMsPer1kTokens?: number;
}

/** The pacing one response gets. */
export interface Pacing extends LatencyProfile {
  promptMsPer1kTokens: number;
}

const NO_DELAY: LatencyProfile = PROFILES.instant;

function serverProfile(server: ServerPacing, model: string): LatencyProfile {
  return PROFILES[server.profile === 'auto' ? profileForModel(model) : server.profile];
}

/**
 * The pacing for a response to `model`, or undefined (no pacing: the old timings exactly).
 * @param fixture the fixture's pacing keys; `latencyGiven` when it set `streaming.latency`.
 */
export function resolvePacing(fixture: FixturePacing | undefined, latencyGiven: boolean, server: ServerPacing | undefined, model: string): Pacing | undefined {
  if (fixture) {
    const base = fixture.profile ? PROFILES[fixture.profile] : server ? serverProfile(server, model) : NO_DELAY;
    return { ttft: fixture.ttft ?? base.ttft, tbt: fixture.tbt ?? base.tbt, promptMsPer1kTokens: fixture.promptMsPer1kTokens ?? server?.promptMsPer1kTokens ?? 0 };
  }
  if (!server || latencyGiven) return undefined;
  const p = serverProfile(server, model);
  return { ttft: p.ttft, tbt: p.tbt, promptMsPer1kTokens: server.promptMsPer1kTokens };
}

/** The request's pacing generator (its own purpose: no other random sequence shifts). */
export function pacingRng(seed: RequestSeed) {
  return createRng(seed.sub('pacing'));
}

/**
 * Time to the first token: a TTFT sample plus the prompt's share, then (a reasoning model) the
 * TBT of each hidden reasoning token: the model thinks at its own pace before it answers.
 * Draws the TTFT sample first.
 */
function firstTokenMs(p: Pacing, promptTokens: number, rng: ReturnType<typeof pacingRng>, reasoningTokens = 0): number {
  let ms = sampleMs(p.ttft, rng) + (p.promptMsPer1kTokens * promptTokens) / 1000;
  // The sum of n TBT samples, drawn as one normal sample (mean n x mean, stddev sqrt(n) x
  // stddev): reasoning runs to hundreds of thousands of tokens, one draw each would be work.
  if (reasoningTokens > 0) ms += sampleMs({ mean: p.tbt.mean * reasoningTokens, stddev: p.tbt.stddev * Math.sqrt(reasoningTokens) }, rng);
  return ms;
}

/**
 * A non-streamed answer's wait: TTFT (+ prompt share), then one TBT sample per output token
 * (reasoning tokens are output tokens), the total a stream of the same answer would take.
 * @example bodyDelayMs({ ttft: { mean: 400, stddev: 0 }, tbt: { mean: 25, stddev: 0 }, promptMsPer1kTokens: 0 }, 0, 10, rng) // 650
 */
export function bodyDelayMs(p: Pacing, promptTokens: number, outputTokens: number, rng: ReturnType<typeof pacingRng>): number {
  let ms = firstTokenMs(p, promptTokens, rng);
  for (let k = 0; k < outputTokens; k++) ms += sampleMs(p.tbt, rng);
  return ms;
}

/**
 * When each event of a paced stream goes out (ms after the head): the first content event after
 * TTFT (+ prompt share, + a TBT sample per reasoning token), each later one a TBT sample after
 * the one before. Structure events
 * (role chunk, block starts, the finish, `[DONE]`) go out with the content event after them;
 * those after the last content event go with it. Samples are drawn in content order.
 */
export function pacedOffsets(events: EventList, p: Pacing, promptTokens: number, rng: ReturnType<typeof pacingRng>, reasoningTokens = 0): Float64Array {
  const n = events.length;
  const t = new Float64Array(n);
  const mask = events.contentMask?.();
  let at = firstTokenMs(p, promptTokens, rng, reasoningTokens);
  let first = true;
  let waiting = 0; // first event not yet given a time
  // Plain stores, not fill(): nearly every event is content, and a builtin call per event
  // cost more than the sampling (this runs for every paced stream a load test opens).
  for (let i = 0; i < n; i++) {
    if (mask && mask[i] === 0) continue;
    if (!first) at += sampleMs(p.tbt, rng);
    first = false;
    while (waiting <= i) t[waiting++] = at;
  }
  while (waiting < n) t[waiting++] = at;
  return t;
}
