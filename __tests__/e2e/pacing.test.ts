/**
 * Latency profiles and token-paced streaming as a client sees them: the official SDKs against a
 * real server, and an injected fake clock for every timing (the clock moves by hand; nothing
 * here sleeps for the profile's delays or measures wall time).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CHAOS_OFF_CONFIG, mergeChaosConfig } from '../../src/chaos/config.js';
import { createFakeClock, startServer, type FakeClock } from '../../src/index.js';
import { countTokens } from '../../src/generate/tokens.js';
import { silentLogger } from '../../src/log/logger.js';
import { anthropicClient, ask } from '../helpers/anthropic-sdk.js';
import { runCli } from '../helpers/cli.js';
import { geminiClient } from '../helpers/gemini-sdk.js';
import { chat, parseSse, startWith, type Harness } from '../helpers/server.js';

const TEXT = 'Real models stream one token at a time, after a pause to think.';
const K = countTokens(TEXT);

const FIXTURES = `
fixtures:
  - match: { user_message: "timed stream" }
    response: { content: "${TEXT}" }
    streaming: { ttft_ms: 1000, tbt_ms: 100 }
  - match: { user_message: "timed body" }
    response: { content: "${TEXT}" }
    streaming: { ttft_ms: 300, tbt_ms: 20 }
  - match: { user_message: "recorded body" }
    response: { content: "${TEXT}", usage: { input_tokens: 5, output_tokens: 77 } }
    streaming: { ttft_ms: 300, tbt_ms: 20, chunk_size: 10 }
  - match: { user_message: "visible thinking" }
    response: { thinking: "Let me think about it first.", content: "Done." }
    streaming: { ttft_ms: 200, tbt_ms: 10 }
  - match: { user_message: "three a frame" }
    response: { content: "${TEXT}" }
    streaming: { chunk_tokens: 3 }
  - response: { content: "${TEXT}" }
`;

/** Let the server handle whatever I/O is pending (the fake clock only moves timers). */
const settle = () => new Promise((r) => setTimeout(r, 30));

/** A body read a bit at a time: `readSome()` takes what has arrived by now (one read kept pending across calls, so no bytes are lost). */
function reading(res: Response) {
  const reader = res.body!.getReader();
  let text = '';
  let pending: ReturnType<typeof reader.read> | null = null;
  const readSome = async () => {
    pending ??= reader.read();
    const next = await Promise.race([pending, settle().then(() => null)]);
    if (next) {
      pending = null;
      if (!next.done) text += new TextDecoder().decode(next.value);
    }
  };
  return { readSome, text: () => text };
}

describe('a fixture\'s own pacing, on a fake clock', () => {
  let h: Harness;
  let clock: FakeClock;
  beforeAll(async () => {
    clock = createFakeClock();
    h = await startWith({ 'f.yaml': FIXTURES }, { clock });
  });
  afterAll(() => h.close());

  /** Wait (bounded by the test timeout) until the server holds `n` responses: its timers are set. */
  async function untilInFlight(n: number): Promise<void> {
    for (;;) {
      const health = (await (await fetch(`${h.server.url}/health`)).json()) as { responses_in_flight: number };
      if (health.responses_in_flight === n) return;
      await settle();
    }
  }

  const post = (body: unknown) => fetch(`${h.server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('TTFT before the first content frame (the role chunk waits with it), then TBT between content frames', async () => {
    const res = await post(chat('timed stream', { stream: true }));
    expect(res.status).toBe(200);
    const { readSome, text } = reading(res);
    /** Read until `n` events have arrived; a bounded number of tries, so a bug fails instead of hanging. */
    const readUntil = async (n: number) => {
      for (let i = 0; i < 200 && events().length < n; i++) await readSome();
    };
    const events = () => parseSse(text());
    await untilInFlight(1);
    clock.advance(999);
    await readSome();
    expect(events()).toHaveLength(0);
    clock.advance(1);
    await readUntil(2);
    // role chunk + the first token, together at TTFT.
    expect(events()).toHaveLength(2);
    clock.advance(99);
    await readSome();
    expect(events()).toHaveLength(2);
    clock.advance(1);
    await readUntil(3);
    expect(events()).toHaveLength(3);
    // The rest: K - 2 more tokens 100 ms apart; the finish and [DONE] follow the last token at once.
    clock.advance(100 * (K - 2) - 1);
    await readUntil(K);
    await readSome();
    expect(events()).toHaveLength(K);
    clock.advance(1);
    await readUntil(K + 3);
    const all = events();
    expect(all).toHaveLength(K + 3);
    expect(all.at(-1)!.data).toBe('[DONE]');
    const content = all.slice(1, K + 1).map((e) => JSON.parse(e.data).choices[0].delta.content as string);
    expect(content.join('')).toBe(TEXT);
    expect(content.every((c) => countTokens(c) === 1)).toBe(true);
  });

  it('non-streaming waits TTFT + output tokens x TBT, then answers with that many completion tokens', async () => {
    let answered = false;
    const pending = h.client.chat.completions.create(chat('timed body')).then((r) => ((answered = true), r));
    await untilInFlight(1);
    clock.advance(300 + 20 * K - 1);
    await settle();
    expect(answered).toBe(false);
    clock.advance(1);
    const r = await pending;
    expect(r.choices[0].message.content).toBe(TEXT);
    expect(r.usage!.completion_tokens).toBe(K);
  });

  it('a reasoning model streaming its written-out thinking: the first thinking frame comes at TTFT (no hidden reasoning time on top)', async () => {
    const res = await fetch(`${h.server.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-sonnet-4-6-thinking', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'visible thinking' }] }),
    });
    expect(res.status).toBe(200);
    const { readSome, text } = reading(res);
    await untilInFlight(1);
    clock.advance(199);
    await readSome();
    expect(text()).not.toContain('thinking_delta');
    clock.advance(1);
    for (let i = 0; i < 200 && !text().includes('thinking_delta'); i++) await readSome();
    expect(text()).toContain('"thinking":"Let');
    // Finish the stream so the next test starts with nothing in flight.
    clock.advance(10_000);
    for (let i = 0; i < 200 && !text().includes('message_stop'); i++) await readSome();
    expect(text()).toContain('message_stop');
  });

  it('a fixture that chunks its own stream: the body waits TTFT + a TBT per frame of that stream (not per token)', async () => {
    // A recording's tbt_ms is the gap between its frames; 77 tokens x 20 ms would wait far longer than its stream took.
    let answered = false;
    const pending = h.client.chat.completions.create(chat('recorded body')).then((r) => ((answered = true), r));
    await untilInFlight(1);
    clock.advance(300 + 20 * Math.ceil(TEXT.length / 10) - 1);
    await settle();
    expect(answered).toBe(false);
    clock.advance(1);
    const r = await pending;
    expect(r.usage!.completion_tokens).toBe(77);
  });

  it('chunk_tokens: 3 streams ceil(K / 3) content frames, with no delay, and usage counts K tokens', async () => {
    const stream = await h.client.chat.completions.create(chat('three a frame', { stream: true, stream_options: { include_usage: true } }));
    const pieces: string[] = [];
    let usage: number | undefined;
    for await (const c of stream) {
      const d = c.choices[0]?.delta.content;
      if (d) pieces.push(d);
      if (c.usage) usage = c.usage.completion_tokens;
    }
    expect(pieces).toHaveLength(Math.ceil(K / 3));
    expect(pieces.join('')).toBe(TEXT);
    expect(usage).toBe(K);
  });

  it('off by default: a fixture without pacing keys streams at once, in 20-character chunks', async () => {
    const stream = await h.client.chat.completions.create(chat('anything else', { stream: true }));
    const pieces: string[] = [];
    for await (const c of stream) if (c.choices[0]?.delta.content) pieces.push(c.choices[0].delta.content);
    expect(pieces).toHaveLength(Math.ceil(TEXT.length / 20));
  });
});

describe('a server profile (startServer({ pacing })): one token a frame in every provider\'s stream', () => {
  let h: Harness;
  beforeAll(async () => {
    // instant: no delay at all, so the real clock is fine; the pacing still cuts by tokens.
    h = await startWith({ 'f.yaml': `fixtures:\n  - response: { content: "${TEXT}" }\n` }, { pacing: { profile: 'instant' } });
  });
  afterAll(() => h.close());

  it('OpenAI Chat Completions (SDK): K content chunks, usage K', async () => {
    const stream = await h.client.chat.completions.create(chat('hi', { stream: true, stream_options: { include_usage: true } }));
    const pieces: string[] = [];
    let usage: number | undefined;
    for await (const c of stream) {
      if (c.choices[0]?.delta.content) pieces.push(c.choices[0].delta.content);
      if (c.usage) usage = c.usage.completion_tokens;
    }
    expect(pieces.join('')).toBe(TEXT);
    expect(pieces).toHaveLength(K);
    expect(usage).toBe(K);
  });

  it('Anthropic Messages (SDK): K text deltas, output_tokens K', async () => {
    const stream = anthropicClient(h.server.url).messages.stream(ask('hi'));
    let deltas = 0;
    stream.on('text', () => deltas++);
    const final = await stream.finalMessage();
    expect(final.content[0].type === 'text' && final.content[0].text).toBe(TEXT);
    expect(deltas).toBe(K);
    expect(final.usage.output_tokens).toBe(K);
  });

  it('Gemini (SDK): K chunks, the last one carrying the finish', async () => {
    const stream = await geminiClient(h.server.url).models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hi' });
    const pieces: string[] = [];
    let finish: string | undefined;
    for await (const c of stream) {
      if (c.text) pieces.push(c.text);
      finish = c.candidates?.[0]?.finishReason ?? finish;
    }
    expect(pieces.join('')).toBe(TEXT);
    expect(pieces).toHaveLength(K);
    expect(finish).toBe('STOP');
  });

  it('the Responses API (raw SSE): K output_text deltas', async () => {
    const res = await fetch(`${h.server.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-5', input: 'hi', stream: true }) });
    const deltas = parseSse(await res.text()).filter((e) => e.event === 'response.output_text.delta');
    expect(deltas).toHaveLength(K);
  });
});

describe('the same seed, the same timings: two servers with fake clocks', () => {
  const PACED = `fixtures:\n  - response: { content: "ok" }\n    streaming: { profile: gpt-4o }\n`;
  let a: Harness;
  let b: Harness;
  let clockA: FakeClock;
  let clockB: FakeClock;
  beforeAll(async () => {
    clockA = createFakeClock();
    clockB = createFakeClock();
    a = await startWith({ 'f.yaml': PACED }, { clock: clockA, seed: 5 });
    b = await startWith({ 'f.yaml': PACED }, { clock: clockB, seed: 5 });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  const inFlight = async (h: Harness) => ((await (await fetch(`${h.server.url}/health`)).json()) as { responses_in_flight: number }).responses_in_flight;

  /**
   * When (in fake ms, to the next 10 ms) the server sends a non-streamed answer: advance 10 ms
   * at a time until it holds no response (the write happens inside advance(), so the check
   * needs no waiting).
   */
  async function arrival(h: Harness, clock: FakeClock, headers: Record<string, string> = {}): Promise<number> {
    const pending = h.client.chat.completions.create(chat('hi'), { headers });
    while ((await inFlight(h)) !== 1) await settle();
    let t = 0;
    while (t < 5000) {
      clock.advance(10);
      t += 10;
      if ((await inFlight(h)) === 0) break;
    }
    expect((await pending).choices[0].message.content).toBe('ok');
    return t;
  }

  it('request by request, both servers answer at the same fake time; a different seed header, at another', async () => {
    const first = [await arrival(a, clockA), await arrival(a, clockA)];
    const second = [await arrival(b, clockB), await arrival(b, clockB)];
    expect(second).toEqual(first);
    // gpt-4o: TTFT 400 +- 100 plus one 25 +- 8 TBT per token: somewhere near 425 ms.
    for (const t of first) expect(t).toBeGreaterThan(100);
    // Replay: the seed a response reported brings its timing back; another seed another timing.
    expect(await arrival(a, clockA, { 'x-llmposter-seed': '11' })).toBe(await arrival(b, clockB, { 'x-llmposter-seed': '11' }));
    expect(await arrival(a, clockA, { 'x-llmposter-seed': '12' })).not.toBe(await arrival(a, clockA, { 'x-llmposter-seed': '11' }));
  });
});

describe('load chaos\' generated answers are paced too', () => {
  let h: Harness;
  let clock: FakeClock;
  beforeAll(async () => {
    clock = createFakeClock();
    // No fixtures: every answer is generated (random words), paced by the fixed `fast` profile.
    h = await startWith({}, { clock, chaos: mergeChaosConfig(CHAOS_OFF_CONFIG, { response: { mode: 'random' } }), pacing: { profile: 'fast' } });
  });
  afterAll(() => h.close());

  it('a generated stream goes one token a frame, and waits for the clock', async () => {
    const res = await fetch(`${h.server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(chat('anything', { stream: true, stream_options: { include_usage: true } })) });
    expect(res.headers.get('x-llmposter-generated')).toBe('random');
    const body = res.text();
    let done = false;
    void body.then(() => (done = true));
    await settle();
    // fast: TTFT 10 +- 2 ms (>= 1), so nothing can be complete before the clock moves.
    expect(done).toBe(false);
    for (let i = 0; i < 100 && !done; i++) {
      clock.advance(1000);
      await settle();
    }
    const events = parseSse(await body).filter((e) => e.data !== '[DONE]').map((e) => JSON.parse(e.data));
    const pieces = events.map((e) => e.choices[0]?.delta?.content).filter((c): c is string => !!c);
    const usage = events.find((e) => e.usage)?.usage.completion_tokens;
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces).toHaveLength(usage);
    expect(pieces.every((p) => countTokens(p) === 1)).toBe(true);
  });
});

describe('bad pacing settings', () => {
  it('startServer with an unknown profile throws, listing the profiles; nothing listens', async () => {
    await expect(startServer({ port: 0, logger: silentLogger, env: {}, pacing: { profile: 'gpt-7' } })).rejects.toThrow(/unknown latency profile "gpt-7"; use auto or one of: gpt-4, gpt-4o, .*fast/);
    await expect(startServer({ port: 0, logger: silentLogger, env: {}, pacing: { profile: 'auto', promptMsPer1kTokens: -1 } })).rejects.toThrow(/>= 0/);
  });

  it('--profile with an unknown name exits 2 and lists the profiles', async () => {
    const r = await runCli(['--port', '0', '--profile', 'gpt-7']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown latency profile "gpt-7"');
    expect(r.stderr).toContain('claude-sonnet');
  });

  it('--prompt-ms-per-1k-tokens without --profile, or not a number, exits 2', async () => {
    const a = await runCli(['--port', '0', '--prompt-ms-per-1k-tokens', '5']);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('needs --profile');
    const b = await runCli(['--port', '0', '--profile', 'auto', '--prompt-ms-per-1k-tokens', 'lots']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('must be a number >= 0');
  });
});
