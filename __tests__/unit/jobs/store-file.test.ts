import { describe, expect, it } from '@jest/globals';
import { JobStoreError, addLine, dropLine, headerLine, parseStoreText, recordProblem, setLine } from '../../../src/jobs/store-file.js';
import type { JobRecord } from '../../../src/jobs/types.js';

const job: JobRecord = {
  id: 'job_1',
  seq: 1,
  state: 'queued',
  created_at: 10,
  updated_at: 10,
  result: null,
  error: null,
  request: { op: 'llm.chat', args: { messages: [] }, timeout_ms: 8000, trace_id: 't' },
  chosen_mode: 'ok',
  base_latency_ms: 250,
  seed: 1337,
  random_weights: null,
};

describe('lines', () => {
  it('replay to the same records', () => {
    const done: JobRecord = { ...job, state: 'ok', updated_at: 11, result: { text: 'hi', usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } } };
    const two = { ...job, id: 'job_2', seq: 2 };
    const text = headerLine(0) + addLine(job) + addLine(two) + setLine(done) + dropLine('job_2');
    expect(parseStoreText(text, 'f')).toEqual({ seq: 2, jobs: [done], legacy: false, tornTail: false });
  });

  it('an add line is the record with its request last', () => {
    const line = addLine(job);
    expect(JSON.parse(line)).toEqual({ add: job });
    expect(line.endsWith('\n')).toBe(true);
    expect(line.split('\n')).toHaveLength(2);
  });
});

describe('parseStoreText', () => {
  const bad = (text: string) => {
    try {
      parseStoreText(text, 'jobs.jsonl');
    } catch (err) {
      expect(err).toBeInstanceOf(JobStoreError);
      return (err as Error).message;
    }
    throw new Error('expected a JobStoreError');
  };

  it('reads an empty file as an empty store', () => {
    expect(parseStoreText('', 'f')).toMatchObject({ seq: 0, jobs: [] });
    expect(parseStoreText('\n  \n', 'f')).toMatchObject({ seq: 0, jobs: [] });
  });

  it('refuses an unknown version, naming it', () => {
    expect(bad('{"version":3,"seq":0}\n')).toContain('unknown store version 3');
    expect(bad('{"version":"2","seq":0}\n')).toContain('unknown store version "2"');
  });

  it('refuses inconsistent lines with their line number', () => {
    expect(bad(headerLine(0) + addLine(job) + addLine(job))).toContain('line 3: job job_1 is added twice');
    expect(bad(headerLine(0) + setLine(job))).toContain('line 2: a change to job job_1, which is not in the store');
    expect(bad(headerLine(0) + dropLine('job_9'))).toContain('line 2: drops job "job_9"');
    expect(bad(headerLine(0) + '{"what":1}\n')).toContain('line 2: expected {"add":...}');
  });

  it('drops only a cut-off last line', () => {
    const torn = headerLine(0) + addLine(job) + '{"add":{"id":"job_2"';
    expect(parseStoreText(torn, 'f')).toMatchObject({ jobs: [job], tornTail: true });
    expect(bad(headerLine(0) + '{"add":{"id":"job_2"\n' + addLine(job))).toContain('line 2: not valid JSON');
  });

  it('keeps the header seq when it is ahead of every job (evicted jobs took the later numbers)', () => {
    expect(parseStoreText(headerLine(7) + addLine(job), 'f').seq).toBe(7);
  });
});

describe('recordProblem', () => {
  it('accepts a complete record', () => {
    expect(recordProblem(job)).toBeNull();
  });

  it.each([
    ['id', { id: '' }, '"id"'],
    ['state', { state: 'done' }, '"state"'],
    ['seq', { seq: 0 }, '"seq"'],
    ['created_at', { created_at: '1' }, '"created_at"'],
    ['result', { result: { text: 1 } }, '"result"'],
    ['error', { error: 'boom' }, '"error"'],
    ['chosen_mode', { chosen_mode: 'random' }, '"chosen_mode"'],
    ['request', { request: null }, '"request"'],
    ['request.op', { request: { ...job.request, op: '' } }, '"request.op"'],
    ['request.args', { request: { ...job.request, args: [] } }, '"request.args"'],
    ['request.timeout_ms', { request: { ...job.request, timeout_ms: -1 } }, '"request.timeout_ms"'],
    ['request.trace_id', { request: { ...job.request, trace_id: 5 } }, '"request.trace_id"'],
    ['random_weights', { random_weights: 3 }, '"random_weights"'],
  ])('names a bad %s', (_name, patch, field) => {
    expect(recordProblem({ ...job, ...patch })).toContain(field);
  });

  it('names a missing field', () => {
    const { seed: _seed, ...noSeed } = job;
    expect(recordProblem(noSeed)).toContain('"seed"');
  });

  it('refuses args nested deeper than a request may be', () => {
    let deep: unknown = {};
    for (let i = 0; i < 1000; i++) deep = { a: deep };
    expect(recordProblem({ ...job, request: { ...job.request, args: deep } })).toContain('levels deep');
  });
});
