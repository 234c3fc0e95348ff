import { describe, it, expect } from '@jest/globals';
import { DEFAULT_JOBS_WEIGHTS } from '../../../src/jobs/config.js';
import { answerJob, chooseMode, flakyOutcome, jobElizaReply, planJob, type JobAnswer } from '../../../src/jobs/modes.js';
import { CONCRETE_MODES, type ConcreteMode, type JobRequest, type ModeWeights } from '../../../src/jobs/types.js';

const request = (extra: Partial<JobRequest> = {}): JobRequest => ({
  op: 'llm.chat',
  args: { messages: [{ role: 'user', content: 'I need a nap' }] },
  timeout_ms: 8000,
  trace_id: null,
  ...extra,
});
const job = (chosen_mode: ConcreteMode, base_latency_ms = 100, req: JobRequest = request(), seq = 1) => ({ chosen_mode, base_latency_ms, seed: 1337, seq, request: req });
const weights = (w: Partial<ModeWeights>): ModeWeights => ({ ok: 0, echo: 0, slow: 0, fail: 0, hang: 0, timeout: 0, flaky: 0, ...w });

describe('planJob: timing and outcome per mode (REFERENCE §5)', () => {
  it.each([
    ['ok', 100, 8000, { kind: 'finish', delayMs: 100, state: 'ok' }],
    ['echo', 100, 8000, { kind: 'finish', delayMs: 100, state: 'ok' }],
    ['slow', 100, 8000, { kind: 'finish', delayMs: 600, state: 'ok' }],
    ['fail', 100, 8000, { kind: 'finish', delayMs: 100, state: 'fail', error: { code: 'SIM_FAIL', message: 'simulated error' } }],
    ['fail', 5000, 8000, { kind: 'finish', delayMs: 200, state: 'fail', error: { code: 'SIM_FAIL', message: 'simulated error' } }],
    ['hang', 100, 8000, { kind: 'hang' }],
    ['timeout', 100, 8000, { kind: 'finish', delayMs: 100, state: 'timeout', error: { code: 'TIMEOUT', message: 'simulated timeout' } }],
    ['timeout', 10, 8000, { kind: 'finish', delayMs: 50, state: 'timeout', error: { code: 'TIMEOUT', message: 'simulated timeout' } }],
    ['timeout', 5000, 300, { kind: 'finish', delayMs: 300, state: 'timeout', error: { code: 'TIMEOUT', message: 'simulated timeout' } }],
    ['timeout', 5000, 0, { kind: 'finish', delayMs: 50, state: 'timeout', error: { code: 'TIMEOUT', message: 'simulated timeout' } }],
  ] as const)('%s, latency %d, timeout_ms %d', (mode, lat, timeout, expected) => {
    expect(planJob(job(mode, lat, request({ timeout_ms: timeout })))).toEqual(expected);
  });

  it('flaky follows its seeded outcome', () => {
    for (let seq = 1; seq <= 50; seq++) {
      const step = planJob(job('flaky', 100, request(), seq));
      const outcome = flakyOutcome(1337, seq);
      if (outcome === 'hang') expect(step).toEqual({ kind: 'hang' });
      else if (outcome === 'fail') expect(step).toEqual({ kind: 'finish', delayMs: 100, state: 'fail', error: { code: 'SIM_FLAKY', message: 'flaky failure' } });
      else expect(step).toEqual({ kind: 'finish', delayMs: 100, state: 'ok' });
    }
  });
});

describe('flakyOutcome: seeded by (seed, sequence number)', () => {
  it('repeats for the same seed and sequence, and mixes fail / hang / ok', () => {
    const run = (seed: number) => Array.from({ length: 200 }, (_, i) => flakyOutcome(seed, i + 1));
    const a = run(1337);
    expect(run(1337)).toEqual(a);
    expect(run(1338)).not.toEqual(a);
    const count = (o: string) => a.filter((x) => x === o).length;
    // dummyLLM's mix is 50/20/30; 200 draws land near it.
    expect(count('fail')).toBeGreaterThan(70);
    expect(count('hang')).toBeGreaterThan(15);
    expect(count('ok')).toBeGreaterThan(35);
  });
});

describe('chooseMode', () => {
  it('returns the server mode unless it is random', () => {
    for (const m of CONCRETE_MODES) expect(chooseMode({ mode: m, weights: { ...DEFAULT_JOBS_WEIGHTS }, seed: 1 }, 5)).toBe(m);
  });

  it('picks only modes with weight, and all-zero weights pick ok', () => {
    for (let seq = 1; seq <= 100; seq++) {
      expect(chooseMode({ mode: 'random', weights: weights({ hang: 1 }), seed: 1 }, seq)).toBe('hang');
      expect(['echo', 'timeout']).toContain(chooseMode({ mode: 'random', weights: weights({ echo: 1, timeout: 3 }), seed: 1 }, seq));
      expect(chooseMode({ mode: 'random', weights: weights({}), seed: 1 }, seq)).toBe('ok');
    }
  });

  it('follows the weights and repeats per (seed, sequence)', () => {
    const pick = (seed: number) => Array.from({ length: 1000 }, (_, i) => chooseMode({ mode: 'random', weights: { ...DEFAULT_JOBS_WEIGHTS }, seed }, i + 1));
    const a = pick(1337);
    expect(pick(1337)).toEqual(a);
    expect(pick(42)).not.toEqual(a);
    const share = (m: string) => a.filter((x) => x === m).length / a.length;
    expect(share('ok')).toBeGreaterThan(0.6);
    expect(share('ok')).toBeLessThan(0.8);
    expect(share('flaky')).toBe(0);
    expect(share('echo')).toBeGreaterThan(0.05);
  });
});

/** The result text of an answer that must have succeeded. */
function okText(a: JobAnswer): string {
  if (!a.ok) throw new Error(`expected a result, got ${JSON.stringify(a.error)}`);
  return a.result.text;
}

describe('answerJob', () => {
  it('echo returns minified args.messages, for any op', () => {
    const messages = [{ role: 'user', content: 'Hi  there' }, { role: 'assistant', content: 'ok' }];
    expect(okText(answerJob({ chosen_mode: 'echo', seed: 1, seq: 1, request: request({ args: { messages } }) }, null))).toBe(JSON.stringify(messages));
    expect(okText(answerJob({ chosen_mode: 'echo', seed: 1, seq: 1, request: request({ op: 'x', args: {} }) }, null))).toBe('[]');
  });

  it('llm.chat answers with ELIZA when no fixture matches, other ops with ok :: op=<op>', () => {
    expect(okText(answerJob(job('ok'), null))).toBe(jobElizaReply(1337, 'I need a nap'));
    expect(okText(answerJob(job('ok'), () => null))).toBe(jobElizaReply(1337, 'I need a nap'));
    expect(okText(answerJob(job('slow', 1, request({ op: 'embed.text' })), null))).toBe('ok :: op=embed.text');
  });

  it('llm.chat answers with the fixture reply when one matches, given the job args and its seed and sequence number', () => {
    let seen: unknown;
    let seenJob: unknown;
    const result = answerJob(job('ok', 100, request(), 4), (args, j) => {
      seen = args;
      seenJob = { seed: j.seed, seq: j.seq };
      return { text: 'from a fixture' };
    });
    expect(okText(result)).toBe('from a fixture');
    expect(seen).toEqual(request().args);
    expect(seenJob).toEqual({ seed: 1337, seq: 4 });
  });

  it('a fixture error fails the job with that error instead of answering', () => {
    const a = answerJob(job('ok'), () => ({ error: { code: 'HTTP_429', message: 'slow down' } }));
    expect(a).toEqual({ ok: false, error: { code: 'HTTP_429', message: 'slow down' } });
  });

  it('fills in usage counts', () => {
    const a = answerJob(job('ok'), () => ({ text: 'Hello there, friend.' }));
    if (!a.ok) throw new Error('expected a result');
    const { usage, text } = a.result;
    expect(text).toBe('Hello there, friend.');
    expect(usage.prompt_tokens).toBeGreaterThan(3);
    expect(usage.completion_tokens).toBeGreaterThan(2);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    const other = answerJob(job('ok', 1, request({ op: 'tool.run', args: { cmd: 'ls -la' } })), null);
    expect(other.ok && other.result.usage.prompt_tokens).toBeGreaterThan(0);
  });
});
