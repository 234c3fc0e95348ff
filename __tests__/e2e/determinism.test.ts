/** Two servers with the same seed, fixtures and frozen time answer byte for byte the same. */
import { describe, expect, it } from '@jest/globals';
import { chat, postRaw, startWith, type Harness } from '../helpers/server.js';

const FIXTURES = `
fixtures:
  - match: { user_message: "tools" }
    response:
      tool_calls: [{ name: lookup, arguments: { q: "x" } }]
  - match: { user_message: "jitter" }
    response: { content: "a fairly long answer that streams in many small chunks" }
    streaming: { chunk_size: 4, latency: 2 }
    failure: { latency_jitter_ms: 2, duplicate_frames: true, probability: 0.5 }
  - response: { content: "default" }
`;

const REQUESTS = [
  chat('hello'),
  chat('tools'),
  chat('tools', { stream: true }),
  chat('jitter', { stream: true }),
  chat('jitter', { stream: true }),
  chat('hello', { stream: true, stream_options: { include_usage: true } }),
];

async function transcript(h: Harness): Promise<string[]> {
  const out: string[] = [];
  for (const body of REQUESTS) {
    const res = await postRaw(`${h.server.url}/v1/chat/completions`, body);
    out.push(`${res.status} ${res.headers.get('x-request-id')} ${res.headers.get('x-llmposter-seed')}\n${res.text}`);
  }
  out.push((await postRaw(`${h.server.url}/v1/completions`, { model: 'm', prompt: 'hello' })).text);
  return out;
}

describe('determinism', () => {
  it('same seed + fixtures + frozen time + request order => byte-identical responses', async () => {
    const a = await startWith({ 'f.yaml': FIXTURES }, { seed: 99, freezeTime: 1_700_000_000 });
    const b = await startWith({ 'f.yaml': FIXTURES }, { seed: 99, freezeTime: 1_700_000_000 });
    try {
      const ta = await transcript(a);
      const tb = await transcript(b);
      expect(ta).toEqual(tb);
      expect(ta[0]).toContain('"created":1700000000');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a different seed changes ids', async () => {
    const a = await startWith({ 'f.yaml': FIXTURES }, { seed: 1, freezeTime: 0 });
    const b = await startWith({ 'f.yaml': FIXTURES }, { seed: 2, freezeTime: 0 });
    try {
      const ra = JSON.parse((await postRaw(`${a.server.url}/v1/chat/completions`, chat('hello'))).text);
      const rb = JSON.parse((await postRaw(`${b.server.url}/v1/chat/completions`, chat('hello'))).text);
      expect(ra.id).not.toBe(rb.id);
      expect(ra.choices).toEqual(rb.choices);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('x-llmposter-seed on a request replays that request\'s chaos exactly', async () => {
    // Frozen time: `created` would differ whenever the requests straddle a second boundary.
    const h = await startWith({ 'f.yaml': FIXTURES }, { freezeTime: 1_700_000_000 });
    try {
      const first = await postRaw(`${h.server.url}/v1/chat/completions`, chat('jitter', { stream: true }));
      const seed = first.headers.get('x-llmposter-seed')!;
      expect(seed).toMatch(/^\d+$/);
      // Other traffic in between must not matter when the seed is given.
      await postRaw(`${h.server.url}/v1/chat/completions`, chat('jitter', { stream: true }));
      const replay = await postRaw(`${h.server.url}/v1/chat/completions`, chat('jitter', { stream: true }), { 'x-llmposter-seed': seed });
      const frames = (t: string) => t.split('\n\n').map((f) => f.replace(/"id":"[^"]+"/, ''));
      expect(frames(replay.text)).toEqual(frames(first.text));
      expect(replay.headers.get('x-llmposter-seed')).toBe(seed);
    } finally {
      await h.close();
    }
  });

  it('x-llmposter-seed replays the whole request: ids and tool-call ids too', async () => {
    const h = await startWith({ 'f.yaml': FIXTURES }, { freezeTime: 1_700_000_000 });
    try {
      const first = await postRaw(`${h.server.url}/v1/chat/completions`, chat('tools'));
      const seed = first.headers.get('x-llmposter-seed')!;
      await postRaw(`${h.server.url}/v1/chat/completions`, chat('tools'));
      const replay = await postRaw(`${h.server.url}/v1/chat/completions`, chat('tools'), { 'x-llmposter-seed': seed });
      expect(JSON.parse(first.text).choices[0].message.tool_calls[0].id).toMatch(/^call_[0-9a-f]{24}$/);
      expect(replay.text).toBe(first.text);
    } finally {
      await h.close();
    }
  });

  it('control-plane requests and jobs never shift the seeds of LLM requests', async () => {
    const a = await startWith({ 'f.yaml': FIXTURES }, { seed: 5, freezeTime: 0 });
    const b = await startWith({ 'f.yaml': FIXTURES }, { seed: 5, freezeTime: 0 });
    try {
      const llm = (url: string) => postRaw(`${url}/v1/chat/completions`, chat('jitter', { stream: true }));
      const seedsA = [(await llm(a.server.url)).headers.get('x-llmposter-seed'), (await llm(a.server.url)).headers.get('x-llmposter-seed')];
      const first = await llm(b.server.url);
      await fetch(`${b.server.url}/health`);
      await postRaw(`${b.server.url}/v1/jobs`, { op: 'llm.chat', args: { messages: [{ role: 'user', content: 'jitter' }] } });
      const second = await llm(b.server.url);
      expect([first.headers.get('x-llmposter-seed'), second.headers.get('x-llmposter-seed')]).toEqual(seedsA);
      expect(new Set(seedsA).size).toBe(2);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
