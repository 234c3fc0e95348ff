// What proxying costs (`--mode passthrough`, the path record and record-missing take too):
// the raw node:http baseline server stands in for the real provider, and one client at a time
// asks it directly and through llmposter. Measured on the client: a non-streamed answer's
// round trip (p50 / p99), and a stream's time to first frame (the proxy must pass each frame
// on as it arrives, not buffer the answer). Target: at most 2 ms p50 added.
//
// Both servers run on the server core (the upstream only answers one request at a time, so
// they never compete for long); the client runs on the load-generator core.
//
//   node bench/proxy.mjs     # on its own (also run by `npm run bench`)
import { request, Agent } from 'node:http';
import { fileURLToPath } from 'node:url';
import { chatBody, pct } from './load.mjs';
import { startServer } from './processes.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const REQUESTS = Number(process.env.BENCH_PROXY_REQUESTS ?? 2000);
const STREAMS = Number(process.env.BENCH_PROXY_STREAMS ?? 300);
const f = (x) => x.toFixed(2);

/**
 * One POST; resolves with [ms to the first body byte, ms to the end]. With `firstOnly` it
 * hangs up at the first byte (a stream's rest is a second of paced frames nobody measures).
 */
function timed(url, body, agent, firstOnly = false) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let first;
    const req = request(`${url}/v1/chat/completions`, { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: 'Bearer bench' } }, (res) => {
      res.on('data', () => {
        first ??= performance.now() - t0;
        if (firstOnly) {
          resolve([first, first]);
          req.destroy();
        }
      });
      res.on('end', () => (res.statusCode === 200 ? resolve([first, performance.now() - t0]) : reject(new Error(`status ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function series(url, n, body, pick, firstOnly = false) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const xs = [];
  for (let i = 0; i < 20; i++) await timed(url, body, agent, firstOnly); // warm-up
  for (let i = 0; i < n; i++) xs.push(pick(await timed(url, body, agent, firstOnly)));
  agent.destroy();
  return Float64Array.from(xs).sort();
}

export async function benchProxy(pinned) {
  const upstream = await startServer('upstream (raw)', [here('./raw-server.mjs')], pinned);
  const proxy = await startServer('llmposter passthrough', [here('../dist/cli/main.js'), '--port', '0', '--no-watch', '--mode', 'passthrough', '--upstream', `openai=${upstream.url}`], pinned);
  try {
    console.log(`\nproxy: one client at a time, direct to an upstream (the raw baseline) and through llmposter --mode passthrough`);
    const rows = [['', `body p50 ms (${REQUESTS})`, 'body p99 ms', `stream first frame p50 ms (${STREAMS})`, 'first frame p99 ms']];
    const measured = [];
    for (const s of [upstream, proxy]) {
      const body = await series(s.url, REQUESTS, chatBody('bench'), ([, end]) => end);
      const first = await series(s.url, STREAMS, chatBody('bench stream', true), ([firstByte]) => firstByte, true);
      measured.push({ body, first });
      rows.push([s === upstream ? 'direct' : 'through llmposter', f(pct(body, 50)), f(pct(body, 99)), f(pct(first, 50)), f(pct(first, 99))]);
    }
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
    for (const r of rows) console.log('  ' + r.map((v, c) => String(v).padEnd(widths[c])).join('  '));
    const [direct, through] = measured;
    console.log(`  added by the proxy: body p50 ${f(pct(through.body, 50) - pct(direct.body, 50))} ms, first frame p50 ${f(pct(through.first, 50) - pct(direct.first, 50))} ms  (target: <= 2 ms p50)`);
  } finally {
    await proxy.stop();
    await upstream.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { pinLoadGenerator } = await import('./processes.mjs');
  const { pinned, line } = pinLoadGenerator();
  console.log(line);
  await benchProxy(pinned);
}
