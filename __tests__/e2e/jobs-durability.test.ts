/**
 * The job store file as users run it: the real CLI with `--jobs-db`, killed with SIGKILL by
 * its PID right after a 201, restarted on the same file. An acknowledged job must be there,
 * ids must not repeat (even under `--freeze-time`, where the clock cannot tell runs apart),
 * and a store file the server cannot trust stops startup with exit 2 and the reason.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { CLI, startCli, type CliResult, type RunningCli } from '../helpers/cli.js';
import { jobRecord } from '../helpers/job-record.js';

const running: RunningCli[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) if (c.child.exitCode === null && c.child.signalCode === null) await c.stop('SIGKILL');
});

const dbFile = () => join(mkdtempSync(join(tmpdir(), 'llmposter-durable-')), 'jobs.jsonl');

async function serve(db: string, extra: string[] = []): Promise<RunningCli> {
  // A long flush interval: only the submission's own write can have saved the job.
  const cli = await startCli(['--port', '0', '--no-watch', '--jobs-db', db, '--jobs-mode', 'hang', '--jobs-flush-ms', '60000', ...extra]);
  running.push(cli);
  return cli;
}

async function submit(url: string, body: unknown): Promise<{ status: number; json: { id: string } }> {
  const res = await fetch(`${url}/v1/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as { id: string } };
}

/**
 * Run the CLI expecting it to stop at startup. Bounded: a server that starts anyway (the bug
 * this guards against) is killed after a few seconds and reported with its exit code null.
 */
function runExpectingExit(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** SIGKILL the server process by its PID: no shutdown handler, no final flush. */
async function kill9(cli: RunningCli): Promise<void> {
  process.kill(cli.child.pid!, 'SIGKILL');
  await cli.exited;
}

describe('--jobs-db survives kill -9', () => {
  it('every job acknowledged with 201 is there after SIGKILL and a restart', async () => {
    const db = dbFile();
    const first = await serve(db);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await submit(first.url, { op: 'llm.chat', args: { n: i }, trace_id: `t-${i}` });
      expect(r.status).toBe(201);
      ids.push(r.json.id);
    }
    await kill9(first);

    const second = await serve(db);
    for (const [i, id] of ids.entries()) {
      const status = await fetch(`${second.url}/v1/jobs/${id}`);
      expect(status.status).toBe(200);
      // It was running when the process died: the restart reports it as interrupted.
      expect(await status.json()).toMatchObject({ id, state: 'fail', error: { code: 'INTERRUPTED' } });
      const request = await (await fetch(`${second.url}/v1/jobs/${id}/request`)).json();
      expect(request).toMatchObject({ op: 'llm.chat', args: { n: i }, trace_id: `t-${i}`, sequence: i + 1 });
    }
  });

  it('never hands out an id twice after a restart, even with --freeze-time', async () => {
    const db = dbFile();
    const freeze = ['--freeze-time', '1767225600'];
    const seen = new Set<string>();
    for (let run = 0; run < 3; run++) {
      const cli = await serve(db, freeze);
      for (let i = 0; i < 3; i++) {
        const r = await submit(cli.url, { op: 'x' });
        expect(r.status).toBe(201);
        expect(seen.has(r.json.id)).toBe(false);
        seen.add(r.json.id);
      }
      await kill9(cli);
    }
    expect(seen.size).toBe(9);
  });
});

describe('a store file the server cannot trust stops startup (exit 2, with the reason)', () => {
  const record = jobRecord(1, { state: 'ok', result: { text: 'hi', usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } } });
  const { request: _r, ...noRequest } = record;
  it.each([
    ['an unknown version', '{"version":99,"seq":0}\n', 'unknown store version 99'],
    ['an unknown version (whole-file form)', '{"version":99,"seq":0,"jobs":[]}', 'unknown store version 99'],
    ['a record without its request', `{"version":2,"seq":1}\n${JSON.stringify({ add: noRequest })}\n`, 'line 2: "request" must be an object'],
    ['a record with a bad state', `{"version":2,"seq":1}\n${JSON.stringify({ add: { ...record, state: 'done' } })}\n`, 'line 2: "state" must be one of'],
    ['a 0.1 store with a record missing its seq', `{"version":1,"seq":1,"jobs":[${JSON.stringify({ ...record, seq: undefined })}]}`, 'entry 0 of "jobs": "seq" must be an integer >= 1'],
    ['a broken line in the middle', `{"version":2,"seq":1}\n{"add":\n${JSON.stringify({ drop: 'job_1' })}\n`, 'line 2: not valid JSON'],
  ])('%s', async (_name, content, reason) => {
    const db = dbFile();
    writeFileSync(db, content);
    const r = await runExpectingExit(['--port', '0', '--no-watch', '--jobs-db', db]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(db);
    expect(r.stderr).toContain(reason);
    expect(r.stderr).not.toMatch(/\n\s+at /); // a reason, not a stack trace
  });

  it('a last line cut off by a crash is dropped (it was never acknowledged), with a warning', async () => {
    const db = dbFile();
    writeFileSync(db, `{"version":2,"seq":1}\n${JSON.stringify({ add: record })}\n{"add":{"id":"job_2","se`);
    const cli = await serve(db);
    expect((await fetch(`${cli.url}/v1/jobs/job_1`)).status).toBe(200);
    expect(cli.stderr()).toContain('cut off by a crash');
  });
});
