// The baseline for the token-paced row: the least a node:http server can do to pace a stream
// like a model. Head at once; after a sampled time to first token (normal, mean 400 ms, stddev
// 100, at least 1 ms) the role chunk and the first token; each later token after a sampled gap
// (mean 25 ms, stddev 8, at least 1 ms); the finish chunk and [DONE] with the last token. The
// same frame layout llmposter sends for `--profile gpt-4o`, so the client tells content frames
// apart the same way, and the same scheduling: absolute deadlines, whole-millisecond timers,
// every frame that is due joined into one write.
//
// Samples come from a fixed-seed generator, so two runs plan the same timings, as llmposter's do.
// Usage: node bench/raw-paced-server.mjs <tokens per stream>
import { createServer } from 'node:http';
import { setFlagsFromString } from 'node:v8';

// The V8 heap growth llmposter's CLI sets for itself (src/util/heap-growth.ts): a baseline as
// well tuned as the server it is compared with (its heap is small, so it changes little here).
setFlagsFromString('--heap-growing-percent=300');

const TOKENS = Number(process.argv[2] ?? 80);
const TTFT = { mean: 400, stddev: 100 };
const TBT = { mean: 25, stddev: 8 };

// mulberry32: a small seeded generator; Box-Muller for normal samples.
let state = 0x9e3779b9;
const uniform = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const normal = ({ mean, stddev }) => Math.max(1, mean + stddev * Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform()));

const chunk = (delta, finish = null) =>
  `data: ${JSON.stringify({ id: `chatcmpl-${'0'.repeat(24)}`, object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-4o', service_tier: 'default', system_fingerprint: 'fp_0123456789', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
const ROLE = chunk({ role: 'assistant', content: '', refusal: null });
const TOKEN = chunk({ content: ' word' });
const END = chunk({}, 'stop') + 'data: [DONE]\n\n';

function paced(res) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
  const at = new Float64Array(TOKENS);
  at[0] = normal(TTFT);
  for (let i = 1; i < TOKENS; i++) at[i] = at[i - 1] + normal(TBT);
  const start = performance.now();
  let next = 0;
  let timer;
  const tick = () => {
    const elapsed = performance.now() - start;
    let due = '';
    while (next < TOKENS && at[next] <= elapsed) {
      due += next === 0 ? ROLE + TOKEN : TOKEN;
      if (++next === TOKENS) return res.end(due + END);
    }
    if (due !== '') res.write(due);
    timer = setTimeout(tick, Math.max(0, Math.ceil(at[next] - elapsed)));
  };
  res.on('close', () => clearTimeout(timer));
  timer = setTimeout(tick, Math.ceil(at[0]));
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    JSON.parse(Buffer.concat(chunks).toString('utf8'));
    paced(res);
  });
});
// llmposter keeps idle connections for 65 s (node's default is 5): the same here, so the bench's
// second round finds the first round's connections open on both servers.
server.keepAliveTimeout = 65_000;
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => {
  process.stdout.write(`raw paced node:http listening on http://127.0.0.1:${server.address().port}\n`);
});
