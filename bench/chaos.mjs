// Load chaos with metrics on, against the same llmposter with chaos off, in alternating rounds:
// the `silent` preset (no faults) with its 10 +- 5 ms latency set to 0, and a SQLite metrics
// file. The latency is zeroed because at 100 connections it alone would cap throughput near
// 100 / 10 ms = 10,000 req/s, and the figure would measure the preset's sleep rather than what
// deciding chaos and recording every request cost. Afterwards the rows written are counted
// with plain SQL and compared with the requests the load generator sent (each is answered;
// a request still in flight when a run stops is answered and recorded after it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { cannon, median } from './load.mjs';
import { startServer } from './processes.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export async function benchChaos(pinned, off, { rounds, duration, connections }) {
  const dir = mkdtempSync(join(tmpdir(), 'llmposter-bench-metrics-'));
  const db = join(dir, 'metrics.db');
  const on = await startServer('chaos+metrics', [here('../dist/cli/main.js'), '--fixtures', here('./fixtures'), '--port', '0', '--preset', 'silent', '--latency-base-ms', '0', '--latency-jitter-ms', '0', '--metrics-db', db], pinned);
  try {
    await cannon(on, { connections, duration: 1 });
    // A new metrics run: only the measured requests count.
    await fetch(`${on.url}/admin/reset`, { method: 'POST' });
    const rps = { off: [], on: [] };
    let sent = 0;
    for (let i = 0; i < rounds; i++) {
      for (const [name, s] of i % 2 === 0 ? [['off', off], ['on', on]] : [['on', on], ['off', off]]) {
        const r = await cannon(s, { connections, duration });
        rps[name].push(r.rps);
        if (name === 'on') sent += r.sent;
      }
    }
    // The store writes its queue every 100 ms: give it a moment, then count with plain SQL.
    await new Promise((r) => setTimeout(r, 500));
    const rows = new Database(db, { readonly: true }).prepare('SELECT COUNT(*) AS n FROM requests').get().n;
    const ratio = median(rps.on) / median(rps.off);
    console.log(`\nload chaos (--preset silent, latency 0) + metrics (--metrics-db), autocannon, ${connections} connections, ${duration} s per server per round, ${rounds} rounds`);
    console.log(`  req/s (median): chaos off ${Math.round(median(rps.off))} | chaos+metrics ${Math.round(median(rps.on))}`);
    console.log(`  chaos+metrics / chaos off = ${ratio.toFixed(2)}  (budget >= 0.75)`);
    console.log(`  metrics rows written ${rows}, requests sent ${sent}: ${rows === sent ? 'equal' : 'NOT EQUAL'}`);
  } finally {
    await on.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
