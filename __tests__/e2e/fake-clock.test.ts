/**
 * `startServer({ clock: createFakeClock() })`: every wait the server makes (latency_ms, stream
 * pacing, job timers) follows the injected clock, so a test moves time by hand instead of
 * sleeping. Seen from a real client over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createFakeClock, type FakeClock } from '../../src/index.js';
import { chat, parseSse, startWith, type Harness } from '../helpers/server.js';

const FIXTURES = `
fixtures:
  - match: { user_message: "a minute" }
    response: { content: "worth the wait" }
    failure: { latency_ms: 60000 }
  - match: { user_message: "slow stream" }
    response: { content: "abcde" }
    streaming: { chunk_size: 1, latency: 1000 }
`;

let h: Harness;
let clock: FakeClock;
beforeAll(async () => {
  clock = createFakeClock();
  h = await startWith({ 'f.yaml': FIXTURES }, { clock, jobs: { latencyMs: 250 } });
});
afterAll(() => h.close());

/** Let the server handle whatever I/O is pending (the fake clock only moves timers). */
const settle = () => new Promise((r) => setTimeout(r, 50));

/** Wait (bounded by the test timeout) until the server is holding `n` responses. */
async function untilInFlight(n: number): Promise<void> {
  for (;;) {
    const health = (await (await fetch(`${h.server.url}/health`)).json()) as { responses_in_flight: number };
    if (health.responses_in_flight === n) return;
    await settle();
  }
}

const post = (path: string, body: unknown) => fetch(`${h.server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('an injected fake clock drives every wait', () => {
  it('latency_ms: nothing arrives until the clock passes the delay', async () => {
    let answered = false;
    const pending = post('/v1/chat/completions', chat('a minute')).then(async (r) => {
      answered = true;
      return (await r.json()) as { choices: Array<{ message: { content: string } }> };
    });
    // The delay's timer exists only once the server has the request.
    await untilInFlight(1);
    clock.advance(59_999);
    await settle();
    expect(answered).toBe(false);
    clock.advance(1);
    const body = await pending;
    expect(body.choices[0].message.content).toBe('worth the wait');
  });

  it('stream pacing: frames come out as the clock moves, one per second of fake time', async () => {
    const res = await post('/v1/chat/completions', chat('slow stream', { stream: true }));
    const reader = res.body!.getReader();
    let text = '';
    let ended = false;
    /** Read until `n` events have arrived (or the stream ended); later frames need the clock to move. */
    const readUntil = async (n: number) => {
      while (!ended && parseSse(text).length < n) {
        const next = await reader.read();
        if (next.done) ended = true;
        else text += new TextDecoder().decode(next.value);
      }
    };
    await readUntil(1);
    await settle();
    // Only the role chunk is due at once; each later frame follows one fake second after the last.
    expect(parseSse(text)).toHaveLength(1);
    clock.advance(2000);
    await readUntil(3);
    await settle();
    expect(parseSse(text)).toHaveLength(3);
    clock.advance(10_000);
    await readUntil(Infinity);
    const events = parseSse(text);
    // role + 5 one-character chunks + finish + [DONE]
    expect(events).toHaveLength(8);
    expect(events[7].data).toBe('[DONE]');
  });

  it('job timers: a job stays running until the clock passes its latency', async () => {
    const created = (await (await post('/v1/jobs', { op: 'llm.chat', args: { messages: [{ role: 'user', content: 'hello' }] } })).json()) as { id: string };
    const state = async () => ((await (await fetch(`${h.server.url}/v1/jobs/${created.id}`)).json()) as { state: string }).state;
    clock.advance(0);
    await settle();
    expect(await state()).toBe('running');
    clock.advance(249);
    await settle();
    expect(await state()).toBe('running');
    clock.advance(1);
    await settle();
    expect(await state()).toBe('ok');
  });
});
