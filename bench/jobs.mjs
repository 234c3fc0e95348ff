// What a durable job submission costs: POST /v1/jobs against llmposter with the store in
// memory and with `--jobs-db` (where a 201 waits until the job is appended and synced to disk),
// one client at a time and many at once (concurrent submissions share one write: group commit).
// Bounded: two servers, four short autocannon runs.
//
//   node bench/jobs.mjs            # on its own (also run at the end of `npm run bench`)
//   BENCH_JOBS_DURATION=5 node bench/jobs.mjs
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startServer } from './processes.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const DURATION = Number(process.env.BENCH_JOBS_DURATION ?? 2);
const CONCURRENCY = [1, 50];
const body = JSON.stringify({ op: 'bench', args: { messages: [{ role: 'user', content: 'x'.repeat(200) }] }, timeout_ms: 8000 });

function submit(url, connections) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url: `${url}/v1/jobs`, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections, duration: DURATION },
      (err, r) => (err ? reject(err) : resolve({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, bad: r.errors + r.non2xx + r.timeouts })),
    );
  });
}

/** @param pinned run the servers on the bench's server core (see processes.mjs) */
export async function benchJobs(pinned = false) {
  const dir = mkdtempSync(join(tmpdir(), 'llmposter-bench-jobs-'));
  const db = join(dir, 'jobs.jsonl');
  // Jobs finish at once (ok, latency 0), so state changes are written too, as in real use.
  const common = [here('../dist/cli/main.js'), '--port', '0', '--no-watch', '--jobs-mode', 'ok', '--jobs-latency-ms', '0'];
  const servers = [await startServer('memory', common, pinned), await startServer('--jobs-db', [...common, '--jobs-db', db], pinned)];
  try {
    console.log(`\njobs: POST /v1/jobs (${Buffer.byteLength(body)}-byte body), ${DURATION} s per run; with --jobs-db a 201 waits for the append + fdatasync`);
    const rows = [['', ...CONCURRENCY.flatMap((c) => [`${c} conn req/s`, 'p50 ms', 'p99 ms'])]];
    for (const s of servers) {
      await submit(s.url, 10); // warm-up (and a store that already holds jobs)
      const row = [s.name];
      for (const c of CONCURRENCY) {
        const r = await submit(s.url, c);
        if (r.bad) console.log(`  note: ${s.name} answered ${r.bad} submissions with something other than 201`);
        row.push(r.rps.toFixed(0), r.p50, r.p99);
      }
      rows.push(row);
    }
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
    for (const r of rows) console.log('  ' + r.map((v, c) => String(v).padEnd(widths[c])).join('  '));
    console.log(`  store file after the runs: ${(statSync(db).size / 1024 / 1024).toFixed(1)} MiB (10,000 jobs kept; rewritten when appends outgrow it)`);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchJobs();
