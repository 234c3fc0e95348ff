/**
 * What a job does, decided without I/O or timers: which mode it runs in, how long it takes,
 * how it ends and what it answers. Every choice derives from the jobs seed and the job's
 * submission sequence number (never from its id), so two servers with the same seed given
 * the same submissions in the same order replay the same run.
 */
import { createRng, deriveSeed, hashString } from '../random/rng.js';
import { elizaReply } from '../generate/eliza.js';
import { jobUsage, lastUserText } from './chat-text.js';
import { CONCRETE_MODES, type ConcreteMode, type JobError, type JobRecord, type JobResult, type JobsMode, type ModeWeights } from './types.js';

/** dummyLLM's `slow` factor. */
export const SLOW_FACTOR = 6;
/** dummyLLM's floor for the `timeout` mode's delay. */
export const TIMEOUT_FLOOR_MS = 50;
/** dummyLLM's cap on the `fail` mode's delay ("so polling sees running sometimes"). */
export const FAIL_DELAY_CAP_MS = 200;

/**
 * The mode job number `seq` runs in: the server mode, or for `random` a weighted pick from
 * `deriveSeed(seed, 'jobs-mode', seq)`. All weights zero picks `ok` (as dummyLLM).
 * @example chooseMode({ mode: 'random', weights, seed: 1337 }, 1) // e.g. 'ok'
 */
export function chooseMode(cfg: { mode: JobsMode; weights: ModeWeights; seed: number }, seq: number): ConcreteMode {
  if (cfg.mode !== 'random') return cfg.mode;
  const total = CONCRETE_MODES.reduce((s, m) => s + cfg.weights[m], 0);
  if (total <= 0) return 'ok';
  let r = createRng(deriveSeed(cfg.seed, 'jobs-mode', seq)).int(1, total);
  for (const m of CONCRETE_MODES) {
    r -= cfg.weights[m];
    if (r <= 0) return m;
  }
  return 'ok';
}

export type FlakyOutcome = 'fail' | 'hang' | 'ok';

/**
 * How a `flaky` job ends: dummyLLM's mix (50% fail `SIM_FLAKY`, 20% hang, 30% ok), rolled
 * from `deriveSeed(seed, 'jobs-flaky', seq)` instead of dummyLLM's random job id.
 * @example flakyOutcome(1337, 3) // 'fail' | 'hang' | 'ok', the same on every run
 */
export function flakyOutcome(seed: number, seq: number): FlakyOutcome {
  const x = createRng(deriveSeed(seed, 'jobs-flaky', seq)).float();
  return x < 0.5 ? 'fail' : x < 0.7 ? 'hang' : 'ok';
}

/** What happens once a job starts running. */
export type JobStep =
  | { kind: 'hang' }
  | { kind: 'finish'; delayMs: number; state: 'ok' }
  | { kind: 'finish'; delayMs: number; state: 'fail' | 'timeout'; error: JobError };

/**
 * The running phase of a job, as dummyLLM does: ok/echo wait the latency, slow 6x, fail
 * min(200, latency), timeout min(max(50, latency), max(50, timeout_ms)), flaky waits the
 * latency then fails, hangs or answers, hang never ends.
 * @example planJob({ chosen_mode: 'slow', base_latency_ms: 20, seed: 1, seq: 1, request }) // { kind: 'finish', delayMs: 120, state: 'ok' }
 */
export function planJob(job: Pick<JobRecord, 'chosen_mode' | 'base_latency_ms' | 'seed' | 'seq' | 'request'>): JobStep {
  const lat = job.base_latency_ms;
  const mode = job.chosen_mode;
  switch (mode) {
    case 'ok':
    case 'echo':
      return { kind: 'finish', delayMs: lat, state: 'ok' };
    case 'slow':
      return { kind: 'finish', delayMs: lat * SLOW_FACTOR, state: 'ok' };
    case 'fail':
      return { kind: 'finish', delayMs: Math.min(FAIL_DELAY_CAP_MS, lat), state: 'fail', error: { code: 'SIM_FAIL', message: 'simulated error' } };
    case 'hang':
      return { kind: 'hang' };
    case 'timeout': {
      const delayMs = Math.min(Math.max(TIMEOUT_FLOOR_MS, lat), Math.max(TIMEOUT_FLOOR_MS, job.request.timeout_ms));
      return { kind: 'finish', delayMs, state: 'timeout', error: { code: 'TIMEOUT', message: 'simulated timeout' } };
    }
    case 'flaky': {
      const outcome = flakyOutcome(job.seed, job.seq);
      // dummyLLM's flaky hang is a stall after the latency; to a client that is just a hang.
      if (outcome === 'hang') return { kind: 'hang' };
      if (outcome === 'fail') return { kind: 'finish', delayMs: lat, state: 'fail', error: { code: 'SIM_FLAKY', message: 'flaky failure' } };
      return { kind: 'finish', delayMs: lat, state: 'ok' };
    }
    default: {
      const never: never = mode;
      throw new Error(`unknown job mode ${String(never)}`);
    }
  }
}

/**
 * ELIZA's reply for a job. Its rng is `deriveSeed(seed, 'eliza', hashString(input))`: keyed on
 * the input, not the sequence number, so the same input and seed give the same reply in any
 * job, on any server, in any order.
 * @example jobElizaReply(1337, 'I need a break') // always the same text for seed 1337
 */
export function jobElizaReply(seed: number, input: string): string {
  return elizaReply(input, createRng(deriveSeed(seed, 'eliza', hashString(input))));
}

/**
 * Answers an `llm.chat` job from the fixtures: a text, or an error the job fails with; null
 * when no fixture matches (ELIZA answers then).
 */
export type FixtureReply = (args: unknown, job: Pick<JobRecord, 'seed' | 'seq'>) => { text: string } | { error: JobError } | null;

/** How a job that ran to its end finishes: with a result, or failed by a fixture's error. */
export type JobAnswer = { ok: true; result: JobResult } | { ok: false; error: JobError };

/**
 * The answer of a job whose mode ends `ok`: echo returns minified `args.messages`; `llm.chat`
 * the fixture match, else ELIZA on the last user message; any other op `ok :: op=<op>`.
 * @example answerJob(job, null) // { ok: true, result: { text: 'Why do you need a break?', usage: { prompt_tokens: 11, ... } } }
 */
export function answerJob(job: Pick<JobRecord, 'chosen_mode' | 'seed' | 'seq' | 'request'>, fixtureReply: FixtureReply | null | undefined): JobAnswer {
  const { op, args } = job.request;
  let text: string;
  if (job.chosen_mode === 'echo') {
    text = JSON.stringify(args.messages ?? []);
  } else if (op === 'llm.chat') {
    const hit = fixtureReply ? fixtureReply(args, job) : null;
    if (hit && 'error' in hit) return { ok: false, error: hit.error };
    text = hit ? hit.text : jobElizaReply(job.seed, lastUserText(args));
  } else {
    text = `ok :: op=${op}`;
  }
  return { ok: true, result: { text, usage: jobUsage(args, text) } };
}
