import { describe, it, expect, afterEach } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobsConfigError, resolveJobsConfig } from '../../../src/jobs/config.js';
import { MemoryJobLog } from '../../../src/jobs/job-log.js';
import { createJobSimulator } from '../../../src/jobs/simulator.js';
import { parseStoreText } from '../../../src/jobs/store-file.js';
import { JobStore, JobStoreError } from '../../../src/jobs/store.js';
import type { JobRecord } from '../../../src/jobs/types.js';
import { silentLogger } from '../../../src/log/logger.js';
import { createFakeClock } from '../../../src/time/fake-clock.js';
import { systemClock } from '../../../src/time/clock.js';
import { chatJob, startJobsHarness, type JobsHarness } from '../../helpers/jobs-harness.js';
import { jobRecord } from '../../helpers/job-record.js';

const open: JobsHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});
const harness = async (...args: Parameters<typeof startJobsHarness>) => {
  const h = await startJobsHarness(...args);
  open.push(h);
  return h;
};
const tmpFile = () => join(mkdtempSync(join(tmpdir(), 'llmposter-jobs-')), 'jobs.jsonl');
/** The store as the file says it is (replayed like a restart would). */
const readStore = (path: string) => parseStoreText(readFileSync(path, 'utf8'), path);

const job = jobRecord;
const opts = (log?: MemoryJobLog) => ({ log, maxJobs: 100, maxBytes: 1 << 20, flushIntervalMs: 1000, clock: createFakeClock() });

/** A gate: every log operation waits until `open()`; counts how many are waiting. */
function gated(log: MemoryJobLog) {
  let release: () => void = () => {};
  let closed = new Promise<void>((r) => (release = r));
  log.gate = () => closed;
  return {
    open() {
      release();
      log.gate = null;
    },
    close() {
      closed = new Promise<void>((r) => (release = r));
      log.gate = () => closed;
    },
  };
}

describe('persistence with --jobs-db', () => {
  it('keeps finished jobs across a restart; jobs left queued/running become fail INTERRUPTED', async () => {
    const db = tmpFile();
    const a = await harness({ settings: { dbPath: db, mode: 'random', weights: 'ok=1', queueMs: 0 } });
    const done = await a.submit(chatJob('I need rest', { trace_id: 't-1' }));
    const finished = await a.waitFinal(done);
    await a.close();
    open.splice(0);

    // A second run: one hang job (running) and one still queued when the server stops.
    const b = await harness({ settings: { dbPath: db, mode: 'hang' } });
    const running = await b.submit({ op: 'x' });
    await b.waitFor(running, (j) => j.state === 'running');
    await b.close();
    open.splice(0);
    expect(readStore(db).jobs.map((j) => j.state)).toEqual(['ok', 'running']);
    const c0 = await harness({ settings: { dbPath: db, mode: 'ok', queueMs: 60_000 } });
    const queued = await c0.submit({ op: 'y' });
    expect((await c0.get(`/v1/jobs/${queued}`)).json.state).toBe('queued');
    await c0.close();
    open.splice(0);
    // c0's own startup already failed b's running job; its queued job is left as it was.
    expect(readStore(db).jobs.map((j) => [j.state, j.error?.code ?? null])).toEqual([['ok', null], ['fail', 'INTERRUPTED'], ['queued', null]]);

    const c = await harness({ settings: { dbPath: db } });
    // The finished job is exactly as it was, request view included.
    expect((await c.get(`/v1/jobs/${done}`)).json).toEqual(finished);
    expect((await c.get(`/v1/jobs/${done}/request`)).json).toMatchObject({ op: 'llm.chat', trace_id: 't-1', chosen_mode: 'ok', sequence: 1 });
    for (const id of [running, queued]) {
      const j = (await c.get(`/v1/jobs/${id}`)).json;
      expect(j).toMatchObject({ state: 'fail', result: null, error: { code: 'INTERRUPTED', message: 'the server stopped before the job finished' } });
      // Cancel leaves it as it is (it is finished now).
      expect((await c.post(`/v1/jobs/${id}/cancel`)).json.state).toBe('fail');
    }
    // New jobs continue the sequence, so ids and seeded choices never repeat within one store.
    const next = await c.submit({ op: 'z' });
    expect((await c.get(`/v1/jobs/${next}/request`)).json.sequence).toBe(4);
    expect(c.sim.health()).toMatchObject({ db: 'jobs.jsonl', count: 4 });
    // The interruption was written back at startup.
    expect(readStore(db).jobs.filter((j) => j.error?.code === 'INTERRUPTED')).toHaveLength(2);
  });

  it('a 201 means the job is already in the file (no flush, no close needed)', async () => {
    const db = tmpFile();
    const h = await harness({ settings: { dbPath: db, mode: 'hang', flushIntervalMs: 60_000 } });
    const id = await h.submit({ op: 'x', args: { n: 1 } });
    const onDisk = readStore(db);
    expect(onDisk.jobs.map((j) => j.id)).toEqual([id]);
    expect(onDisk.seq).toBe(1);
    expect(onDisk.jobs[0].request).toEqual({ op: 'x', args: { n: 1 }, timeout_ms: 8000, trace_id: null });
  });

  it('creates the file at startup, and an empty file reads as an empty store', async () => {
    const db = tmpFile();
    const h = await harness({ settings: { dbPath: db } });
    expect(existsSync(db)).toBe(true);
    expect(readFileSync(db, 'utf8')).toBe('{"version":2,"seq":0}\n');
    await h.close();
    open.splice(0);
    writeFileSync(db, '');
    const h2 = await harness({ settings: { dbPath: db } });
    expect(h2.sim.health()).toMatchObject({ count: 0 });
  });

  it('refuses an unwritable path at startup', async () => {
    const db = join(tmpFile(), 'no-such-dir', 'jobs.jsonl');
    const err = await createJobSimulator(resolveJobsConfig({ overrides: { dbPath: db } }), { clock: systemClock, logger: silentLogger }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobsConfigError);
  });

  it('refuses a corrupt, foreign or incomplete file with a JobsConfigError naming the path and the reason', async () => {
    const deps = { clock: systemClock, logger: silentLogger };
    for (const [content, reason] of [
      ['{"version":1,', 'not a llmposter job store'],
      ['{"hello":"world"}', 'not a llmposter job store'],
      ['[1,2,3]', 'not a llmposter job store'],
      ['{"version":99,"seq":0,"jobs":[]}', 'unknown store version 99'],
      ['{"version":1,"seq":1,"jobs":[{"id":5}]}', '"id" must be a non-empty string'],
    ]) {
      const db = tmpFile();
      writeFileSync(db, content);
      const err = await createJobSimulator(resolveJobsConfig({ overrides: { dbPath: db } }), deps).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(JobsConfigError);
      expect((err as Error).message).toContain(db);
      expect((err as Error).message).toContain('--jobs-db');
      expect((err as Error).message).toContain(reason);
    }
  });

  it('reads a store written by llmposter 0.1 (one JSON object) and rewrites it as a log', async () => {
    const db = tmpFile();
    const old = job(3, { state: 'ok', result: { text: 'hi', usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } } });
    writeFileSync(db, `{"version":1,"seq":5,"jobs":[\n${JSON.stringify(old)}\n]}\n`);
    const h = await harness({ settings: { dbPath: db } });
    expect((await h.get('/v1/jobs/job_3')).json).toMatchObject({ state: 'ok', result: { text: 'hi' } });
    expect(readFileSync(db, 'utf8').split('\n')[0]).toBe('{"version":2,"seq":5}');
    expect((await h.get(`/v1/jobs/${await h.submit({ op: 'y' })}/request`)).json.sequence).toBe(6);
  });
});

describe('group commit', () => {
  it('durable() resolves only once the job is written, and at once without a log', async () => {
    const memoryOnly = await JobStore.open(opts());
    memoryOnly.insert(job(1));
    await expect(memoryOnly.durable()).resolves.toBeUndefined();

    const log = new MemoryJobLog();
    const store = await JobStore.open(opts(log));
    await store.flush();
    const gate = gated(log);
    store.insert(job(1));
    let done = false;
    const waiting = store.durable().then(() => (done = true));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    expect(log.text).not.toContain('job_1');
    gate.open();
    await waiting;
    expect(log.text).toContain('"add":{"id":"job_1"');
  });

  it('submissions that arrive during a write share the next one', async () => {
    const log = new MemoryJobLog();
    const store = await JobStore.open(opts(log));
    await store.flush();
    const before = log.appends;
    const gate = gated(log);
    store.insert(job(1));
    const first = store.durable();
    await new Promise((r) => setImmediate(r)); // the first write starts and waits on the gate
    const rest: Promise<void>[] = [];
    for (let n = 2; n <= 50; n++) {
      store.insert(job(n));
      rest.push(store.durable());
    }
    gate.open();
    await Promise.all([first, ...rest]);
    expect(log.appends - before).toBe(2);
    expect(parseStoreText(log.text!, 'x').jobs).toHaveLength(50);
  });

  it('state changes are written later, with the next write, not one write each', async () => {
    const log = new MemoryJobLog();
    const o = opts(log);
    const store = await JobStore.open(o);
    await store.flush();
    const j = job(1);
    store.insert(j);
    await store.durable();
    const before = log.appends;
    for (const state of ['running', 'ok'] as const) {
      j.state = state;
      store.update(j);
    }
    await new Promise((r) => setImmediate(r));
    expect(log.appends).toBe(before);
    o.clock.advance(1000);
    await store.close();
    expect(log.appends).toBe(before + 1);
    expect(parseStoreText(log.text!, 'x').jobs[0].state).toBe('ok');
  });

  it('a failed write rejects the waiters; the next write rewrites the whole file', async () => {
    const errors: string[] = [];
    const log = new MemoryJobLog();
    const store = await JobStore.open({ ...opts(log), onWriteError: (e) => errors.push(e.message) });
    await store.flush();
    store.insert(job(1));
    await store.durable();
    log.failWith = new Error('disk full');
    store.insert(job(2));
    await expect(store.durable()).rejects.toThrow(JobStoreError);
    expect(errors.join()).toContain('disk full');
    log.failWith = null;
    const rewrites = log.rewrites;
    store.insert(job(3));
    await store.durable();
    expect(log.rewrites).toBe(rewrites + 1);
    expect(parseStoreText(log.text!, 'x').jobs.map((j) => j.id)).toEqual(['job_1', 'job_2', 'job_3']);
  });

  it('the file is rewritten once the appended lines outgrow it: bounded however long it runs', async () => {
    const log = new MemoryJobLog();
    const store = await JobStore.open({ ...opts(log), maxJobs: 10 });
    await store.flush();
    const pad = 'x'.repeat(10_000);
    for (let n = 1; n <= 500; n++) {
      const j = job(n, { request: { op: 'x', args: { pad }, timeout_ms: 0, trace_id: null }, state: 'ok' });
      store.makeRoom(0);
      store.insert(j);
      await store.durable();
    }
    expect(log.rewrites).toBeGreaterThan(1);
    // 10 jobs of ~10 KB live; the file never holds much more than the 1 MiB floor plus them.
    expect(log.text!.length).toBeLessThan((1 << 20) + 300_000);
    expect(parseStoreText(log.text!, 'x').jobs.map((j) => j.id)).toEqual(Array.from({ length: 10 }, (_, i) => `job_${491 + i}`));
  });

  it('one record that cannot be serialised never stops the others from being saved', async () => {
    const errors: string[] = [];
    const log = new MemoryJobLog();
    const store = await JobStore.open({ ...opts(log), onWriteError: (e) => errors.push(e.message) });
    await store.flush();
    const bad = job(1);
    store.insert(bad, '{}');
    await store.durable();
    // Corrupt the record in memory so it cannot be serialised (a cycle).
    (bad.request.args as Record<string, unknown>).self = bad.request.args;
    bad.state = 'ok';
    store.update(bad);
    store.clear(); // forces a rewrite of every job
    store.insert(bad, '{}');
    store.insert(job(2));
    await store.durable();
    expect(parseStoreText(log.text!, 'x').jobs.map((j) => j.id)).toEqual(['job_2']);
    expect(errors.join()).toContain('job_1 cannot be saved');
  });
});

describe('bounded store', () => {
  it('evicts the jobs that finished longest ago past the cap', async () => {
    const h = await harness({ settings: { mode: 'ok', latencyMs: 1, maxJobs: 5 } });
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const id = await h.submit({ op: `op${i}` });
      await h.waitFinal(id);
      ids.push(id);
    }
    for (const id of ids.slice(0, 3)) expect((await h.get(`/v1/jobs/${id}`)).status).toBe(404);
    for (const id of ids.slice(3)) expect((await h.get(`/v1/jobs/${id}`)).status).toBe(200);
    expect((await h.get('/v1/jobs')).json.total).toBe(5);
  });

  it('never evicts live jobs: with only queued/running jobs stored it answers 429', async () => {
    const h = await harness({ settings: { mode: 'hang', maxJobs: 3 } });
    const live = [await h.submit({ op: 'a' }), await h.submit({ op: 'b' }), await h.submit({ op: 'c' })];
    const r = await h.post('/v1/jobs', { op: 'd' });
    expect(r.status).toBe(429);
    expect(r.json.error.code).toBe('QUEUE_FULL');
    expect(r.headers.get('retry-after')).toBe('1');
    // Finishing one (cancel) makes room: the cancelled job is the one evicted.
    await h.post(`/v1/jobs/${live[1]}/cancel`);
    expect((await h.post('/v1/jobs', { op: 'd' })).status).toBe(201);
    expect((await h.get(`/v1/jobs/${live[1]}`)).status).toBe(404);
    expect((await h.get(`/v1/jobs/${live[0]}`)).json.state).toBe('running');
  });

  it('bounds the bytes of stored requests: evicts finished jobs, refuses a job bigger than the cap (413)', async () => {
    const h = await harness({ settings: { mode: 'ok', latencyMs: 1, maxBytes: 50_000 } });
    const body = (n: number) => ({ op: 'x', args: { pad: 'x'.repeat(n) } });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push(await h.submit(body(15_000)));
      await h.waitFinal(ids[i]);
    }
    // Three ~15 KB requests fit under 50 KB: the older ones were evicted.
    expect(h.sim.health()).toMatchObject({ count: 3, max_bytes: 50_000 });
    expect((h.sim.health().bytes as number) <= 50_000).toBe(true);
    expect((await h.get(`/v1/jobs/${ids[2]}`)).status).toBe(404);
    expect((await h.get(`/v1/jobs/${ids[3]}`)).status).toBe(200);

    const tooBig = await h.post('/v1/jobs', body(60_000));
    expect(tooBig.status).toBe(413);
    expect(tooBig.json.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', param: 'args' });
    expect(tooBig.json.error.message).toContain('--jobs-max-bytes');
    expect(h.sim.health()).toMatchObject({ count: 3 });
  });

  it('refuses with 429 when live jobs fill the byte cap', async () => {
    const h = await harness({ settings: { mode: 'hang', maxBytes: 50_000 } });
    const body = { op: 'x', args: { pad: 'x'.repeat(20_000) } };
    await h.submit(body);
    await h.submit(body);
    const r = await h.post('/v1/jobs', body);
    expect(r.status).toBe(429);
    expect(r.json.error.message).toContain('--jobs-max-bytes');
  });

  it('trims a persisted store to a lowered cap at startup', async () => {
    const db = tmpFile();
    const a = await harness({ settings: { dbPath: db, mode: 'ok', latencyMs: 1 } });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push(await a.submit({ op: `op${i}` }));
      await a.waitFinal(ids[i]);
    }
    await a.close();
    open.splice(0);
    const b = await harness({ settings: { dbPath: db, maxJobs: 2 } });
    expect((await b.get('/v1/jobs')).json.data.map((j: JobRecord) => j.id)).toEqual([ids[5], ids[4]]);
  });
});
