/**
 * The jobs API over HTTP: job shapes, every mode, enforced timeouts, cancel, list, the events
 * stream, health and reset. Job time runs on a fake clock the tests move by hand; every read
 * of a job's state still goes over HTTP.
 */
import { describe, it, expect, afterEach } from '@jest/globals';
import { jobElizaReply } from '../../src/jobs/modes.js';
import type { Clock } from '../../src/time/clock.js';
import { createFakeClock, type FakeClock } from '../../src/time/fake-clock.js';
import { chatJob, sleep, startJobsHarness, type HarnessOptions, type JobsHarness } from '../helpers/jobs-harness.js';

let h: JobsHarness | null = null;
async function start<C extends Clock = Clock>(opts: HarnessOptions<C> = {}): Promise<JobsHarness<C>> {
  const s = await startJobsHarness(opts);
  h = s;
  return s;
}
/** A harness whose job timers only move on `s.clock.advance(ms)`. */
const startFake = (opts: Omit<HarnessOptions, 'clock'> = {}): Promise<JobsHarness<FakeClock>> => start({ ...opts, clock: createFakeClock() });
afterEach(async () => {
  await h?.close();
  h = null;
});

/** `GET /v1/jobs/{id}` body. */
const job = async (s: JobsHarness, id: string) => (await s.get(`/v1/jobs/${id}`)).json;

describe('POST /v1/jobs and GET /v1/jobs/{id}', () => {
  it('creates a queued job (201) and finishes it ok with an ELIZA reply and usage', async () => {
    const s = await startFake();
    const r = await s.post('/v1/jobs', chatJob('I need a holiday'));
    expect(r.status).toBe(201);
    expect(Object.keys(r.json).sort()).toEqual(['created_at', 'id', 'state']);
    expect(r.json.id).toMatch(/^job_[0-9a-f]{12}$/);
    expect(r.json.state).toBe('queued');
    expect(Number.isInteger(r.json.created_at)).toBe(true);

    s.clock.advance(19);
    expect((await job(s, r.json.id)).state).toBe('running');
    s.clock.advance(1);
    const done = await job(s, r.json.id);
    expect(Object.keys(done).sort()).toEqual(['created_at', 'error', 'id', 'result', 'state', 'updated_at']);
    expect(done.state).toBe('ok');
    expect(done.error).toBeNull();
    expect(done.result!.text).toBe(jobElizaReply(1337, 'I need a holiday'));
    expect(done.result!.usage.prompt_tokens).toBeGreaterThan(0);
    expect(done.result!.usage.completion_tokens).toBeGreaterThan(0);
    expect(done.updated_at).toBeGreaterThanOrEqual(done.created_at);
  });

  it('passes through queued -> running -> ok (seen on the events stream)', async () => {
    const s = await startFake({ settings: { latencyMs: 30, queueMs: 30 } });
    const id = await s.submit(chatJob('hi'));
    const res = await openEvents(s, id);
    s.clock.advance(30);
    s.clock.advance(30);
    const states = (await eventsOf(res)).map((e) => e.state);
    expect(states).toEqual(['queued', 'running', 'ok']);
  });

  it('answers other ops with ok :: op=<op>', async () => {
    const s = await startFake();
    const id = await s.submit({ op: 'tool.exec', args: { cmd: 'ls' } });
    s.clock.advance(20);
    expect((await job(s, id)).result!.text).toBe('ok :: op=tool.exec');
  });

  it('answers llm.chat from the fixtures when fixtureReply matches, ELIZA otherwise', async () => {
    const s = await startFake({ deps: { fixtureReply: (args) => ((args as { messages: Array<{ content: string }> }).messages[0].content === 'ping' ? { text: 'pong' } : null) } });
    const hit = await s.submit(chatJob('ping'));
    const miss = await s.submit(chatJob('hello'));
    s.clock.advance(20);
    expect((await job(s, hit)).result!.text).toBe('pong');
    expect((await job(s, miss)).result!.text).toBe(jobElizaReply(1337, 'hello'));
  });

  it('fails the job (not the server) when fixtureReply throws', async () => {
    const s = await startFake({ deps: { fixtureReply: () => { throw new Error('boom'); } } });
    const id = await s.submit(chatJob('x'));
    s.clock.advance(20);
    const done = await job(s, id);
    expect(done.state).toBe('fail');
    expect(done.error).toEqual({ code: 'ANSWER_FAILED', message: 'answering the job failed: boom' });
    expect((await s.get('/v1/jobs')).status).toBe(200);
  });

  it('GET /v1/jobs/{id}/request shows the payload untouched, chosen_mode and the seed', async () => {
    const s = await start({ settings: { mode: 'random', weights: 'echo=1', seed: 77 } });
    const body = { op: 'llm.chat', args: { model: 'm', messages: [{ role: 'user', content: 'x' }], temperature: 0.2, nested: { a: [1, 2] } }, timeout_ms: 1234, trace_id: 'trace-1' };
    const id = await s.submit(body);
    const r = await s.get(`/v1/jobs/${id}/request`);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      ...body,
      chosen_mode: 'echo',
      base_latency_ms: 20,
      random_weights: { ok: 0, echo: 1, slow: 0, fail: 0, hang: 0, timeout: 0, flaky: 0 },
      seed: 77,
      sequence: 1,
    });
  });

  it('applies the dummyLLM defaults: timeout_ms 8000, trace_id null, args {}', async () => {
    const s = await start();
    const id = await s.submit({ op: 'noop' });
    expect((await s.get(`/v1/jobs/${id}/request`)).json).toMatchObject({ op: 'noop', args: {}, timeout_ms: 8000, trace_id: null, chosen_mode: 'ok', random_weights: null, seed: 1337 });
  });
});

describe('modes over HTTP', () => {
  it('echo: minified JSON of args.messages', async () => {
    const s = await startFake({ settings: { mode: 'echo' } });
    const messages = [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'Hello   world' }];
    const id = await s.submit({ op: 'llm.chat', args: { messages } });
    s.clock.advance(20);
    const done = await job(s, id);
    expect(done.state).toBe('ok');
    expect(done.result!.text).toBe('[{"role":"system","content":"be brief"},{"role":"user","content":"Hello   world"}]');
  });

  it('slow: ok after 6x the latency', async () => {
    const s = await startFake({ settings: { mode: 'slow', latencyMs: 25 } });
    const t0 = s.clock.now();
    const id = await s.submit(chatJob('hi'));
    s.clock.advance(0);
    expect((await job(s, id)).state).toBe('running');
    s.clock.advance(149);
    expect((await job(s, id)).state).toBe('running');
    s.clock.advance(1);
    const done = await job(s, id);
    expect(done.state).toBe('ok');
    expect(s.clock.now() - t0).toBeGreaterThanOrEqual(150);
  });

  it('fail: SIM_FAIL', async () => {
    const s = await startFake({ settings: { mode: 'fail' } });
    const id = await s.submit(chatJob('hi'));
    s.clock.advance(20);
    const done = await job(s, id);
    expect(done).toMatchObject({ state: 'fail', result: null, error: { code: 'SIM_FAIL', message: 'simulated error' } });
  });

  it('timeout: state timeout with code TIMEOUT', async () => {
    const s = await startFake({ settings: { mode: 'timeout' } });
    const t0 = s.clock.now();
    const id = await s.submit(chatJob('hi', { timeout_ms: 60 }));
    // min(max(50, latency 20), max(50, timeout_ms 60)) = 50 ms of running.
    s.clock.advance(49);
    expect((await job(s, id)).state).toBe('running');
    s.clock.advance(1);
    const done = await job(s, id);
    expect(done).toMatchObject({ state: 'timeout', result: null, error: { code: 'TIMEOUT', message: 'simulated timeout' } });
    expect(s.clock.now() - t0).toBeGreaterThanOrEqual(50);
  });

  it('hang: stays running', async () => {
    const s = await startFake({ settings: { mode: 'hang' } });
    const id = await s.submit(chatJob('hi'));
    s.clock.advance(0);
    expect((await job(s, id)).state).toBe('running');
    s.clock.advance(150);
    expect((await s.get(`/v1/jobs/${id}`)).json.state).toBe('running');
  });

  it('flaky: each job ends as its seeded outcome says (fail SIM_FLAKY / hang / ok)', async () => {
    const s = await startFake({ settings: { mode: 'flaky', enforceTimeout: true } });
    const { flakyOutcome } = await import('../../src/jobs/modes.js');
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await s.submit(chatJob('hi', { timeout_ms: 1500 })));
    s.clock.advance(1500);
    const outcomes = new Set<string>();
    for (const [i, id] of ids.entries()) {
      const expected = flakyOutcome(1337, i + 1);
      outcomes.add(expected);
      const done = await job(s, id);
      if (expected === 'fail') expect(done.error).toEqual({ code: 'SIM_FLAKY', message: 'flaky failure' });
      if (expected === 'ok') expect(done.state).toBe('ok');
      // A flaky hang never finishes by itself; the enforced deadline ends it.
      if (expected === 'hang') expect(done.state).toBe('timeout');
    }
    expect(outcomes).toEqual(new Set(['fail', 'hang', 'ok']));
  });

  it('random: each job runs in its chosen mode', async () => {
    const s = await startFake({ settings: { mode: 'random', weights: 'ok=1,echo=1,fail=1,timeout=1', latencyMs: 10 } });
    const ids: string[] = [];
    for (let i = 0; i < 16; i++) ids.push(await s.submit(chatJob('hi', { timeout_ms: 10 })));
    // The slowest of these modes is timeout: its 50 ms floor.
    s.clock.advance(50);
    const modes = new Set<string>();
    for (const id of ids) {
      const mode = (await s.get(`/v1/jobs/${id}/request`)).json.chosen_mode as string;
      modes.add(mode);
      const done = await job(s, id);
      expect(done.state).toBe({ ok: 'ok', echo: 'ok', fail: 'fail', timeout: 'timeout' }[mode]);
      if (mode === 'echo') expect(done.result!.text).toBe('[{"role":"user","content":"hi"}]');
    }
    expect(modes.size).toBeGreaterThan(1);
  });
});

describe('timeout enforcement (--jobs-enforce-timeout)', () => {
  it('ends a job still unfinished after timeout_ms in state timeout', async () => {
    const s = await startFake({ settings: { mode: 'hang', enforceTimeout: true } });
    const id = await s.submit(chatJob('hi', { timeout_ms: 80 }));
    s.clock.advance(79);
    expect((await job(s, id)).state).toBe('running');
    s.clock.advance(1);
    const done = await job(s, id);
    expect(done).toMatchObject({ state: 'timeout', result: null, error: { code: 'TIMEOUT', message: 'job ran past its timeout_ms (80 ms)' } });
  });

  it('applies to slow jobs, and counts queued time', async () => {
    const s = await startFake({ settings: { mode: 'slow', latencyMs: 200, enforceTimeout: true } });
    const slow = await s.submit(chatJob('hi', { timeout_ms: 100 }));
    s.clock.advance(100);
    expect((await job(s, slow)).state).toBe('timeout');
    await h!.close();
    const q = await startFake({ settings: { mode: 'ok', queueMs: 5000, enforceTimeout: true } });
    const queued = await q.submit(chatJob('hi', { timeout_ms: 60 }));
    q.clock.advance(59);
    expect((await job(q, queued)).state).toBe('queued');
    q.clock.advance(1);
    expect((await job(q, queued)).state).toBe('timeout');
  });

  it('leaves jobs that finish in time alone; timeout_ms 0 means no deadline', async () => {
    const s = await startFake({ settings: { mode: 'ok', enforceTimeout: true } });
    const first = await s.submit(chatJob('hi', { timeout_ms: 5000 }));
    s.clock.advance(20);
    expect((await job(s, first)).state).toBe('ok');
    s.clock.advance(10_000);
    expect((await job(s, first)).state).toBe('ok');
    const id = await s.submit({ op: 'x', timeout_ms: 0 });
    s.clock.advance(20);
    expect((await job(s, id)).state).toBe('ok');
  });

  it('is off by default: a hang job outlives its timeout_ms', async () => {
    const s = await startFake({ settings: { mode: 'hang' } });
    const id = await s.submit(chatJob('hi', { timeout_ms: 30 }));
    s.clock.advance(150);
    expect((await s.get(`/v1/jobs/${id}`)).json.state).toBe('running');
  });
});

describe('POST /v1/jobs/{id}/cancel', () => {
  it('cancels a queued job and it never runs', async () => {
    const s = await startFake({ settings: { queueMs: 60_000 } });
    const id = await s.submit(chatJob('hi'));
    s.clock.advance(59_999);
    expect((await s.get(`/v1/jobs/${id}`)).json.state).toBe('queued');
    const r = await s.post(`/v1/jobs/${id}/cancel`);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ id, state: 'cancelled' });
    s.clock.advance(120_000);
    const cancelled = (await s.get(`/v1/jobs/${id}`)).json;
    expect(cancelled).toMatchObject({ state: 'cancelled', result: null, error: { code: 'CANCELLED', message: 'cancelled by client' } });
  });

  it('cancels a running (hanging) job', async () => {
    const s = await startFake({ settings: { mode: 'hang' } });
    const id = await s.submit(chatJob('hi'));
    s.clock.advance(0);
    expect((await job(s, id)).state).toBe('running');
    expect((await s.post(`/v1/jobs/${id}/cancel`)).json).toEqual({ id, state: 'cancelled' });
  });

  it('stops the timers: a cancelled slow job never turns ok', async () => {
    const s = await startFake({ settings: { mode: 'slow', latencyMs: 20 } });
    const id = await s.submit(chatJob('hi'));
    s.clock.advance(0);
    expect((await job(s, id)).state).toBe('running');
    await s.post(`/v1/jobs/${id}/cancel`);
    s.clock.advance(250);
    expect((await s.get(`/v1/jobs/${id}`)).json.state).toBe('cancelled');
  });

  it.each([
    ['ok', 'ok'],
    ['fail', 'fail'],
    ['timeout', 'timeout'],
  ])('returns a finished (%s) job unchanged', async (mode, state) => {
    const s = await startFake({ settings: { mode } });
    const id = await s.submit(chatJob('hi', { timeout_ms: 10 }));
    // ok and fail take the 20 ms latency; timeout its 50 ms floor.
    s.clock.advance(50);
    const before = await job(s, id);
    expect(before.state).toBe(state);
    expect((await s.post(`/v1/jobs/${id}/cancel`)).json).toEqual({ id, state });
    expect((await s.get(`/v1/jobs/${id}`)).json).toEqual(before);
  });

  it('cancelling twice keeps the first cancellation', async () => {
    const s = await startFake({ settings: { mode: 'hang' } });
    const id = await s.submit(chatJob('hi'));
    await s.post(`/v1/jobs/${id}/cancel`);
    s.clock.advance(1000);
    const first = (await s.get(`/v1/jobs/${id}`)).json;
    expect((await s.post(`/v1/jobs/${id}/cancel`)).json).toEqual({ id, state: 'cancelled' });
    expect((await s.get(`/v1/jobs/${id}`)).json).toEqual(first);
  });
});

describe('GET /v1/jobs (list)', () => {
  it('lists newest first, filters by state, honours limit', async () => {
    const s = await startFake({ settings: { mode: 'hang' } });
    const ids = [await s.submit({ op: 'a' }), await s.submit({ op: 'b' }), await s.submit({ op: 'c' })];
    s.clock.advance(0);
    expect((await job(s, ids[2])).state).toBe('running');
    await s.post(`/v1/jobs/${ids[1]}/cancel`);

    const all = await s.get('/v1/jobs');
    expect(all.status).toBe(200);
    expect(all.json.object).toBe('list');
    expect(all.json.data.map((j: { id: string }) => j.id)).toEqual([...ids].reverse());
    expect(all.json.total).toBe(3);
    expect(all.json.has_more).toBe(false);

    const cancelled = await s.get('/v1/jobs?state=cancelled');
    expect(cancelled.json.data.map((j: { id: string }) => j.id)).toEqual([ids[1]]);
    const several = await s.get('/v1/jobs?state=cancelled,running');
    expect(several.json.total).toBe(3);

    const limited = await s.get('/v1/jobs?limit=2');
    expect(limited.json.data.map((j: { id: string }) => j.id)).toEqual([ids[2], ids[1]]);
    expect(limited.json).toMatchObject({ total: 3, has_more: true });
    expect((await s.get('/v1/jobs?state=ok')).json).toMatchObject({ data: [], total: 0 });
  });
});

describe('GET /v1/jobs/{id}/events (SSE)', () => {
  it('streams each state change and ends after the final state', async () => {
    const s = await startFake({ settings: { mode: 'fail', queueMs: 30, latencyMs: 30 } });
    const id = await s.submit(chatJob('hi'));
    const res = await openEvents(s, id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    s.clock.advance(30);
    s.clock.advance(30);
    const text = await res.text(); // resolves only because the server ends the stream
    const frames = text.split('\n\n').filter(Boolean);
    expect(frames).toHaveLength(3);
    expect(frames[0].split('\n').slice(0, 2)).toEqual(['id: 1', 'event: state']);
    const events = frames.map((f) => JSON.parse(f.split('\n').find((l) => l.startsWith('data: '))!.slice(6)));
    expect(events.map((e) => e.state)).toEqual(['queued', 'running', 'fail']);
    expect(events[2]).toEqual((await s.get(`/v1/jobs/${id}`)).json);
  });

  it('sends one event and ends at once for a finished job', async () => {
    const s = await startFake();
    const id = await s.submit(chatJob('hi'));
    s.clock.advance(20);
    expect((await job(s, id)).state).toBe('ok');
    const events = await readEvents(s, id);
    expect(events.map((e) => e.state)).toEqual(['ok']);
  });

  it('ends with the cancelled state when the job is cancelled', async () => {
    const s = await startFake({ settings: { mode: 'hang' } });
    const id = await s.submit(chatJob('hi'));
    s.clock.advance(0);
    expect((await job(s, id)).state).toBe('running');
    const pending = await openEvents(s, id);
    await s.post(`/v1/jobs/${id}/cancel`);
    expect((await eventsOf(pending)).map((e) => e.state)).toEqual(['running', 'cancelled']);
  });

  it('ends open streams on reset and on close', async () => {
    const s = await startFake({ settings: { mode: 'hang' } });
    const a = await s.submit(chatJob('hi'));
    const pending = await openEvents(s, a);
    s.sim.reset();
    expect((await eventsOf(pending)).length).toBeGreaterThanOrEqual(1);
    const b = await s.submit(chatJob('hi'));
    const pending2 = await openEvents(s, b);
    await s.sim.close();
    expect((await eventsOf(pending2)).length).toBeGreaterThanOrEqual(1);
  });

  it('tolerates a client that disconnects mid-stream', async () => {
    const s = await startFake({ settings: { mode: 'hang' } });
    const id = await s.submit(chatJob('hi'));
    const ctrl = new AbortController();
    const res = await fetch(`${s.url}/v1/jobs/${id}/events`, { signal: ctrl.signal });
    expect(res.status).toBe(200);
    ctrl.abort();
    // Real I/O, not job time: give the server a moment to see the connection go before the
    // job changes under the dead stream.
    await sleep(50);
    s.clock.advance(0);
    expect((await s.post(`/v1/jobs/${id}/cancel`)).json.state).toBe('cancelled');
  });
});

describe('health, reset', () => {
  it('reports the job settings', async () => {
    const s = await start({ settings: { mode: 'random', weights: 'ok=3,fail=1', seed: 5, enforceTimeout: true } });
    await s.submit({ op: 'x' });
    const r = await s.get('/health');
    expect(r.json.jobs).toMatchObject({
      mode: 'random',
      latency_ms: 20,
      seed: 5,
      random_weights: { ok: 3, echo: 0, slow: 0, fail: 1, hang: 0, timeout: 0, flaky: 0 },
      enforce_timeout: true,
      db: null,
      max_jobs: 10_000,
      count: 1,
    });
    await h!.close();
    const plain = await start();
    expect(plain.sim.health()).toMatchObject({ mode: 'ok', random_weights: null, seed: 1337, latency_ms: 20 });
  });

  it('reset clears jobs and restarts the sequence', async () => {
    const s = await start({ settings: { mode: 'hang' } });
    const first = await s.submit({ op: 'x' });
    await s.submit({ op: 'y' });
    s.sim.reset();
    expect((await s.get(`/v1/jobs/${first}`)).status).toBe(404);
    expect((await s.get('/v1/jobs')).json.total).toBe(0);
    const again = await s.submit({ op: 'x' });
    expect((await s.get(`/v1/jobs/${again}/request`)).json.sequence).toBe(1);
  });
});

/**
 * Open a job's event stream. Resolves once the head has arrived, and the server subscribes in the
 * same turn it sends the head, so every later change is on the stream.
 */
function openEvents(s: JobsHarness, id: string): Promise<Response> {
  return fetch(`${s.url}/v1/jobs/${id}/events`);
}

/** Read an event stream to its end and parse its events. */
async function eventsOf(res: Response): Promise<Array<{ state: string }>> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((f) => f.includes('data: '))
    .map((f) => JSON.parse(f.split('\n').find((l) => l.startsWith('data: '))!.slice(6)));
}

async function readEvents(s: JobsHarness, id: string): Promise<Array<{ state: string }>> {
  return eventsOf(await openEvents(s, id));
}
