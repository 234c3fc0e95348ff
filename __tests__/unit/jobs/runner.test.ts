/**
 * `JobRunner` on the fake clock: every state change of every mode happens exactly when planned,
 * cancellation, reset and close leave no timer behind, listeners see every change.
 */
import { describe, it, expect } from '@jest/globals';
import { resolveJobsConfig, type JobsSettingsInput } from '../../../src/jobs/config.js';
import { jobUsage } from '../../../src/jobs/chat-text.js';
import { flakyOutcome, jobElizaReply, type FixtureReply, type FlakyOutcome } from '../../../src/jobs/modes.js';
import { JobRunner, type JobListener } from '../../../src/jobs/runner.js';
import { JobStore } from '../../../src/jobs/store.js';
import type { JobRecord, JobRequest, JobState } from '../../../src/jobs/types.js';
import { silentLogger } from '../../../src/log/logger.js';
import { createFakeClock, type FakeClock } from '../../../src/time/fake-clock.js';

const EPOCH = 1_800_000_000;

interface Rig {
  clock: FakeClock;
  runner: JobRunner;
  store: JobStore;
  /** Submit and return the job (asserting it was accepted). */
  submit(extra?: Partial<JobRequest>): JobRecord;
  state(id: string): JobState | undefined;
}

async function rig(settings: Partial<JobsSettingsInput> = {}, fixtureReply?: FixtureReply): Promise<Rig> {
  const clock = createFakeClock({ unixSeconds: EPOCH });
  const config = resolveJobsConfig({ overrides: { latencyMs: 100, queueMs: 30, ...settings } });
  const store = await JobStore.open({ maxJobs: config.maxJobs, maxBytes: config.maxBytes, flushIntervalMs: config.flushIntervalMs, clock });
  const runner = new JobRunner(config, store, { clock, logger: silentLogger, fixtureReply });
  return {
    clock,
    runner,
    store,
    submit(extra = {}) {
      const r = runner.submit(request(extra));
      if (!r.ok) throw new Error(`submit refused: ${r.reason}`);
      return r.job;
    },
    state: (id) => runner.get(id)?.state,
  };
}

const MESSAGES = [{ role: 'user', content: 'I need a holiday' }];
const request = (extra: Partial<JobRequest> = {}): JobRequest => ({ op: 'llm.chat', args: { messages: MESSAGES }, timeout_ms: 8000, trace_id: null, ...extra });

/** A seed whose first job (sequence 1) has the wanted flaky outcome. */
function seedFor(outcome: FlakyOutcome): number {
  for (let seed = 1; seed < 10_000; seed++) if (flakyOutcome(seed, 1) === outcome) return seed;
  throw new Error(`no seed gives ${outcome}`);
}

/** Records every notification a job's listeners get. */
function recorder(): JobListener & { seen: string[] } {
  const seen: string[] = [];
  return { seen, change: (j) => seen.push(j.state), gone: () => seen.push('gone') };
}

describe('each mode: queued, running after queueMs, final exactly at the planned delay', () => {
  const flakySeeds = { fail: seedFor('fail'), hang: seedFor('hang'), ok: seedFor('ok') };

  it.each([
    // mode, settings, request, planned running time, final state, error
    ['ok', {}, {}, 100, 'ok', null],
    ['echo', {}, {}, 100, 'ok', null],
    ['slow', {}, {}, 600, 'ok', null],
    ['fail', {}, {}, 100, 'fail', { code: 'SIM_FAIL', message: 'simulated error' }],
    ['fail (capped at 200)', { latencyMs: 5000 }, {}, 200, 'fail', { code: 'SIM_FAIL', message: 'simulated error' }],
    ['timeout (its timeout_ms)', {}, { timeout_ms: 70 }, 70, 'timeout', { code: 'TIMEOUT', message: 'simulated timeout' }],
    ['timeout (its latency)', {}, { timeout_ms: 8000 }, 100, 'timeout', { code: 'TIMEOUT', message: 'simulated timeout' }],
    ['timeout (50 ms floor)', { latencyMs: 10 }, {}, 50, 'timeout', { code: 'TIMEOUT', message: 'simulated timeout' }],
    ['flaky -> fail', { seed: flakySeeds.fail }, {}, 100, 'fail', { code: 'SIM_FLAKY', message: 'flaky failure' }],
    ['flaky -> ok', { seed: flakySeeds.ok }, {}, 100, 'ok', null],
  ] as const)('%s', async (label, settings, extra, delay, final, error) => {
    const mode = label.split(' ')[0];
    const { clock, submit, state, runner } = await rig({ mode, ...settings });
    const job = submit(extra);
    expect(job.state).toBe('queued');
    expect(job.chosen_mode).toBe(mode);
    clock.advance(29);
    expect(state(job.id)).toBe('queued');
    clock.advance(1);
    expect(state(job.id)).toBe('running');
    clock.advance(delay - 1);
    expect(state(job.id)).toBe('running');
    clock.advance(1);
    expect(state(job.id)).toBe(final);
    const done = runner.get(job.id)!;
    expect(done.error).toEqual(error);
    if (final === 'ok') {
      const text = mode === 'echo' ? JSON.stringify(MESSAGES) : jobElizaReply(done.seed, 'I need a holiday');
      expect(done.result).toEqual({ text, usage: jobUsage(job.request.args, text) });
    } else {
      expect(done.result).toBeNull();
    }
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(100_000);
    expect(state(job.id)).toBe(final);
  });

  it.each([
    ['hang', {}],
    ['flaky -> hang', { seed: flakySeeds.hang }],
  ])('%s: running after queueMs, and then never changes by itself', async (label, settings) => {
    const mode = label.split(' ')[0];
    const { clock, submit, state } = await rig({ mode, ...settings });
    const job = submit();
    expect(job.state).toBe('queued');
    clock.advance(30);
    expect(state(job.id)).toBe('running');
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(10_000_000);
    expect(state(job.id)).toBe('running');
  });

  it('the three flaky seeds really differ in outcome', () => {
    expect(new Set(Object.values(flakySeeds)).size).toBe(3);
    expect(flakyOutcome(flakySeeds.fail, 1)).toBe('fail');
    expect(flakyOutcome(flakySeeds.hang, 1)).toBe('hang');
    expect(flakyOutcome(flakySeeds.ok, 1)).toBe('ok');
  });
});

describe('queueMs', () => {
  it('0 still queues: the job starts on the next timer turn, not inside submit', async () => {
    const { clock, submit, state } = await rig({ queueMs: 0 });
    const job = submit();
    expect(job.state).toBe('queued');
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(0);
    expect(state(job.id)).toBe('running');
    clock.advance(100);
    expect(state(job.id)).toBe('ok');
  });

  it('a long queue delays the start, and the running time counts from the start', async () => {
    const { clock, submit, state } = await rig({ queueMs: 5000 });
    const job = submit();
    clock.advance(4999);
    expect(state(job.id)).toBe('queued');
    clock.advance(1);
    expect(state(job.id)).toBe('running');
    clock.advance(99);
    expect(state(job.id)).toBe('running');
    clock.advance(1);
    expect(state(job.id)).toBe('ok');
  });

  it('stamps created_at at submission and updated_at at each change, from the clock', async () => {
    const { clock, submit, runner } = await rig({ queueMs: 1500, latencyMs: 2000 });
    const job = submit();
    expect(job.created_at).toBe(EPOCH);
    expect(job.updated_at).toBe(EPOCH);
    clock.advance(1500);
    expect(runner.get(job.id)!.updated_at).toBe(EPOCH + 1);
    clock.advance(2000);
    expect(runner.get(job.id)).toMatchObject({ state: 'ok', created_at: EPOCH, updated_at: EPOCH + 3 });
  });
});

describe('enforceTimeout', () => {
  it('ends a hanging job at timeout_ms after submission with code TIMEOUT', async () => {
    const { clock, submit, state, runner } = await rig({ mode: 'hang', enforceTimeout: true });
    const job = submit({ timeout_ms: 500 });
    clock.advance(30);
    expect(state(job.id)).toBe('running');
    clock.advance(469);
    expect(state(job.id)).toBe('running');
    clock.advance(1);
    expect(runner.get(job.id)).toMatchObject({ state: 'timeout', result: null, error: { code: 'TIMEOUT', message: 'job ran past its timeout_ms (500 ms)' } });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('counts queued time: a job still queued at its deadline times out and never starts', async () => {
    const { clock, submit, state } = await rig({ mode: 'ok', queueMs: 1000, enforceTimeout: true });
    const job = submit({ timeout_ms: 60 });
    clock.advance(59);
    expect(state(job.id)).toBe('queued');
    clock.advance(1);
    expect(state(job.id)).toBe('timeout');
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(10_000);
    expect(state(job.id)).toBe('timeout');
  });

  it('cuts a slow job short, and leaves a job that finishes in time alone', async () => {
    const { clock, submit, state } = await rig({ mode: 'slow', enforceTimeout: true });
    const slow = submit({ timeout_ms: 300 });
    const roomy = submit({ timeout_ms: 1000 });
    clock.advance(300);
    expect(state(slow.id)).toBe('timeout');
    expect(state(roomy.id)).toBe('running');
    clock.advance(330);
    expect(state(roomy.id)).toBe('ok');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('timeout_ms 0 means no deadline', async () => {
    const { clock, submit, state } = await rig({ mode: 'hang', enforceTimeout: true });
    const job = submit({ timeout_ms: 0 });
    clock.advance(10_000_000);
    expect(state(job.id)).toBe('running');
  });

  it('is off by default: a hanging job outlives its timeout_ms', async () => {
    const { clock, submit, state } = await rig({ mode: 'hang' });
    const job = submit({ timeout_ms: 50 });
    clock.advance(10_000);
    expect(state(job.id)).toBe('running');
  });
});

describe('cancel', () => {
  it('clears the job timers, and the cancelled job never changes again', async () => {
    const { clock, submit, runner } = await rig({ mode: 'slow', enforceTimeout: true });
    const other = submit({ timeout_ms: 5000 });
    const job = submit({ timeout_ms: 5000 });
    clock.advance(30);
    // Each running job: its finish timer and its enforced deadline.
    expect(clock.pendingTimers()).toBe(4);
    const rec = recorder();
    runner.subscribe(job.id, rec);
    const cancelled = runner.cancel(job.id)!;
    expect(clock.pendingTimers()).toBe(2);
    expect(cancelled).toMatchObject({ state: 'cancelled', result: null, error: { code: 'CANCELLED', message: 'cancelled by client' } });
    const snapshot = structuredClone(runner.get(job.id));
    clock.advance(100_000);
    expect(runner.get(job.id)).toEqual(snapshot);
    expect(rec.seen).toEqual(['cancelled']);
    expect(runner.get(other.id)!.state).toBe('ok');
  });

  it('cancels a queued job before it ever runs', async () => {
    const { clock, submit, runner, state } = await rig({ queueMs: 60_000 });
    const job = submit();
    expect(clock.pendingTimers()).toBe(1);
    runner.cancel(job.id);
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(120_000);
    expect(state(job.id)).toBe('cancelled');
  });

  it('returns a finished job unchanged, twice-cancelled keeps the first; unknown ids are undefined', async () => {
    const { clock, submit, runner } = await rig({ mode: 'fail' });
    const job = submit();
    clock.advance(130);
    const before = structuredClone(runner.get(job.id));
    expect(before!.state).toBe('fail');
    expect(runner.cancel(job.id)).toEqual(before);

    const hang = await rig({ mode: 'hang' });
    const h = hang.submit();
    hang.runner.cancel(h.id);
    const first = structuredClone(hang.runner.get(h.id));
    hang.clock.advance(5000);
    expect(hang.runner.cancel(h.id)).toEqual(first);
    expect(runner.cancel('job_000000000000')).toBeUndefined();
  });
});

describe('reset and close', () => {
  it('reset clears every timer, tells listeners the jobs are gone and restarts the sequence', async () => {
    const { clock, submit, runner, store } = await rig({ mode: 'slow', enforceTimeout: true });
    const running = submit();
    clock.advance(30);
    const queued = submit();
    expect(clock.pendingTimers()).toBe(4);
    const a = recorder();
    const b = recorder();
    runner.subscribe(running.id, a);
    runner.subscribe(queued.id, b);
    runner.reset();
    expect(clock.pendingTimers()).toBe(0);
    expect(a.seen).toEqual(['gone']);
    expect(b.seen).toEqual(['gone']);
    expect(store.size).toBe(0);
    expect(runner.get(running.id)).toBeUndefined();
    clock.advance(100_000);
    expect(a.seen).toEqual(['gone']);
    expect(submit().seq).toBe(1);
  });

  it('close clears every timer, ends listeners, keeps jobs as they are and refuses new ones', async () => {
    const { clock, submit, runner } = await rig({ mode: 'ok', enforceTimeout: true });
    const running = submit();
    clock.advance(30);
    const queued = submit();
    expect(clock.pendingTimers()).toBe(4);
    const rec = recorder();
    runner.subscribe(running.id, rec);
    runner.close();
    expect(runner.closed).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
    expect(rec.seen).toEqual(['gone']);
    clock.advance(100_000);
    expect(runner.get(running.id)!.state).toBe('running');
    expect(runner.get(queued.id)!.state).toBe('queued');
    expect(runner.submit(request())).toEqual({ ok: false, reason: 'closed' });
  });
});

describe('subscribe', () => {
  it('delivers every change of the job, and nothing after its final state', async () => {
    const { clock, submit, runner } = await rig({ mode: 'ok' });
    const job = submit();
    const other = submit();
    const rec = recorder();
    runner.subscribe(job.id, rec);
    clock.advance(30);
    expect(rec.seen).toEqual(['running']);
    clock.advance(100);
    expect(rec.seen).toEqual(['running', 'ok']);
    runner.reset();
    expect(rec.seen).toEqual(['running', 'ok']);
    expect(other.state).toBe('ok');
  });

  it('the returned function unsubscribes', async () => {
    const { clock, submit, runner } = await rig({ mode: 'ok' });
    const job = submit();
    const rec = recorder();
    const kept = recorder();
    const off = runner.subscribe(job.id, rec);
    runner.subscribe(job.id, kept);
    clock.advance(30);
    off();
    clock.advance(100);
    expect(rec.seen).toEqual(['running']);
    expect(kept.seen).toEqual(['running', 'ok']);
  });
});

describe('fixtureReply', () => {
  it('an { error } reply fails the job with that error', async () => {
    const calls: Array<[unknown, number]> = [];
    const { clock, submit, runner } = await rig({ mode: 'ok' }, (args, job) => {
      calls.push([args, job.seq]);
      return { error: { code: 'rate_limit_exceeded', message: 'slow down' } };
    });
    const job = submit();
    clock.advance(130);
    expect(runner.get(job.id)).toMatchObject({ state: 'fail', result: null, error: { code: 'rate_limit_exceeded', message: 'slow down' } });
    expect(calls).toEqual([[{ messages: MESSAGES }, 1]]);
  });

  it('a text reply finishes the job ok with that text and its usage', async () => {
    const { clock, submit, runner } = await rig({ mode: 'ok' }, () => ({ text: 'From the fixture.' }));
    const job = submit();
    clock.advance(129);
    expect(runner.get(job.id)!.state).toBe('running');
    clock.advance(1);
    const done = runner.get(job.id)!;
    expect(done).toMatchObject({ state: 'ok', error: null, result: { text: 'From the fixture.' } });
    expect(done.result!.usage).toEqual(jobUsage({ messages: MESSAGES }, 'From the fixture.'));
    expect(done.result!.usage.completion_tokens).toBeGreaterThan(0);
  });

  it('a null reply falls back to ELIZA; a throwing one fails the job, not the runner', async () => {
    const none = await rig({ mode: 'ok' }, () => null);
    const a = none.submit();
    none.clock.advance(130);
    expect(none.runner.get(a.id)!.result!.text).toBe(jobElizaReply(1337, 'I need a holiday'));

    const bad = await rig({ mode: 'ok' }, () => {
      throw new Error('boom');
    });
    const b = bad.submit();
    bad.clock.advance(130);
    expect(bad.runner.get(b.id)).toMatchObject({ state: 'fail', error: { code: 'ANSWER_FAILED', message: 'answering the job failed: boom' } });
    expect(bad.submit().state).toBe('queued');
  });
});

describe('capacity', () => {
  it('refuses a submission when the store is full of unfinished jobs', async () => {
    const { submit, runner } = await rig({ mode: 'hang', maxJobs: 2 });
    submit();
    submit();
    expect(runner.submit(request())).toMatchObject({ ok: false, reason: 'full' });
  });
});
