// The baseline: the least a node:http server can do for the same exchange. It reads and parses
// the JSON body (as any real handler must), then answers a fixed ~600-byte chat completion, or
// streams 50 frames with a naive chained setTimeout per frame (what most hand-written mocks do).
import { createServer } from 'node:http';

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
  });

const FRAME = `data: ${JSON.stringify({ id: 'chatcmpl-x', object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-4o', choices: [{ index: 0, delta: { content: 'abcd' }, logprobs: null, finish_reason: null }] })}\n\n`;

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (!parsed.stream) {
      const b = body();
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(b) });
      res.end(b);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let sent = 0;
    const tick = () => {
      res.write(sent === 49 ? 'data: [DONE]\n\n' : FRAME);
      if (++sent === 50) return res.end();
      setTimeout(tick, 20);
    };
    tick();
  });
});
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => {
  process.stdout.write(`llmposter listening on http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
