// Token-paced streaming at scale: `count` concurrent streams from a server started with
// `--profile gpt-4o` (LLMSim's gpt-4o: TTFT 400 +- 100 ms, TBT 25 +- 8 ms), one token a frame.
// The client measures TTFT (request written -> first content frame) and TBT (gaps between
// content frames) on its own clock and prints their mean and stddev against the profile's,
// with the error of the measured means (target: within 5% at 1,000 streams). Alongside, in
// alternating rounds, a raw node:http server pacing the same tokens from the same
// distributions (raw-paced-server.mjs): its error is what this machine adds to any server.
//
// The streams start over RAMP_MS (1 s), not in one instant: each lasts ~2.5 s, so all of them
// are open together at the end of the ramp (the row prints the peak it saw). Each round is two
// passes on the same connections: the first opens them (and shows what waiting to be accepted
// adds), the second streams on them again; the target is stated on the second (see benchPacing).
//
// Content frames are told apart by position, not parsed: a paced Chat Completions stream is the
// role chunk (sent with the first token), one frame per token, then the finish chunk and
// `[DONE]` (sent with the last token), so frames 1 .. n-2 are the tokens.
//
//   BENCH_ONLY=pacing BENCH_PACING_STREAMS=200 BENCH_PACING_ROUNDS=1 npm run bench   # this row alone, smaller
import { fileURLToPath } from 'node:url';
import { median, peakOpen, streamConnection } from './load.mjs';
import { startServer, stealSeconds, stolenNote, stolenSince } from './processes.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const PROFILE = { name: 'gpt-4o', ttft: { mean: 400, stddev: 100 }, tbt: { mean: 25, stddev: 8 } };
const RAMP_MS = Number(process.env.BENCH_PACING_RAMP_MS ?? 1000);
// The target is absolute (within 5% of the profile), not a ratio of two servers measured side
// by side, so a round in which the host took a fifth or more of a pinned core measures the host
// (a server given 60% of its core is simply late): such a round is printed, set aside and run
// again, at most twice per round, for every server alike.
const MAX_STOLEN = 0.2;
const RETRIES = 2;
const BODY = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'paced stream' }], stream: true });

function meanStd(xs) {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1);
  return { mean, stddev: Math.sqrt(variance) };
}

/** One stream on `connection`: the arrival time of every frame, and when the request was written. */
function oneStream(connection, head) {
  return connection.send(head).then(({ complete, sent, times }) => ({ ok: complete && times.length >= 4, sent, times }));
}

/**
 * One measured pass against `server`: `count` streams started over RAMP_MS. Without
 * `connections`, each stream opens a new keep-alive connection (and the pass returns them);
 * with them, stream i goes on connection i again, already accepted.
 */
async function measure(server, count, connections) {
  const { hostname, port } = new URL(server.url);
  const head = `POST /v1/chat/completions HTTP/1.1\r\nhost: ${hostname}:${port}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(BODY)}\r\n\r\n${BODY}`;
  const conns = connections ?? [];
  const s0 = server.cpuSeconds();
  const c0 = process.cpuUsage();
  const st0 = stealSeconds();
  const t0 = performance.now();
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      new Promise((r) => setTimeout(r, (i * RAMP_MS) / count)).then(() => oneStream(connections ? conns[i] : (conns[i] = streamConnection(hostname, port)), head)),
    ),
  );
  const wall = (performance.now() - t0) / 1000;
  const busy = (server.cpuSeconds() - s0) / wall;
  const c = process.cpuUsage(c0);
  const loadBusy = (c.user + c.system) / 1e6 / wall;
  const stolen = stolenSince(st0, wall);
  const ttfts = [];
  const tbts = [];
  let incomplete = 0;
  let tokens;
  for (const r of results) {
    if (!r.ok) {
      incomplete++;
      continue;
    }
    const content = r.times.slice(1, r.times.length - 2);
    tokens ??= content.length;
    ttfts.push(content[0] - r.sent);
    for (let k = 1; k < content.length; k++) tbts.push(content[k] - content[k - 1]);
  }
  const streaming = results.filter((r) => r.times.length > 0);
  const peak = peakOpen(streaming.map((r) => r.times[0]), streaming.map((r) => r.times[r.times.length - 1]));
  return { ttft: meanStd(ttfts), tbt: meanStd(tbts), ttfts, tbts, tokens, peak, incomplete, busy, loadBusy, stolen, connections: conns };
}

/** A pass on new connections, closing them after. */
async function measureAndClose(server, count) {
  const m = await measure(server, count);
  for (const c of m.connections) c.close();
  return m;
}

/**
 * The row: llmposter and the raw node:http baseline pacing the same number of tokens the same
 * way (bench/raw-paced-server.mjs), `rounds` measured runs each, alternating which goes first
 * so that a noisy minute on the host hits both alike; the samples of all rounds are pooled.
 *
 * Each round is two passes back to back: `count` streams on new connections, then `count` more
 * on the same connections, kept alive. The target is stated on the second: the time from a request
 * to its first token, which is what a model's TTFT is and what an SDK client with a pooled
 * connection sees. The first adds the wait for a new connection to be accepted: Node 20 accepts
 * one connection per turn of the event loop, so a busy server's burst of new connections queues
 * in the kernel, and the client's clock starts before that. It is printed beside, not hidden.
 * The baseline shows how much of either error this machine adds to any server.
 */
export async function benchPacing(pinned, { count, rounds = 3 }) {
  const servers = [];
  try {
    const ours = await startServer('llmposter', [here('../dist/cli/main.js'), '--fixtures', here('./pacing-fixtures'), '--port', '0', '--profile', PROFILE.name], pinned);
    servers.push(ours);
    // The baseline streams as many tokens as llmposter's answer has: ask one stream first.
    const { tokens } = await measureAndClose(ours, 1);
    servers.push(await startServer('raw node:http, same pacing', [here('./raw-paced-server.mjs'), String(tokens ?? 78)], pinned));
    const KINDS = ['open', 'new'];
    const runs = new Map(servers.map((s) => [s, { open: [], new: [] }]));
    const err = (measured, expected) => {
      const e = ((measured - expected) / expected) * 100;
      return `${e >= 0 ? '+' : ''}${e.toFixed(1)}%`;
    };
    const f = (x) => x.toFixed(1);
    console.log(`\ntoken-paced streaming (--profile ${PROFILE.name}): ${count} streams started over ${RAMP_MS} ms x ${tokens} tokens, one token a frame, client-measured, ${rounds} rounds`);
    console.log(`  each round per server: ${count} streams on new connections, then ${count} on the same connections kept open (the target is stated on these)`);
    console.log(`  profile: TTFT ${PROFILE.ttft.mean} / ${PROFILE.ttft.stddev} ms, TBT ${PROFILE.tbt.mean} / ${PROFILE.tbt.stddev} ms (mean / stddev)`);
    // One unmeasured pass per server at full size first, as the stream rows do: a server's
    // first burst of this size grows its heap and compiles its busy paths (llmposter's first
    // round came out 2 to 20 points above its later ones; a small warm-up is not enough).
    for (const s of servers) await measureAndClose(s, count);
    // The slowest first token too: a connection whose SYN the kernel dropped waits a whole
    // second for the retry, and a handful of those move a round's mean by percents.
    const summary = (m) => `${err(m.ttft.mean, PROFILE.ttft.mean)} / ${err(m.tbt.mean, PROFILE.tbt.mean)} (TTFT max ${f(m.ttfts.reduce((a, b) => Math.max(a, b), 0))} ms, peak ${m.peak} open)${stolenNote(m.stolen)}`;
    for (let i = 0; i < rounds; i++) {
      const parts = [];
      for (const s of i % 2 === 0 ? servers : [...servers].reverse()) {
        for (let attempt = 0; ; attempt++) {
          const fresh = await measure(s, count);
          const reused = await measure(s, count, fresh.connections);
          for (const c of fresh.connections) c.close();
          const line = `${s.name}: open ${summary(reused)}; new ${summary(fresh)}`;
          if (Math.max(fresh.stolen, reused.stolen) >= MAX_STOLEN && attempt < RETRIES) {
            parts.push(`SET ASIDE ${line}`);
            continue;
          }
          runs.get(s).new.push(fresh);
          runs.get(s).open.push(reused);
          parts.push(line);
          break;
        }
      }
      console.log(`  round ${i + 1} (TTFT / TBT error of the means), ${parts.join(' | ')}`);
    }
    const pooled = new Map();
    for (const s of servers) {
      for (const kind of KINDS) {
        const rs = runs.get(s)[kind];
        const r = { ttft: meanStd(rs.flatMap((m) => m.ttfts)), tbt: meanStd(rs.flatMap((m) => m.tbts)), incomplete: rs.reduce((a, m) => a + m.incomplete, 0), busy: median(rs.map((m) => m.busy)), loadBusy: median(rs.map((m) => m.loadBusy)) };
        if (kind === 'open') pooled.set(s, r);
        console.log(`  ${s.name}, ${kind === 'open' ? 'open connections' : 'new connections '}, all rounds pooled: TTFT (request -> first content frame) mean ${f(r.ttft.mean)} ms, stddev ${f(r.ttft.stddev)} | TBT mean ${f(r.tbt.mean)} ms, stddev ${f(r.tbt.stddev)} | error of the means ${err(r.ttft.mean, PROFILE.ttft.mean)} / ${err(r.tbt.mean, PROFILE.tbt.mean)}`);
        console.log(`    incomplete streams ${r.incomplete}; server core ${Math.round(r.busy * 100)}%, load generator core ${Math.round(r.loadBusy * 100)}% (medians of the rounds)`);
      }
    }
    const m = pooled.get(ours);
    const within = Math.abs(m.ttft.mean / PROFILE.ttft.mean - 1) <= 0.05 && Math.abs(m.tbt.mean / PROFILE.tbt.mean - 1) <= 0.05;
    console.log(`  llmposter's pooled means on open connections within 5%: ${within ? 'yes' : 'NO'}  (target: yes at 1,000 streams)`);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}
