// `npm run bench`: llmposter against a raw node:http baseline, in the same run, alternating
// rounds so machine noise hits both alike. Prints absolute figures and ours/raw ratios.
//   BENCH_DURATION=3 BENCH_ROUNDS=3 BENCH_CONNECTIONS=100 BENCH_STREAMS=500 npm run bench
import { spawn } from 'node:child_process';
import { request, Agent } from 'node:http';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const DURATION = Number(process.env.BENCH_DURATION ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const STREAMS = Number(process.env.BENCH_STREAMS ?? 500);
const FRAMES = 50;
const GAP_MS = 20;

function startProcess(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) resolve({ url: m[1], stop: () => new Promise((r) => { child.on('close', r); child.kill('SIGTERM'); }) });
    });
    child.on('close', (code) => reject(new Error(`${args.join(' ')} exited ${code}`)));
  });
}

const chatBody = (msg, stream = false) => JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: msg }], stream });

function cannon(url) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url: `${url}/v1/chat/completions`, method: 'POST', headers: { 'content-type': 'application/json' }, body: chatBody('bench'), connections: CONNECTIONS, duration: DURATION },
      (err, r) => (err ? reject(err) : resolve({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx })),
    );
  });
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Open STREAMS streams at once; record when each frame arrives; gap error = |gap - 20 ms|. */
function streams(url, body) {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const errors = [];
  let incomplete = 0;
  const one = () =>
    new Promise((resolve) => {
      const times = [];
      const req = request(`${url}/v1/chat/completions`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
        let pending = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          const now = performance.now();
          pending += d;
          let i;
          while ((i = pending.indexOf('\n\n')) !== -1) {
            pending = pending.slice(i + 2);
            times.push(now);
          }
        });
        res.on('end', () => {
          if (times.length !== FRAMES) incomplete++;
          for (let k = 1; k < times.length; k++) errors.push(Math.abs(times[k] - times[k - 1] - GAP_MS));
          resolve();
        });
      });
      req.on('error', () => { incomplete++; resolve(); });
      req.end(body);
    });
  return Promise.all(Array.from({ length: STREAMS }, one)).then(() => {
    agent.destroy();
    errors.sort((a, b) => a - b);
    return { p50: pct(errors, 50), p99: pct(errors, 99), incomplete };
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = (x, d = 2) => x.toFixed(d);

const raw = await startProcess([here('./raw-server.mjs')]);
const ours = await startProcess([here('../dist/cli/main.js'), '--fixtures', here('./fixtures'), '--port', '0', '--no-watch']);
try {
  // Warm both up (both paths) so JIT state is comparable and round 1 is not a cold start.
  await cannon(raw.url);
  await cannon(ours.url);
  await streams(raw.url, chatBody('bench stream', true));
  await streams(ours.url, chatBody('bench stream', true));

  console.log(`non-streaming: autocannon c=${CONNECTIONS}, ${DURATION}s x ${ROUNDS} rounds each, alternating`);
  const rr = [], oo = [];
  for (let i = 0; i < ROUNDS; i++) {
    rr.push(await cannon(raw.url));
    oo.push(await cannon(ours.url));
    const r = rr.at(-1), o = oo.at(-1);
    console.log(`  round ${i + 1}: raw ${f(r.rps, 0)} req/s (p50 ${r.p50} ms, p99 ${r.p99} ms) | llmposter ${f(o.rps, 0)} req/s (p50 ${o.p50} ms, p99 ${o.p99} ms) | ratio ${f(o.rps / r.rps)}`);
  }
  const rRps = median(rr.map((x) => x.rps)), oRps = median(oo.map((x) => x.rps));
  console.log(`  median: raw ${f(rRps, 0)} req/s, llmposter ${f(oRps, 0)} req/s, ours/raw = ${f(oRps / rRps)} (target >= 0.6)`);
  console.log(`  p99 latency (median of rounds): raw ${median(rr.map((x) => x.p99))} ms, llmposter ${median(oo.map((x) => x.p99))} ms; errors: raw ${rr.reduce((a, x) => a + x.errors, 0)}, llmposter ${oo.reduce((a, x) => a + x.errors, 0)}`);

  console.log(`streaming: ${STREAMS} concurrent streams x ${FRAMES} frames x ${GAP_MS} ms, client-measured |gap - ${GAP_MS} ms|`);
  const rs = [], os = [];
  for (let i = 0; i < ROUNDS; i++) {
    rs.push(await streams(raw.url, chatBody('bench stream', true)));
    os.push(await streams(ours.url, chatBody('bench stream', true)));
    const r = rs.at(-1), o = os.at(-1);
    console.log(`  round ${i + 1}: raw gap error p50 ${f(r.p50)} ms p99 ${f(r.p99)} ms | llmposter p50 ${f(o.p50)} ms p99 ${f(o.p99)} ms | p99 ratio ${f(o.p99 / r.p99)}${r.incomplete + o.incomplete ? ` | incomplete streams raw ${r.incomplete} ours ${o.incomplete}` : ''}`);
  }
  const rP99 = median(rs.map((x) => x.p99)), oP99 = median(os.map((x) => x.p99));
  console.log(`  median gap-error p99: raw ${f(rP99)} ms, llmposter ${f(oP99)} ms, ours/raw = ${f(oP99 / rP99)} (target <= 1.5)`);
} finally {
  await raw.stop();
  await ours.stop();
}
