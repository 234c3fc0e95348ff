// The baseline: the least a node:http server can do for the same exchange, written as well as
// we know how. It reads and parses the JSON body (as any real handler must), then answers a
// fixed ~600-byte chat completion, or streams 50 frames 20 ms apart (or all at once).
//
// Stream frames are scheduled the way llmposter schedules them: against absolute deadlines
// (start + k * 20 ms, whole-millisecond timers, every frame that is due joined into one write). A
// chained `setTimeout(20)` would drift later and later instead of ever writing two frames
// together, which looks smoother to a gap-measuring client and flatters any comparison with it.
import { createServer } from 'node:http';
import { setFlagsFromString } from 'node:v8';

// The V8 heap growth llmposter's CLI sets for itself (src/util/heap-growth.ts): a baseline as
// well tuned as the server it is compared with (its heap is small, so it changes little here).
setFlagsFromString('--heap-growing-percent=300');

const content =
  'This is a benchmark answer of a realistic size. It is long enough that the JSON body of the chat completion comes to roughly six hundred bytes, like a short real reply from a model: a couple of sentences, some usage counts and the usual envelope of id, created, model and choices. Nothing more.';
let n = 0;
const body = () =>
  JSON.stringify({
    id: `chatcmpl-${(n++).toString(16).padStart(24, '0')}`,
    object: 'chat.completion',
    created: 1700000000,
    model: 'gpt-4o',
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: 60, total_tokens: 72 },
    service_tier: 'default',
    system_fingerprint: 'fp_0123456789',
  });

// The same 50 frames llmposter sends for the bench fixture, byte for byte in length (role
// chunk, 47 content chunks, finish chunk, [DONE]), built once: the least work for the same
// bytes. Frame size matters: the kernel's share of a frame's cost grows with its length.
const chunk = (delta, finish = null) =>
  `data: ${JSON.stringify({ id: `chatcmpl-${'0'.repeat(24)}`, object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-4o', service_tier: 'default', system_fingerprint: 'fp_0123456789', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
const STREAM = [chunk({ role: 'assistant', content: '', refusal: null }), ...Array.from({ length: 47 }, () => chunk({ content: 'abcd' })), chunk({}, 'stop'), 'data: [DONE]\n\n'];

// The Anthropic Messages stream llmposter sends for the same fixture, frame for frame in length:
// message_start, content_block_start, ping, 47 text deltas, content_block_stop, message_delta,
// message_stop (53 frames).
const event = (name, data) => `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`;
const ANTHROPIC_STREAM = [
  event('message_start', { message: { id: `msg_${'0'.repeat(24)}`, type: 'message', role: 'assistant', model: 'claude-sonnet-4-6', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 9, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1, service_tier: 'standard' } } }),
  event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
  event('ping', {}),
  ...Array.from({ length: 47 }, () => event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'abcd' } })),
  event('content_block_stop', { index: 0 }),
  event('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 40 } }),
  event('message_stop', {}),
];
const GAP_MS = 20;

function stream(res, frames, gapMs) {
  const FRAMES = frames.length;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const start = performance.now();
  let sent = 0;
  let timer;
  const tick = () => {
    const elapsed = performance.now() - start;
    // Everything due by now goes out in one write (catch-up after a late timer), the last frame
    // with end(): llmposter joins due frames the same way.
    let due = '';
    while (sent < FRAMES && sent * gapMs <= elapsed) {
      if (++sent === FRAMES) return res.end(due + frames[FRAMES - 1]);
      due += frames[sent - 1];
    }
    if (due !== '') res.write(due);
    timer = setTimeout(tick, Math.max(0, Math.ceil(sent * gapMs - elapsed)));
  };
  res.on('close', () => clearTimeout(timer));
  tick();
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    // "bench stream at once": the same frames with no gap, as llmposter's fixture without latency.
    const gapMs = parsed.messages?.[0]?.content === 'bench stream at once' ? 0 : GAP_MS;
    if (parsed.stream) return stream(res, req.url === '/v1/messages' ? ANTHROPIC_STREAM : STREAM, gapMs);
    const b = body();
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(b) });
    res.end(b);
  });
});
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => {
  process.stdout.write(`raw node:http listening on http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
