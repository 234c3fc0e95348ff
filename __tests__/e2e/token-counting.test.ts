/**
 * Token counting must never hold the event loop: every other client (and /health) is served
 * from the same thread. A 160 KB word with no spaces used to freeze the server for ~25 s.
 */
import { describe, it, expect, afterEach } from '@jest/globals';
import { startWith, chat, postRaw, type Harness } from '../helpers/server.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const WORD = 'x'.repeat(200_000);
/** Very loose: the fixed server needs milliseconds, the old one ~20 s on this word. */
const LOOSE_MS = 5_000;

/** Time /health round trips back to back until `until` settles; the slowest one in ms. */
async function slowestHealthWhile(url: string, until: Promise<unknown>): Promise<number> {
  let done = false;
  void until.finally(() => (done = true));
  let slowest = 0;
  while (!done) {
    const t0 = performance.now();
    const res = await fetch(`${url}/health`);
    await res.text();
    slowest = Math.max(slowest, performance.now() - t0);
  }
  return slowest;
}

describe('token counting is bounded', () => {
  it('a chat request with a 200k-character word is answered, and /health keeps answering meanwhile', async () => {
    h = await startWith({ 'all.yaml': 'fixtures:\n  - response: { content: "ok" }\n' });
    const t0 = performance.now();
    const answer = postRaw(`${h.server.url}/v1/chat/completions`, chat(WORD));
    const slowestHealth = await slowestHealthWhile(h.server.url, answer);
    const res = await answer;
    const took = performance.now() - t0;

    expect(res.status).toBe(200);
    const usage = JSON.parse(res.text).usage;
    expect(usage.prompt_tokens).toBeGreaterThan(1000);
    expect(took).toBeLessThan(LOOSE_MS);
    expect(slowestHealth).toBeLessThan(LOOSE_MS);
  });

  it('a job with a 200k-character word finishes with usage, and /health keeps answering', async () => {
    h = await startWith({}, { jobs: { mode: 'ok', latencyMs: 0 } });
    const url = h.server.url;
    const submitted = await postRaw(`${url}/v1/jobs`, { op: 'llm.chat', args: { messages: [{ role: 'user', content: 'y'.repeat(200_000) }] } });
    expect(submitted.status).toBe(201);
    const id = JSON.parse(submitted.text).id as string;

    const final = (async () => {
      for (;;) {
        const job = (await (await fetch(`${url}/v1/jobs/${id}`)).json()) as { state: string; result: { usage: { prompt_tokens: number } } };
        if (job.state !== 'queued' && job.state !== 'running') return job;
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const slowestHealth = await slowestHealthWhile(url, final);
    const job = await final;
    expect(job.state).toBe('ok');
    expect(job.result.usage.prompt_tokens).toBeGreaterThan(1000);
    expect(slowestHealth).toBeLessThan(LOOSE_MS);
  });

  it('special-token text in a prompt is counted as text, not a 500', async () => {
    h = await startWith({ 'all.yaml': 'fixtures:\n  - response: { content: "ok" }\n' });
    const res = await postRaw(`${h.server.url}/v1/chat/completions`, chat('hello <|endoftext|> and <|im_start|>'));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).usage.prompt_tokens).toBeGreaterThan(10);
  });
});
