/**
 * A fake provider API for record/replay tests: a real node:http server on 127.0.0.1:0 that
 * answers OpenAI Chat Completions (body and SSE), Responses (body and SSE), embeddings,
 * Anthropic Messages (body and SSE with event names) and Gemini generateContent /
 * streamGenerateContent (SSE with alt=sse, else a streamed JSON array), with timed frames, tool
 * calls and error statuses. What it answers is up to the test (`upstream.script`); every request
 * it received is kept (`upstream.requests`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface UpstreamScript {
  /** The answer's text (default `Hello from upstream`). */
  text?: string;
  toolCalls?: { name: string; args: Record<string, unknown> }[];
  /** Answer with this error instead. */
  error?: { status: number; message: string; retryAfter?: string };
  /** Characters per content frame (default 6). */
  chunk?: number;
  /** ms between frames (default 0). */
  gapMs?: number;
  /** Awaited before every frame after the first (hold a frame until the test says so). */
  beforeFrame?: (index: number) => Promise<void>;
  /** Never answer (for timeouts). */
  hang?: boolean;
  /** Break the connection after this many frames. */
  breakAfterFrames?: number;
  /** Extra text put in the body (to prove redaction of echoed secrets). */
  echo?: string;
  /** Token counts to report (default: 12 in, one out per content frame). */
  usage?: { input: number; output: number };
}

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: any;
  /** The response body as written, one entry per write (a stream's frames, in order). */
  sent: string[];
  /** `performance.now()` just before each write of `sent`. */
  sentAt: number[];
}

export interface FakeUpstream {
  url: string;
  requests: SeenRequest[];
  /** Decide each answer (default: the plain text answer). */
  script: (req: SeenRequest) => UpstreamScript;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFakeUpstream(): Promise<FakeUpstream> {
  const requests: SeenRequest[] = [];
  const state: FakeUpstream = { url: '', requests, script: () => ({}), close: async () => {} };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      let body: any = undefined;
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
      const seen: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, sent: [], sentAt: [] };
      requests.push(seen);
      void answer(seen, state.script(seen), res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise((r) => {
      server.close(() => r());
      server.closeAllConnections();
    });
  return state;
}

type Kind = 'chat' | 'completions' | 'responses' | 'embeddings' | 'anthropic' | 'gemini';

function kindOf(url: string): Kind {
  const path = url.split('?')[0];
  if (path.endsWith('/chat/completions')) return 'chat';
  if (path.endsWith('/completions')) return 'completions';
  if (path.endsWith('/responses')) return 'responses';
  if (path.endsWith('/embeddings')) return 'embeddings';
  if (path.endsWith('/messages')) return 'anthropic';
  return 'gemini';
}

function errorBody(kind: Kind, status: number, message: string): string {
  if (kind === 'anthropic') return JSON.stringify({ type: 'error', error: { type: status === 429 ? 'rate_limit_error' : 'api_error', message } });
  if (kind === 'gemini') return JSON.stringify({ error: { code: status, message, status: status === 429 ? 'RESOURCE_EXHAUSTED' : 'INTERNAL' } });
  return JSON.stringify({ error: { message, type: status === 429 ? 'rate_limit_error' : 'server_error', param: null, code: null } });
}

function pieces(text: string, n: number): string[] {
  const chars = [...text];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += n) out.push(chars.slice(i, i + n).join(''));
  return out;
}

async function answer(seen: SeenRequest, s: UpstreamScript, res: ServerResponse): Promise<void> {
  if (s.hang) return;
  const kind = kindOf(seen.url);
  if (s.error) {
    res.writeHead(s.error.status, { 'content-type': 'application/json', ...(s.error.retryAfter ? { 'retry-after': s.error.retryAfter } : {}), 'set-cookie': 'session=upstream-cookie-value' });
    sendEnd(seen, res, errorBody(kind, s.error.status, s.error.message));
    return;
  }
  const text = (s.text ?? 'Hello from upstream') + (s.echo ?? '');
  const calls = s.toolCalls ?? [];
  const parts = text === '' ? [] : pieces(text, s.chunk ?? 6);
  const n: Counts = { input: s.usage?.input ?? 12, output: s.usage?.output ?? parts.length };
  const model = typeof seen.body?.model === 'string' ? seen.body.model : 'gemini-2.0-flash';
  const stream = kind === 'gemini' ? seen.url.includes(':streamGenerateContent') : seen.body?.stream === true;
  const headers = { 'x-request-id': 'req_upstream_1', 'openai-organization': 'org-secret-name', 'set-cookie': 'session=upstream-cookie-value' };
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    if (s.gapMs) await sleep(s.gapMs);
    sendEnd(seen, res, JSON.stringify(bodyOf(kind, model, text, calls, n, seen)));
    return;
  }
  const sse = kind !== 'gemini' || seen.url.includes('alt=sse');
  res.writeHead(200, { 'content-type': sse ? 'text/event-stream; charset=utf-8' : 'application/json', ...headers });
  const frames = streamFrames(kind, model, parts, calls, text, seen, n);
  const out = sse ? frames : frames.map((f, i) => (i === 0 ? '[' : ',\r\n') + f + (i === frames.length - 1 ? ']' : ''));
  for (let i = 0; i < out.length; i++) {
    if (i > 0) {
      if (s.beforeFrame) await s.beforeFrame(i);
      if (s.gapMs) await sleep(s.gapMs);
    }
    if (s.breakAfterFrames !== undefined && i === s.breakAfterFrames) {
      res.socket?.destroy();
      return;
    }
    if (res.destroyed) return;
    seen.sentAt.push(performance.now());
    seen.sent.push(out[i]);
    res.write(out[i]);
  }
  res.end();
}

function sendEnd(seen: SeenRequest, res: ServerResponse, body: string): void {
  seen.sentAt.push(performance.now());
  seen.sent.push(body);
  res.end(body);
}

interface Counts {
  input: number;
  output: number;
}

function usage(kind: Kind, n: Counts) {
  if (kind === 'anthropic' || kind === 'responses') return { input_tokens: n.input, output_tokens: n.output };
  if (kind === 'gemini') return { promptTokenCount: n.input, candidatesTokenCount: n.output, totalTokenCount: n.input + n.output };
  return { prompt_tokens: n.input, completion_tokens: n.output, total_tokens: n.input + n.output };
}

function bodyOf(kind: Kind, model: string, text: string, calls: NonNullable<UpstreamScript['toolCalls']>, n: Counts, seen: SeenRequest): unknown {
  switch (kind) {
    case 'chat':
      return {
        id: 'chatcmpl-up1', object: 'chat.completion', created: 1700000000, model,
        choices: [{ index: 0, message: { role: 'assistant', content: text === '' ? null : text, refusal: null, ...(calls.length ? { tool_calls: calls.map((c, i) => ({ id: `call_${i}`, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.args) } })) } : {}) }, finish_reason: calls.length ? 'tool_calls' : 'stop', logprobs: null }],
        usage: usage(kind, n),
      };
    case 'completions':
      return { id: 'cmpl-up1', object: 'text_completion', created: 1700000000, model, choices: [{ index: 0, text, finish_reason: 'stop', logprobs: null }], usage: usage(kind, n) };
    case 'responses':
      return responseObject(model, text, calls, n);
    case 'embeddings': {
      const inputs = Array.isArray(seen.body.input) ? seen.body.input : [seen.body.input];
      return { object: 'list', model, data: inputs.map((_: unknown, i: number) => ({ object: 'embedding', index: i, embedding: [0.5, -0.25, i] })), usage: { prompt_tokens: 3, total_tokens: 3 } };
    }
    case 'anthropic':
      return {
        id: 'msg_up1', type: 'message', role: 'assistant', model,
        content: [...(text ? [{ type: 'text', text }] : []), ...calls.map((c, i) => ({ type: 'tool_use', id: `toolu_${i}`, name: c.name, input: c.args }))],
        stop_reason: calls.length ? 'tool_use' : 'end_turn', stop_sequence: null, usage: usage(kind, n),
      };
    case 'gemini':
      return geminiChunk([...(text ? [{ text }] : []), ...calls.map((c) => ({ functionCall: { name: c.name, args: c.args } }))], 'STOP', n);
  }
}

function responseObject(model: string, text: string, calls: NonNullable<UpstreamScript['toolCalls']>, n: Counts) {
  return {
    id: 'resp_up1', object: 'response', created_at: 1700000000, status: 'completed', model, error: null, incomplete_details: null,
    output: [
      ...(text ? [{ type: 'message', id: 'msg_up1', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] }] : []),
      ...calls.map((c, i) => ({ type: 'function_call', id: `fc_${i}`, call_id: `call_${i}`, name: c.name, arguments: JSON.stringify(c.args), status: 'completed' })),
    ],
    usage: { input_tokens: n.input, output_tokens: n.output, total_tokens: n.input + n.output, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } },
  };
}

function geminiChunk(parts: unknown[], finish: string | undefined, n: Counts | undefined) {
  return {
    candidates: [{ content: { role: 'model', parts }, index: 0, ...(finish ? { finishReason: finish } : {}) }],
    ...(n !== undefined ? { usageMetadata: usage('gemini', n) } : {}),
    modelVersion: 'gemini-2.0-flash',
  };
}

/** The stream's frames, SSE-framed (Gemini's: bare JSON elements, framed by the caller). */
function streamFrames(kind: Kind, model: string, parts: string[], calls: NonNullable<UpstreamScript['toolCalls']>, text: string, seen: SeenRequest, n: Counts): string[] {
  const data = (o: unknown) => `data: ${JSON.stringify(o)}\n\n`;
  const named = (event: string, o: unknown) => `event: ${event}\ndata: ${JSON.stringify(o)}\n\n`;
  switch (kind) {
    case 'chat': {
      const base = { id: 'chatcmpl-up1', object: 'chat.completion.chunk', created: 1700000000, model };
      const chunk = (delta: unknown, finish: string | null = null) => data({ ...base, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] });
      const frames = [chunk({ role: 'assistant', content: '' })];
      for (const p of parts) frames.push(chunk({ content: p }));
      calls.forEach((c, i) => {
        frames.push(chunk({ tool_calls: [{ index: i, id: `call_${i}`, type: 'function', function: { name: c.name, arguments: '' } }] }));
        for (const a of pieces(JSON.stringify(c.args), 8)) frames.push(chunk({ tool_calls: [{ index: i, function: { arguments: a } }] }));
      });
      frames.push(chunk({}, calls.length ? 'tool_calls' : 'stop'));
      if (seen.body?.stream_options?.include_usage) frames.push(data({ ...base, choices: [], usage: usage('chat', n) }));
      frames.push('data: [DONE]\n\n');
      return frames;
    }
    case 'completions': {
      const chunk = (t: string, finish: string | null) => data({ id: 'cmpl-up1', object: 'text_completion', created: 1700000000, model, choices: [{ index: 0, text: t, finish_reason: finish, logprobs: null }] });
      return [...parts.map((p) => chunk(p, null)), chunk('', 'stop'), 'data: [DONE]\n\n'];
    }
    case 'responses': {
      const final = responseObject(model, text, calls, n);
      const frames = [named('response.created', { type: 'response.created', sequence_number: 0, response: { ...final, status: 'in_progress', output: [], usage: null } })];
      for (const p of parts) frames.push(named('response.output_text.delta', { type: 'response.output_text.delta', sequence_number: frames.length, item_id: 'msg_up1', output_index: 0, content_index: 0, delta: p }));
      frames.push(named('response.completed', { type: 'response.completed', sequence_number: frames.length, response: final }));
      return frames;
    }
    case 'anthropic': {
      const frames = [named('message_start', { type: 'message_start', message: { id: 'msg_up1', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: n.input, output_tokens: 1 } } })];
      let index = 0;
      if (parts.length) {
        frames.push(named('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } }));
        for (const p of parts) frames.push(named('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: p } }));
        frames.push(named('content_block_stop', { type: 'content_block_stop', index }));
        index++;
      }
      for (const c of calls) {
        frames.push(named('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: `toolu_${index}`, name: c.name, input: {} } }));
        for (const a of pieces(JSON.stringify(c.args), 8)) frames.push(named('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: a } }));
        frames.push(named('content_block_stop', { type: 'content_block_stop', index }));
        index++;
      }
      frames.push(named('message_delta', { type: 'message_delta', delta: { stop_reason: calls.length ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: n.output } }));
      frames.push(named('message_stop', { type: 'message_stop' }));
      return frames;
    }
    case 'gemini': {
      const sse = seen.url.includes('alt=sse');
      const wrap = (o: unknown) => (sse ? data(o) : JSON.stringify(o));
      const frames = parts.map((p, i) => wrap(geminiChunk([{ text: p }], i === parts.length - 1 && !calls.length ? 'STOP' : undefined, i === parts.length - 1 && !calls.length ? n : undefined)));
      if (calls.length) frames.push(wrap(geminiChunk(calls.map((c) => ({ functionCall: { name: c.name, args: c.args } })), 'STOP', n)));
      return frames;
    }
    default:
      return [];
  }
}
