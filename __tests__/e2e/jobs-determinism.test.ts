import { describe, it, expect, afterEach } from '@jest/globals';
import { startJobsHarness, type JobsHarness } from '../helpers/jobs-harness.js';
import type { JobsSettingsInput } from '../../src/jobs/config.js';

const open: JobsHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});
const server = async (settings: Partial<JobsSettingsInput>) => {
  const h = await startJobsHarness({ settings });
  open.push(h);
  return h;
};

const prompts = ['I need a vacation', 'hello', 'I am tired of my manager', 'Why does this fail?', 'my mother says hi', 'The build is red', 'I feel fine'];
const body = (i: number) => ({ op: i % 5 === 4 ? 'tool.run' : 'llm.chat', args: { messages: [{ role: 'user', content: prompts[i % prompts.length] }] }, timeout_ms: 1500 });

/** Submit n jobs in order and collect what each ended as (mode, state, text, error code). */
async function run(h: JobsHarness, n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await h.submit(body(i)));
  const out = [];
  for (const id of ids) {
    const req = (await h.get(`/v1/jobs/${id}/request`)).json;
    const done = await h.waitFinal(id);
    out.push({ seq: req.sequence, mode: req.chosen_mode, seed: req.seed, state: done.state, text: done.result?.text ?? null, error: done.error?.code ?? null, usage: done.result?.usage ?? null });
  }
  return out;
}

describe('determinism: same seed + same submissions in the same order = same run', () => {
  // hang jobs would never finish; the enforced deadline turns them into timeouts so every job ends.
  const settings: Partial<JobsSettingsInput> = {
    mode: 'random',
    weights: 'ok=30,echo=10,slow=10,fail=10,hang=10,timeout=10,flaky=20',
    latencyMs: 5,
    seed: 4244,
    enforceTimeout: true,
  };

  it('two servers with the same seed agree on modes, texts, flaky outcomes and final states', async () => {
    const [a, b] = await Promise.all([server(settings), server(settings)]);
    const [runA, runB] = await Promise.all([run(a, 40), run(b, 40)]);
    expect(runB).toEqual(runA);
    // The run is worth comparing: several modes, all three flaky endings, ELIZA and echo texts.
    const modes = new Set(runA.map((r) => r.mode));
    expect(modes.size).toBeGreaterThanOrEqual(6);
    expect(new Set(runA.map((r) => r.state))).toEqual(new Set(['ok', 'fail', 'timeout']));
    expect(runA.some((r) => r.error === 'SIM_FLAKY')).toBe(true);
    expect(runA.some((r) => r.mode === 'flaky' && r.state === 'ok')).toBe(true);
    expect(runA.some((r) => r.mode === 'flaky' && r.state === 'timeout')).toBe(true);
  });

  it('a different seed gives a different mode sequence', async () => {
    const [a, b] = await Promise.all([server(settings), server({ ...settings, seed: 4245 })]);
    const [runA, runB] = await Promise.all([run(a, 30), run(b, 30)]);
    expect(runB.map((r) => r.mode)).not.toEqual(runA.map((r) => r.mode));
  });

  it('flaky mode alone: identical outcomes across two servers', async () => {
    const flaky = { mode: 'flaky', latencyMs: 5, seed: 99, enforceTimeout: true };
    const [a, b] = await Promise.all([server(flaky), server(flaky)]);
    const [runA, runB] = await Promise.all([run(a, 24), run(b, 24)]);
    expect(runB.map((r) => [r.state, r.error])).toEqual(runA.map((r) => [r.state, r.error]));
    expect(new Set(runA.map((r) => r.error))).toEqual(new Set(['SIM_FLAKY', 'TIMEOUT', null]));
  });

  it('reset replays the same run on the same server', async () => {
    const a = await server(settings);
    const first = await run(a, 15);
    a.sim.reset();
    expect(await run(a, 15)).toEqual(first);
  });

  it('the same ELIZA input and seed give the same reply whatever the sequence number', async () => {
    const a = await server({ mode: 'ok', latencyMs: 1, seed: 8 });
    const texts = [];
    for (let i = 0; i < 4; i++) {
      await a.submit({ op: 'noop' }); // shift the sequence
      const id = await a.submit({ op: 'llm.chat', args: { messages: [{ role: 'user', content: 'I need answers' }] } });
      texts.push((await a.waitFinal(id)).result!.text);
    }
    expect(new Set(texts).size).toBe(1);
  });

  it('job ids stay unique', async () => {
    const a = await server({ mode: 'ok', latencyMs: 1 });
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) ids.add(await a.submit({ op: 'x' }));
    expect(ids.size).toBe(50);
  });
});
