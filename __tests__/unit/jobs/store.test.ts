import { describe, it, expect, afterEach } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Memory } from 'lowdb';
import { JobsConfigError, resolveJobsConfig } from '../../../src/jobs/config.js';
import { createJobSimulator } from '../../../src/jobs/simulator.js';
import { JobStore, JobStoreError, type JobStoreData } from '../../../src/jobs/store.js';
import type { JobRecord } from '../../../src/jobs/types.js';
import { silentLogger } from '../../../src/log/logger.js';
import { systemClock } from '../../../src/time/clock.js';
import { chatJob, startJobsHarness, type JobsHarness } from '../../helpers/jobs-harness.js';

const open: JobsHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});
const harness = async (...args: Parameters<typeof startJobsHarness>) => {
  const h = await startJobsHarness(...args);
  open.push(h);
  return h;
};
const tmpFile = () => join(mkdtempSync(join(tmpdir(), 'llmposter-jobs-')), 'jobs.json');
const readStore = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as JobStoreData;

/** A Memory adapter that counts writes. */
class CountingMemory extends Memory<JobStoreData> {
  count = 0;
  override async write(data: JobStoreData) {
    this.count++;
    await super.write(data);
  }
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
    expect(c.sim.health()).toMatchObject({ db, count: 4 });
    // The interruption was written back at startup.
    expect(readStore(db).jobs.filter((j) => j.error?.code === 'INTERRUPTED')).toHaveLength(2);
  });

  it('creates the file at startup, and an empty file reads as an empty store', async () => {
    const db = tmpFile();
    const h = await harness({ settings: { dbPath: db } });
    expect(existsSync(db)).toBe(true);
    expect(readStore(db)).toEqual({ version: 1, seq: 0, jobs: [] });
    await h.close();
    open.splice(0);
    writeFileSync(db, '');
    const h2 = await harness({ settings: { dbPath: db } });
    expect(h2.sim.health()).toMatchObject({ count: 0 });
  });

  it('refuses a corrupt or foreign file with a JobsConfigError naming the path', async () => {
    const deps = { clock: systemClock, logger: silentLogger };
    for (const content of ['{"version":1,', '{"hello":"world"}', '[1,2,3]', '{"version":1,"seq":1,"jobs":[{"id":5}]}']) {
      const db = tmpFile();
      writeFileSync(db, content);
      const err = await createJobSimulator(resolveJobsConfig({ overrides: { dbPath: db } }), deps).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(JobsConfigError);
      expect((err as Error).message).toContain(db);
      expect((err as Error).message).toContain('--jobs-db');
    }
  });

  it('refuses an unwritable path at startup', async () => {
    const db = join(tmpFile(), 'no-such-dir', 'jobs.json');
    const err = await createJobSimulator(resolveJobsConfig({ overrides: { dbPath: db } }), { clock: systemClock, logger: silentLogger }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobsConfigError);
  });

  it('writes one job per line', async () => {
    const db = tmpFile();
    const h = await harness({ settings: { dbPath: db, flushIntervalMs: 0 } });
    await h.waitFinal(await h.submit({ op: 'a' }));
    await h.waitFinal(await h.submit({ op: 'b' }));
    await h.sim.close();
    const lines = readFileSync(db, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('{"version":1,"seq":2,"jobs":[');
    expect(JSON.parse(lines[1].replace(/,$/, '')).request.op).toBe('a');
  });
});

describe('batched writes', () => {
  it('a burst of submissions is written once per flush interval, not once per job', async () => {
    const adapter = new CountingMemory();
    const h = await harness({ settings: { mode: 'hang', flushIntervalMs: 100 }, deps: { storeAdapter: adapter } });
    const startWrites = adapter.count;
    const ids = await Promise.all(Array.from({ length: 100 }, (_, i) => h.submit({ op: `op${i}` })));
    await h.sim.close();
    const writes = adapter.count - startWrites;
    expect(writes).toBeGreaterThanOrEqual(1);
    expect(writes).toBeLessThan(20);
    const data = (await adapter.read())!;
    expect(data.jobs.map((j) => j.id).sort()).toEqual([...ids].sort());
    expect(data.seq).toBe(100);
  });

  it('JobStore.flush writes nothing when nothing changed', async () => {
    const adapter = new CountingMemory();
    const store = await JobStore.open({ adapter, maxJobs: 10, flushIntervalMs: 1000 });
    await store.flush();
    expect(adapter.count).toBe(0);
    store.nextSeq();
    store.nextSeq();
    await store.flush();
    await store.flush();
    expect(adapter.count).toBe(1);
    await store.close();
  });

  it('a failing write is reported and retried at the next flush', async () => {
    let fail = true;
    const adapter = { read: async () => null, write: async () => { if (fail) throw new Error('disk full'); } };
    const store = await JobStore.open({ adapter, label: 'x.json', maxJobs: 10, flushIntervalMs: 1000 });
    store.touch();
    await expect(store.flush()).rejects.toThrow(JobStoreError);
    fail = false;
    await expect(store.flush()).resolves.toBeUndefined();
    expect(store.writes).toBe(2);
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
