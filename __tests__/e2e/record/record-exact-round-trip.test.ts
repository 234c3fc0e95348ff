/**
 * `--record-exact`, round trip: a timed stream per provider (OpenAI SSE, Anthropic SSE with
 * event names, Gemini's JSON array without alt=sse) and a non-streamed OpenAI body are recorded
 * over raw HTTP through llmposter; the upstream is stopped and a fresh replay-only server sends
 * back the very bytes the upstream sent. Timing without wall-clock thresholds: each recorded
 * offset is no earlier than the upstream's schedule allows, and on a fake clock the replay
 * writes each chunk exactly at its recorded offset. A client with the other stream flag gets
 * the readable `response` (with the recorded usage), and the recorded file passes
 * `llmposter validate`.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import OpenAI from 'openai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createFakeClock, startServer, type FakeClock, type RunningServer } from '../../../src/index.js';
import { silentLogger } from '../../../src/log/logger.js';
import { anthropicClient } from '../../helpers/anthropic-sdk.js';
import { runCli } from '../../helpers/cli.js';
import type { SeenRequest, UpstreamScript } from '../../helpers/fake-upstream.js';
import { geminiClient } from '../../helpers/gemini-sdk.js';
import { startRecordRig, type RecordRig } from '../../helpers/record-harness.js';
import type { RawBlock } from '../../helpers/recordings.js';
import { readInBackground, settle, untilLength } from '../../helpers/timed-read.js';

jest.setTimeout(30_000);

/** The fake upstream's pause between frames (ms). */
const GAP = 20;

interface Case {
  name: string;
  user: string;
  path: string;
  body: object;
  stream: boolean;
  answer: UpstreamScript;
}

const CASES: Case[] = [
  {
    name: 'OpenAI chat (SSE)',
    user: 'exact openai',
    path: '/v1/chat/completions',
    // With include_usage, as OpenAI sends usage in a stream only when asked.
    body: { model: 'gpt-4o', messages: [{ role: 'user', content: 'exact openai' }], stream: true, stream_options: { include_usage: true } },
    stream: true,
    answer: { text: 'Exact bytes: héllo 🎉 ünïcode', chunk: 5, gapMs: GAP, usage: { input: 321, output: 45 } },
  },
  {
    name: 'OpenAI chat (not streamed)',
    user: 'exact body',
    path: '/v1/chat/completions',
    body: { model: 'gpt-4o', messages: [{ role: 'user', content: 'exact body' }] },
    stream: false,
    answer: { text: 'A whole body, exactly ✓', gapMs: GAP, usage: { input: 654, output: 32 } },
  },
  {
    name: 'Anthropic messages (SSE with event names)',
    user: 'exact anthropic',
    path: '/v1/messages',
    body: { model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'exact anthropic' }], stream: true },
    stream: true,
    answer: { text: 'Claude, byte for byte: ☀ naïve', chunk: 6, gapMs: GAP, usage: { input: 987, output: 65 } },
  },
  {
    name: 'Gemini streamGenerateContent (JSON array, no alt=sse)',
    user: 'exact gemini',
    path: '/v1beta/models/gemini-2.0-flash:streamGenerateContent',
    body: { contents: [{ role: 'user', parts: [{ text: 'exact gemini' }] }] },
    stream: true,
    answer: { text: 'Gemini array, exactly as sent ✨', chunk: 7, gapMs: GAP, usage: { input: 111, output: 22 } },
  },
];
const STREAMED = CASES.filter((c) => c.stream);

const post = (url: string, body: object) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer dummy', 'x-api-key': 'dummy', 'anthropic-version': '2023-06-01' }, body: JSON.stringify(body) });
const bytesOf = async (res: Response) => Buffer.from(await res.arrayBuffer());

/** The user text of a request to any of the three providers. */
const userOf = (req: SeenRequest): string => req.body.messages?.at(-1).content ?? req.body.contents.at(-1).parts[0].text;

let rig: RecordRig;
/** What each case's client received through the recording server, and the upstream request it made. */
const recorded = new Map<string, { bytes: Buffer; upstream: SeenRequest }>();
/** Each case's recorded fixture. */
const fixtures = new Map<string, { response: { content: string; usage: object }; raw: RawBlock }>();
let recordedFiles: Record<string, string>;
let validate: Awaited<ReturnType<typeof runCli>>;
let replaying: RunningServer;
let clock: FakeClock;
let onFakeClock: RunningServer;

beforeAll(async () => {
  rig = await startRecordRig({ recordExact: true });
  rig.upstream.script = (req) => CASES.find((c) => c.user === userOf(req))?.answer ?? { error: { status: 500, message: 'unscripted' } };
  for (const c of CASES) {
    const res = await post(`${rig.server.url}${c.path}`, c.body);
    expect(res.status).toBe(200);
    recorded.set(c.user, { bytes: await bytesOf(res), upstream: rig.upstream.requests.at(-1)! });
  }
  recordedFiles = rig.files();
  for (const text of Object.values(recordedFiles)) {
    for (const f of parse(text).fixtures) fixtures.set(f.match.user_message.equals, f);
  }
  validate = await runCli(['validate', rig.recordDir]);
  replaying = await rig.replay();
  clock = createFakeClock();
  onFakeClock = await startServer({ fixtures: [rig.dir, rig.recordDir], port: 0, logger: silentLogger, env: {}, clock });
});

afterAll(async () => {
  await onFakeClock?.close();
  await rig?.close();
});

describe('recording with --record-exact', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s: the client gets the upstream\'s bytes, and raw keeps them verbatim', (_name, c) => {
    const { bytes, upstream } = recorded.get(c.user)!;
    const sent = upstream.sent.join('');
    expect(bytes.equals(Buffer.from(sent, 'utf8'))).toBe(true);
    const f = fixtures.get(c.user)!;
    expect(f.raw).toMatchObject({ stream: c.stream, status: 200 });
    expect(f.raw.chunks.map((x) => x.data).join('')).toBe(sent);
    // The readable response beside it, with the upstream's usage.
    expect(f.response.content).toBe(c.answer.text);
    expect(f.response.usage).toEqual({ input_tokens: c.answer.usage!.input, output_tokens: c.answer.usage!.output });
  });

  // A frame's offset is when llmposter read it, never before the upstream sent it: frame i went
  // out no sooner than i gaps after the first (each sleep lasts at least GAP, give or take the
  // timer's 1 ms granularity), and the first after the request started. A late read can shorten
  // one gap between neighbours on a busy machine, but never pull a frame before its schedule, so
  // this bound holds however noisy the machine is.
  it.each(STREAMED.map((c) => [c.name, c] as const))('%s: each frame is recorded no earlier than the upstream\'s schedule', (_name, c) => {
    const { upstream } = recorded.get(c.user)!;
    const chunks = fixtures.get(c.user)!.raw.chunks;
    expect(upstream.sent.length).toBeGreaterThan(3);
    /** The recorded chunk holding the character at `offset`. */
    const chunkAt = (offset: number) => {
      let end = 0;
      for (const chunk of chunks) {
        end += chunk.data.length;
        if (offset < end) return chunk;
      }
      throw new Error(`offset ${offset} past the recording`);
    };
    let offset = 0;
    const frames = upstream.sent.map((frame, i) => {
      const at = chunkAt(offset).at_ms;
      offset += frame.length;
      return { frame: i, at_ms: at, no_earlier_than: i * (GAP - 1) - 1, upstream_sent_after_ms: Math.floor(upstream.sentAt[i] - upstream.sentAt[0]) - 1 };
    });
    for (const f of frames) {
      expect({ ...f, ok: f.at_ms >= f.no_earlier_than && f.at_ms >= f.upstream_sent_after_ms }).toEqual({ ...f, ok: true });
    }
  });

  it('the recorded file passes llmposter validate', () => {
    expect(Object.keys(recordedFiles)).toHaveLength(1);
    expect(Object.values(recordedFiles)[0]).toContain('raw:');
    expect(validate.code).toBe(0);
    expect(validate.stdout).toMatch(new RegExp(`^ok: ${CASES.length} fixtures in 1 file`));
  });

  it('hand-edited so a chunk\'s offset goes back, the file fails validate at that chunk\'s file:line:col (exit 2)', async () => {
    const [[name, text]] = Object.entries(recordedFiles);
    const offsets = [...text.matchAll(/at_ms: (\d+)/g)];
    // The first chunk made late: the second one is now due before it.
    const edited = text.slice(0, offsets[0].index) + 'at_ms: 999999' + text.slice(offsets[0].index! + offsets[0][0].length);
    const dir = mkdtempSync(join(tmpdir(), 'llmposter-exact-'));
    try {
      writeFileSync(join(dir, name), edited);
      const second = edited.indexOf(offsets[1][0], edited.indexOf('at_ms: 999999') + 1);
      const line = edited.slice(0, second).split('\n').length;
      const col = second - edited.lastIndexOf('\n', second - 1) + 'at_ms: '.length;
      const r = await runCli(['validate', dir]);
      expect(r.code).toBe(2);
      expect(r.stdout + r.stderr).toContain(`${name}:${line}:${col}: raw chunk 1 is due at ${offsets[1][1]} ms, before chunk 0 (999999 ms)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('replaying with a fresh server (no upstream)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s: raw HTTP gets the upstream\'s bytes, byte for byte', async (_name, c) => {
    const res = await post(`${replaying.url}${c.path}`, c.body);
    expect(res.status).toBe(200);
    const sent = Buffer.from(recorded.get(c.user)!.upstream.sent.join(''), 'utf8');
    expect((await bytesOf(res)).equals(sent)).toBe(true);
  });

  it.each(STREAMED.map((c) => [c.name, c] as const))('%s: on a fake clock, each chunk is written exactly at its recorded at_ms', async (_name, c) => {
    const chunks = fixtures.get(c.user)!.raw.chunks;
    const upTo = (n: number) => chunks.slice(0, n).map((x) => x.data).join('');
    const res = await post(`${onFakeClock.url}${c.path}`, c.body);
    expect(res.status).toBe(200);
    const read = readInBackground(res);
    await settle();
    let now = 0;
    for (let i = 0; i < chunks.length; ) {
      const at = chunks[i].at_ms;
      let j = i;
      while (j < chunks.length && chunks[j].at_ms === at) j++;
      if (at > now) {
        // One ms before the chunk is due: nothing of it yet.
        clock.advance(at - 1 - now);
        await settle();
        expect({ at_ms: at - 1, text: read.text() }).toEqual({ at_ms: at - 1, text: upTo(i) });
        clock.advance(1);
        now = at;
      }
      await untilLength(read, upTo(j).length);
      expect({ at_ms: at, text: read.text() }).toEqual({ at_ms: at, text: upTo(j) });
      if (j < chunks.length) expect(read.ended()).toBe(false);
      i = j;
    }
    await read.done;
    expect(Buffer.from(read.text(), 'utf8').equals(Buffer.from(recorded.get(c.user)!.upstream.sent.join(''), 'utf8'))).toBe(true);
  });
});

describe('the other stream flag gets the readable response', () => {
  it('OpenAI: a recorded stream answers a non-streamed request, with the recorded usage', async () => {
    const c = new OpenAI({ baseURL: `${replaying.url}/v1`, apiKey: 'dummy', maxRetries: 0 });
    const r = await c.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'exact openai' }] });
    expect([r.choices[0].message.content, r.choices[0].finish_reason, r.usage]).toEqual(['Exact bytes: héllo 🎉 ünïcode', 'stop', { prompt_tokens: 321, completion_tokens: 45, total_tokens: 366 }]);
    // Not the recording's id: llmposter built this answer.
    expect(r.id).not.toBe('chatcmpl-up1');
  });

  it('OpenAI: a recorded body answers a streamed request', async () => {
    const c = new OpenAI({ baseURL: `${replaying.url}/v1`, apiKey: 'dummy', maxRetries: 0 });
    let text = '';
    let usage: unknown;
    for await (const chunk of await c.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'exact body' }], stream: true, stream_options: { include_usage: true } })) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect([text, usage]).toEqual(['A whole body, exactly ✓', { prompt_tokens: 654, completion_tokens: 32, total_tokens: 686 }]);
  });

  it('Anthropic: a recorded stream answers a non-streamed request', async () => {
    const m = await anthropicClient(replaying.url).messages.create({ model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'exact anthropic' }] });
    expect([m.content, m.stop_reason, m.usage.input_tokens, m.usage.output_tokens]).toEqual([[{ type: 'text', text: 'Claude, byte for byte: ☀ naïve' }], 'end_turn', 987, 65]);
  });

  it('Gemini: a recorded array stream answers generateContent', async () => {
    const r = await geminiClient(replaying.url).models.generateContent({ model: 'gemini-2.0-flash', contents: 'exact gemini' });
    expect([r.text, r.candidates?.[0]?.finishReason, r.usageMetadata?.promptTokenCount, r.usageMetadata?.candidatesTokenCount]).toEqual(['Gemini array, exactly as sent ✨', 'STOP', 111, 22]);
  });
});
