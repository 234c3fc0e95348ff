// The two loads the bench drives, each returning figures plus how busy the server's core and
// the load generator's core were (a run where the generator is the bottleneck compresses every
// ratio towards 1, so the bench prints it rather than hiding it).
import { request, Agent } from 'node:http';
import autocannon from 'autocannon';

export const FRAMES = 50;
export const GAP_MS = 20;

export const chatBody = (msg, stream = false) =>
  JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: msg }], stream });

/** Measure `server`'s and this process's CPU use over `work()`. */
async function busy(server, work) {
  const t0 = performance.now();
  const s0 = server.cpuSeconds();
  const c0 = process.cpuUsage();
  const result = await work();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { ...result, serverBusy: (server.cpuSeconds() - s0) / wall, loadBusy: (c.user + c.system) / 1e6 / wall };
}

/** Non-streaming: autocannon with `connections` keep-alive connections for `duration` seconds. */
export function cannon(server, { connections, duration }) {
  return busy(server, () =>
    new Promise((resolve, reject) => {
      autocannon(
        { url: `${server.url}/v1/chat/completions`, method: 'POST', headers: { 'content-type': 'application/json' }, body: chatBody('bench'), connections, duration },
        (err, r) => (err ? reject(err) : resolve({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx + r.timeouts })),
      );
    }),
  );
}

/** The `p`th percentile of an ascending array. */
export const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/**
 * Open `count` streams at once; timestamp every SSE frame as it arrives and collect the error
 * of each inter-frame gap, |gap - 20 ms|. Two frames arriving together (a late timer caught up)
 * count as one gap of 0 ms and one of 40 ms. A stream that errors or does not carry
 * `expectFrames` frames counts as incomplete; `frames` reports what the first stream carried.
 * `gaps` holds every gap error, ascending, so rounds can be pooled.
 */
export function streams(server, { count, expectFrames }) {
  return busy(server, () => {
    const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
    const errors = [];
    let incomplete = 0;
    let frames;
    const one = () =>
      new Promise((resolve) => {
        const times = [];
        const req = request(`${server.url}/v1/chat/completions`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
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
            frames ??= times.length;
            if (expectFrames !== undefined && times.length !== expectFrames) incomplete++;
            for (let k = 1; k < times.length; k++) errors.push(Math.abs(times[k] - times[k - 1] - GAP_MS));
            resolve();
          });
          res.on('error', () => { incomplete++; resolve(); });
        });
        req.on('error', () => { incomplete++; resolve(); });
        req.end(chatBody('bench stream', true));
      });
    return Promise.all(Array.from({ length: count }, one)).then(() => {
      agent.destroy();
      const gaps = Float64Array.from(errors).sort();
      return { p50: pct(gaps, 50), p99: pct(gaps, 99), gaps, incomplete, frames };
    });
  });
}
