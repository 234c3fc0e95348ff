/**
 * `raw:` recordings replayed as a user sees them: through the official SDKs (the text they
 * yield is the recorded text) and over raw HTTP (the bytes are the recorded chunks joined,
 * exactly; with a fake clock each chunk arrives at its recorded offset). A request with the
 * other stream flag gets the fixture's `response`; a bad raw block is a load error at
 * file:line and the server keeps serving its previous fixtures.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createFakeClock, type FakeClock } from '../../src/index.js';
import { anthropicClient, ask } from '../helpers/anthropic-sdk.js';
import { geminiClient } from '../helpers/gemini-sdk.js';
import { anthropicSse, chunked, geminiJsonArray, geminiSse, joined, openAiChatSse, type RawBlock } from '../helpers/recordings.js';
import { chat, postRaw, startWith, type Harness } from '../helpers/server.js';
import { readInBackground, settle, untilLength } from '../helpers/timed-read.js';

const OPENAI_PIECES = ['Héllo', ' from the', ' recording 🎉'];
const OPENAI_WIRE = openAiChatSse(OPENAI_PIECES);
// Cuts inside frames, as TCP delivers them: the second chunk ends mid-JSON.
const OPENAI_RAW: RawBlock = {
  stream: true,
  status: 200,
  headers: { 'content-type': 'text/event-stream; charset=utf-8', 'openai-processing-ms': '87', 'x-request-id': 'req_upstream', 'content-length': '9999', 'transfer-encoding': 'chunked', connection: 'keep-alive' },
  chunks: chunked(OPENAI_WIRE, [OPENAI_WIRE.indexOf('Héllo') + 20, OPENAI_WIRE.indexOf(' from the') + 3, OPENAI_WIRE.indexOf('[DONE]') - 6], [120, 160, 161, 200]),
};

const OPENAI_BODY = JSON.stringify({ id: 'chatcmpl-recorded', object: 'chat.completion', created: 1764547200, model: 'gpt-4o-2024-08-06', choices: [{ index: 0, message: { role: 'assistant', content: 'Recorded body ✓', refusal: null }, logprobs: null, finish_reason: 'stop' }], usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 } }, null, 2);
const OPENAI_BODY_RAW: RawBlock = { stream: false, status: 200, headers: { 'content-type': 'application/json' }, chunks: chunked(OPENAI_BODY, [40, 200], [300, 310, 350]) };

const RATE_LIMITED_BODY = JSON.stringify({ error: { message: 'Rate limit reached for gpt-4o (recorded)', type: 'requests', param: null, code: 'rate_limit_exceeded' } });
const RATE_LIMITED_RAW: RawBlock = { stream: false, status: 429, headers: { 'content-type': 'application/json', 'retry-after': '7' }, chunks: [{ at_ms: 0, data: RATE_LIMITED_BODY }] };

const ANTHROPIC_PIECES = ['Recorded ', 'Claude says hï'];
const ANTHROPIC_WIRE = anthropicSse(ANTHROPIC_PIECES, 6);
const ANTHROPIC_RAW: RawBlock = {
  stream: true,
  status: 200,
  headers: { 'content-type': 'text/event-stream; charset=utf-8', 'request-id': 'req_upstream_anthropic' },
  chunks: chunked(ANTHROPIC_WIRE, [ANTHROPIC_WIRE.indexOf('event: ping'), ANTHROPIC_WIRE.indexOf('Claude says') - 5], [300, 300, 420]),
};

const GEMINI_PIECES = ['Gemini ', 'replays ', 'exactly ☀'];
const GEMINI_SSE_WIRE = geminiSse(GEMINI_PIECES);
const GEMINI_SSE_RAW: RawBlock = { stream: true, status: 200, headers: { 'content-type': 'text/event-stream' }, chunks: chunked(GEMINI_SSE_WIRE, [GEMINI_SSE_WIRE.indexOf('replays') - 4], [250, 400]) };
const GEMINI_ARRAY_WIRE = geminiJsonArray(GEMINI_PIECES);
const GEMINI_ARRAY_RAW: RawBlock = {
  stream: true,
  status: 200,
  headers: { 'content-type': 'application/json; charset=UTF-8', vary: 'Origin, X-Origin, Referer' },
  chunks: chunked(GEMINI_ARRAY_WIRE, [1, GEMINI_ARRAY_WIRE.indexOf('replays'), GEMINI_ARRAY_WIRE.lastIndexOf(',\r\n') + 1], [180, 260, 330, 500]),
};

const FIXTURES = stringify({
  fixtures: [
    { provider: 'openai', match: { user_message: { equals: 'openai stream' } }, response: { content: 'Fallback answer' }, raw: OPENAI_RAW },
    { provider: 'openai', match: { user_message: { equals: 'openai body' } }, response: { content: 'Streamed fallback' }, raw: OPENAI_BODY_RAW },
    { provider: 'openai', match: { user_message: { equals: 'openai limited' } }, error: { status: 429, message: 'limited (not recorded)' }, raw: RATE_LIMITED_RAW },
    { provider: 'anthropic', match: { user_message: { equals: 'anthropic stream' } }, response: { content: 'Anthropic fallback' }, raw: ANTHROPIC_RAW },
    { provider: 'gemini', match: { user_message: { equals: 'gemini sse' } }, response: { content: 'Gemini fallback' }, raw: GEMINI_SSE_RAW },
    { provider: 'gemini', match: { user_message: { equals: 'gemini array' } }, response: { content: 'Gemini fallback' }, raw: GEMINI_ARRAY_RAW },
  ],
});

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' }, body: JSON.stringify(body) });

/** The body's exact bytes. */
const bytesOf = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe('raw: replayed to real clients', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startWith({ 'recorded.yaml': FIXTURES });
  });
  afterAll(() => h.close());

  describe('OpenAI chat (SSE)', () => {
    it('the SDK streams the recorded text', async () => {
      const stream = await h.client.chat.completions.create({ ...chat('openai stream'), stream: true });
      const ids = new Set<string>();
      let text = '';
      let finish: string | null = null;
      for await (const c of stream) {
        ids.add(c.id);
        text += c.choices[0]?.delta.content ?? '';
        finish = c.choices[0]?.finish_reason ?? finish;
      }
      expect(text).toBe(OPENAI_PIECES.join(''));
      expect([...ids]).toEqual(['chatcmpl-rec1']);
      expect(finish).toBe('stop');
    });

    it('raw HTTP: the bytes are the recorded chunks joined; recorded headers kept, ours win, length and hop-by-hop ones dropped', async () => {
      const res = await post(`${h.server.url}/v1/chat/completions`, chat('openai stream', { stream: true }));
      expect(res.status).toBe(200);
      expect((await bytesOf(res)).equals(Buffer.from(joined(OPENAI_RAW), 'utf8'))).toBe(true);
      expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(res.headers.get('openai-processing-ms')).toBe('87');
      expect(res.headers.get('x-request-id')).not.toBe('req_upstream');
      expect(res.headers.get('x-request-id')).toBeTruthy();
      expect(res.headers.get('x-llmposter-fixture')).toBe('recorded.yaml#0');
      expect(res.headers.get('content-length')).toBeNull();
      // No header of llmposter's stream defaults: the recording says what it is.
      expect(res.headers.get('cache-control')).toBeNull();
    });

    it('the other stream flag gets the fixture\'s response', async () => {
      const done = await h.client.chat.completions.create(chat('openai stream'));
      expect(done.choices[0].message.content).toBe('Fallback answer');
      expect(done.id).not.toBe('chatcmpl-rec1');
    });

    it('a non-streamed recording: the SDK gets the recorded body; raw HTTP gets its exact bytes and content type', async () => {
      const done = await h.client.chat.completions.create(chat('openai body'));
      expect([done.id, done.choices[0].message.content, done.usage?.total_tokens]).toEqual(['chatcmpl-recorded', 'Recorded body ✓', 13]);
      const res = await post(`${h.server.url}/v1/chat/completions`, chat('openai body'));
      expect((await bytesOf(res)).equals(Buffer.from(OPENAI_BODY, 'utf8'))).toBe(true);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(OPENAI_BODY)));
      // Asked to stream, the same fixture streams its response.
      let text = '';
      for await (const c of await h.client.chat.completions.create({ ...chat('openai body'), stream: true })) text += c.choices[0]?.delta.content ?? '';
      expect(text).toBe('Streamed fallback');
    });

    it('a recorded error: its status, headers and body, which the SDK raises as it would upstream\'s', async () => {
      const err = await h.client.chat.completions.create(chat('openai limited')).catch((e: unknown) => e);
      expect(err).toMatchObject({ status: 429, message: expect.stringContaining('Rate limit reached for gpt-4o (recorded)') });
      const res = await postRaw(`${h.server.url}/v1/chat/completions`, chat('openai limited'));
      expect([res.status, res.headers.get('retry-after'), res.text]).toEqual([429, '7', RATE_LIMITED_BODY]);
    });
  });

  describe('Anthropic messages (SSE with event names)', () => {
    it('the SDK streams the recorded text and the recorded usage', async () => {
      const client = anthropicClient(h.server.url);
      let text = '';
      for await (const e of await client.messages.create({ ...ask('anthropic stream'), stream: true })) {
        if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') text += e.delta.text;
      }
      expect(text).toBe(ANTHROPIC_PIECES.join(''));
      const final = await client.messages.stream(ask('anthropic stream')).finalMessage();
      expect([final.id, final.usage.output_tokens, final.stop_reason]).toEqual(['msg_rec1', 6, 'end_turn']);
    });

    it('raw HTTP: the recorded bytes, event names included', async () => {
      const res = await post(`${h.server.url}/v1/messages`, ask('anthropic stream', { stream: true }));
      const bytes = await bytesOf(res);
      expect(bytes.equals(Buffer.from(joined(ANTHROPIC_RAW), 'utf8'))).toBe(true);
      expect(bytes.toString('utf8')).toContain('event: ping\n');
      expect(res.headers.get('request-id')).toBe('req_upstream_anthropic');
    });

    it('not streamed: the fixture\'s response', async () => {
      const msg = await anthropicClient(h.server.url).messages.create(ask('anthropic stream'));
      expect(msg.content).toEqual([{ type: 'text', text: 'Anthropic fallback' }]);
    });
  });

  describe('Gemini streamGenerateContent', () => {
    it('the SDK (which asks for alt=sse) streams the recorded text', async () => {
      const ai = geminiClient(h.server.url);
      let text = '';
      for await (const c of await ai.models.generateContentStream({ model: 'gemini-2.0-flash', contents: 'gemini sse' })) text += c.text ?? '';
      expect(text).toBe(GEMINI_PIECES.join(''));
    });

    it('without alt=sse: the recorded JSON array, split over chunks mid-element, arrives byte for byte', async () => {
      const res = await post(`${h.server.url}/v1beta/models/gemini-2.0-flash:streamGenerateContent`, { contents: [{ role: 'user', parts: [{ text: 'gemini array' }] }] });
      const bytes = await bytesOf(res);
      expect(bytes.equals(Buffer.from(GEMINI_ARRAY_WIRE, 'utf8'))).toBe(true);
      expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
      const elements = JSON.parse(bytes.toString('utf8')) as Array<{ candidates: Array<{ content: { parts: Array<{ text: string }> } }> }>;
      expect(elements.map((e) => e.candidates[0].content.parts[0].text).join('')).toBe(GEMINI_PIECES.join(''));
    });

    it('not streamed: the fixture\'s response', async () => {
      const r = await geminiClient(h.server.url).models.generateContent({ model: 'gemini-2.0-flash', contents: 'gemini array' });
      expect(r.text).toBe('Gemini fallback');
    });
  });
});

describe('raw: chunk timing follows the recorded offsets (fake clock)', () => {
  let h: Harness;
  let clock: FakeClock;
  beforeAll(async () => {
    clock = createFakeClock();
    h = await startWith({ 'recorded.yaml': FIXTURES }, { clock });
  });
  afterAll(() => h.close());

  it('the head at once, then each chunk exactly when the clock passes its at_ms', async () => {
    const res = await post(`${h.server.url}/v1/chat/completions`, chat('openai stream', { stream: true }));
    expect(res.status).toBe(200);
    const c = readInBackground(res);
    const upTo = (i: number) => OPENAI_RAW.chunks.slice(0, i + 1).map((x) => x.data).join('');
    await settle();
    expect(c.text()).toBe('');
    clock.advance(119);
    await settle();
    expect(c.text()).toBe('');
    clock.advance(1); // 120: chunk 0
    await untilLength(c, upTo(0).length);
    expect(c.text()).toBe(upTo(0));
    clock.advance(39); // 159
    await settle();
    expect(c.text()).toBe(upTo(0));
    clock.advance(1); // 160: chunk 1
    await untilLength(c, upTo(1).length);
    expect(c.text()).toBe(upTo(1));
    clock.advance(1); // 161: chunk 2
    await untilLength(c, upTo(2).length);
    expect(c.text()).toBe(upTo(2));
    expect(c.ended()).toBe(false);
    clock.advance(39); // 200: the last chunk, and the end
    await c.done;
    expect(c.text()).toBe(joined(OPENAI_RAW));
  });

  it('a non-streamed recording answers at its last chunk\'s offset, not before', async () => {
    let answered = false;
    const pending = post(`${h.server.url}/v1/chat/completions`, chat('openai body')).then(async (r) => {
      answered = true;
      return r.text();
    });
    // The request is in once the server holds its response; then the recorded 350 ms begin.
    for (;;) {
      const health = (await (await fetch(`${h.server.url}/health`)).json()) as { responses_in_flight: number };
      if (health.responses_in_flight === 1) break;
      await settle();
    }
    clock.advance(349);
    await settle();
    expect(answered).toBe(false);
    clock.advance(1);
    expect(await pending).toBe(OPENAI_BODY);
  });
});

describe('raw: faults from failure: apply to the recorded chunks', () => {
  let h: Harness;
  beforeAll(async () => {
    const base = { provider: 'openai', response: { content: 'x' } };
    h = await startWith({
      'faults.yaml': stringify({
        fixtures: [
          { ...base, match: { user_message: { equals: 'truncated' } }, failure: { truncate_after_frames: 2 }, raw: OPENAI_RAW },
          { ...base, match: { user_message: { equals: 'doubled' } }, failure: { duplicate_frames: true }, raw: { ...OPENAI_RAW, chunks: OPENAI_RAW.chunks.map((c) => ({ ...c, at_ms: 0 })) } },
        ],
      }),
    });
  });
  afterAll(() => h.close());

  it('truncate_after_frames: the first recorded chunks, then a clean end', async () => {
    const res = await postRaw(`${h.server.url}/v1/chat/completions`, chat('truncated', { stream: true }));
    expect(res.text).toBe(OPENAI_RAW.chunks[0].data + OPENAI_RAW.chunks[1].data);
  });

  it('duplicate_frames: each recorded chunk twice', async () => {
    const res = await postRaw(`${h.server.url}/v1/chat/completions`, chat('doubled', { stream: true }));
    expect(res.text).toBe(OPENAI_RAW.chunks.map((c) => c.data + c.data).join(''));
  });
});

describe('raw: a bad block is a load error at file:line, and the server keeps serving', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startWith({ 'recorded.yaml': FIXTURES });
  });
  afterAll(() => h.close());

  it('chunks out of order: reload fails with file:line, the previous fixtures still answer', async () => {
    const bad = [
      'fixtures:',
      '  - match: { user_message: { equals: "openai stream" } }',
      '    response: { content: "new" }',
      '    raw:',
      '      stream: true',
      '      status: 200',
      '      chunks:',
      '        - { at_ms: 50, data: "data: a\\n\\n" }',
      '        - { at_ms: 20, data: "data: b\\n\\n" }',
      '',
    ].join('\n');
    writeFileSync(join(h.dir, 'recorded.yaml'), bad);
    const err = await h.server.reload().catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(`recorded.yaml:9:${bad.split('\n')[8].indexOf('20') + 1}: raw chunk 1 is due at 20 ms, before chunk 0 (50 ms)`);
    let text = '';
    for await (const c of await h.client.chat.completions.create({ ...chat('openai stream'), stream: true })) text += c.choices[0]?.delta.content ?? '';
    expect(text).toBe(OPENAI_PIECES.join(''));
  });

  it('an empty chunk list and a status outside 100-599 fail the same way', async () => {
    /** The reload's message for a file whose third line is `    raw: <raw>`, and the column of `needle` on that line. */
    const reloadWith = async (raw: string, needle: string) => {
      writeFileSync(join(h.dir, 'recorded.yaml'), `fixtures:\n  - response: { content: "x" }\n    raw: ${raw}\n`);
      const err = (await h.server.reload().catch((e: Error) => e)) as Error;
      return { message: err.message, col: `    raw: ${raw}`.indexOf(needle) + 1 };
    };
    const empty = await reloadWith('{ stream: true, status: 200, chunks: [] }', '[]');
    expect(empty.message).toContain(`recorded.yaml:3:${empty.col}: "raw.chunks" must not be an empty list`);
    const status = await reloadWith('{ stream: true, status: 700, chunks: [{ at_ms: 0, data: x }] }', '700');
    expect(status.message).toContain(`recorded.yaml:3:${status.col}: "raw.status" must be between 100 and 599 (got 700)`);
    const res = await h.client.chat.completions.create(chat('openai stream'));
    expect(res.choices[0].message.content).toBe('Fallback answer');
  });
});

describe('raw: llm.chat jobs take the response, not the recording', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startWith({ 'recorded.yaml': FIXTURES }, { jobs: { latencyMs: 0, seed: 1337 } });
  });
  afterAll(() => h.close());

  it('a job matching a fixture with a non-streamed recording gets the response\'s text', async () => {
    const res = await postRaw(`${h.server.url}/v1/jobs`, { op: 'llm.chat', args: { model: 'gpt-4o', messages: [{ role: 'user', content: 'openai body' }] } });
    expect(res.status).toBe(201);
    const { id } = JSON.parse(res.text) as { id: string };
    let job: { state: string; result: { text: string } | null } = { state: 'queued', result: null };
    while (job.state === 'queued' || job.state === 'running') {
      await new Promise((r) => setTimeout(r, 10));
      job = (await (await fetch(`${h.server.url}/v1/jobs/${id}`)).json()) as typeof job;
    }
    expect(job).toMatchObject({ state: 'ok', result: { text: 'Streamed fallback' } });
  });
});

describe('raw: embeddings', () => {
  const EMBED_BODY = '{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.25,-0.5]}],"model":"text-embedding-3-small","usage":{"prompt_tokens":3,"total_tokens":3}}';
  let h: Harness;
  beforeAll(async () => {
    h = await startWith({
      'embed.yaml': stringify({
        fixtures: [{ match: { user_message: { equals: 'recorded input' } }, response: { embedding: [1, 0] }, raw: { stream: false, status: 200, headers: { 'content-type': 'application/json' }, chunks: [{ at_ms: 0, data: EMBED_BODY }] } }],
      }),
    });
  });
  afterAll(() => h.close());

  it('a one-input request gets the recorded body; with several inputs each gets the fixture\'s vector', async () => {
    const one = await postRaw(`${h.server.url}/v1/embeddings`, { model: 'text-embedding-3-small', input: 'recorded input', encoding_format: 'float' });
    expect([one.status, one.text]).toEqual([200, EMBED_BODY]);
    const two = await postRaw(`${h.server.url}/v1/embeddings`, { model: 'text-embedding-3-small', input: ['recorded input', 'recorded input'], encoding_format: 'float' });
    expect((JSON.parse(two.text) as { data: Array<{ embedding: number[] }> }).data.map((d) => d.embedding)).toEqual([[1, 0], [1, 0]]);
  });
});
