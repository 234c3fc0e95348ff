/**
 * The "done when", as one run: a server paced like gpt-4o with a 3-requests-per-minute
 * budget, a burst of four concurrent requests through the official OpenAI SDK. Three are
 * admitted (their remaining-requests headers count 2, 1, 0) and held for the profile's time to
 * first token and per-token time on the fake clock; the fourth is a 429 at once, with the
 * retry-after the bucket's refill gives (60 s / 3 = 20 s).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { createFakeClock, type FakeClock } from '../../src/index.js';
import { chat, startWith, type Harness } from '../helpers/server.js';

const FIXTURES = { 'f.yaml': 'fixtures:\n  - response: { content: "A realistic answer of a few tokens." }\n' };
const settle = () => new Promise((r) => setTimeout(r, 30));

describe('--profile gpt-4o --rpm 3 under a burst', () => {
  let h: Harness;
  let clock: FakeClock;
  beforeAll(async () => {
    clock = createFakeClock();
    h = await startWith(FIXTURES, { clock, pacing: { profile: 'gpt-4o' }, rateLimits: { default: { rpm: 3 } } });
  });
  afterAll(() => h.close());

  const inFlight = async () => ((await (await fetch(`${h.server.url}/health`)).json()) as { responses_in_flight: number }).responses_in_flight;

  it('admits the budget with counting-down headers, paces it, and refuses the rest with retry-after', async () => {
    const calls = Array.from({ length: 4 }, (_, i) =>
      h.client.chat.completions
        .create(chat(`request ${i}`))
        .withResponse()
        .then(
          ({ data, response }) => ({ ok: true as const, text: data.choices[0].message.content, remaining: response.headers.get('x-ratelimit-remaining-requests') }),
          (err: unknown) => ({ ok: false as const, err }),
        ),
    );
    // The refusal needs no time; the three admitted answers wait on the fake clock.
    for (let i = 0; i < 200 && (await inFlight()) < 3; i++) await settle();
    expect(await inFlight()).toBe(3);
    await settle();
    expect(await inFlight()).toBe(3); // nothing was sent before TTFT
    clock.advance(60_000);
    const results = await Promise.all(calls);
    const ok = results.filter((r) => r.ok);
    const refused = results.filter((r) => !r.ok);
    expect(ok.map((r) => r.remaining).sort()).toEqual(['0', '1', '2']);
    for (const r of ok) expect(r.text).toBe('A realistic answer of a few tokens.');
    expect(refused).toHaveLength(1);
    const err = refused[0].err as InstanceType<typeof OpenAI.RateLimitError>;
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(err.headers?.get('retry-after')).toBe('20');
  });
});
