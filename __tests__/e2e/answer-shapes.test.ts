/**
 * Answers users could not write before, through the official SDK and raw HTTP: text and tool
 * calls in one reply, tool-call arguments sent exactly as written (malformed on purpose), an
 * error that waits first, and a disconnect before the first frame. Bad combinations fail at load.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { APIError, InternalServerError } from 'openai';
import { loadFixturesFromText } from '../../src/fixture-set/load.js';
import { FixtureLoadError } from '../../src/fixture-set/types.js';
import { chat, startWith, type Harness } from '../helpers/server.js';

let h: Harness;
beforeAll(async () => {
  h = await startWith({
    'shapes.yaml': `fixtures:
  - match: { user_message: "text then tool" }
    response:
      content: "Let me look that up."
      tool_calls:
        - name: get_weather
          arguments: { city: Paris }
    streaming: { chunk_size: 6 }
  - match: { user_message: "broken arguments" }
    response:
      tool_calls:
        - name: get_weather
          arguments: '{"city": "Par'
  - match: { user_message: "slow gateway" }
    error: { status: 504, message: "Gateway timeout" }
    failure: { latency_ms: 150 }
  - match: { user_message: "drop at once" }
    response: { content: "never sent" }
    failure: { disconnect_after_ms: 0 }
`,
  });
});
afterAll(() => h.close());

describe('text and tool calls in one reply', () => {
  it('a body carries both, finish_reason tool_calls', async () => {
    const res = await h.client.chat.completions.create(chat('text then tool'));
    const m = res.choices[0].message;
    expect(m.content).toBe('Let me look that up.');
    expect(m.tool_calls?.map((c) => c.type === 'function' && [c.function.name, JSON.parse(c.function.arguments)])).toEqual([['get_weather', { city: 'Paris' }]]);
    expect(res.choices[0].finish_reason).toBe('tool_calls');
  });

  it('a stream carries both, and the SDK puts them back together', async () => {
    const final = await h.client.chat.completions.stream(chat('text then tool')).finalChatCompletion();
    const m = final.choices[0].message;
    expect(m.content).toBe('Let me look that up.');
    expect(m.tool_calls?.map((c) => c.type === 'function' && c.function.arguments)).toEqual(['{"city":"Paris"}']);
  });
});

describe('arguments given as a string', () => {
  it('are sent exactly as written, malformed JSON included, streamed or not', async () => {
    const body = await h.client.chat.completions.create(chat('broken arguments'));
    const call = body.choices[0].message.tool_calls![0];
    expect(call.type === 'function' && call.function.arguments).toBe('{"city": "Par');
    let streamed = '';
    for await (const c of await h.client.chat.completions.create({ ...chat('broken arguments'), stream: true })) {
      streamed += c.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '';
    }
    expect(streamed).toBe('{"city": "Par');
  });
});

describe('an error with failure.latency_ms', () => {
  it('waits, then answers the error', async () => {
    const t0 = performance.now();
    const err = await h.client.chat.completions.create(chat('slow gateway')).catch((e: unknown) => e);
    // Lower bound only: the wait must have happened; no upper bound on a shared machine.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect(err).toBeInstanceOf(InternalServerError);
    expect((err as APIError).status).toBe(504);
    expect((err as APIError).message).toContain('Gateway timeout');
  });

  it('only latency_ms may sit beside an error: other failure fields fail at load with the line', () => {
    const text = 'fixtures:\n  - match: { user_message: x }\n    error: { status: 500 }\n    failure: { latency_ms: 10, corrupt_body: true }\n';
    let caught: unknown;
    try {
      loadFixturesFromText(text, 'bad.yaml');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(FixtureLoadError);
    expect((caught as FixtureLoadError).problems).toEqual([expect.objectContaining({ line: 4, message: expect.stringContaining('failure may only hold latency_ms') })]);
  });
});

describe('disconnect_after_ms: 0', () => {
  it('sends the head, then aborts before the first frame', async () => {
    const { status, bytes, aborted } = await new Promise<{ status: number; bytes: number; aborted: boolean }>((resolve, reject) => {
      const req = request(`${h.server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let bytes = 0;
        res.on('data', (d: Buffer) => (bytes += d.length));
        res.on('error', () => resolve({ status: res.statusCode!, bytes, aborted: true }));
        res.on('end', () => resolve({ status: res.statusCode!, bytes, aborted: false }));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ ...chat('drop at once'), stream: true }));
    });
    expect([status, bytes, aborted]).toEqual([200, 0, true]);
  });

  it('the SDK raises before any chunk, and the server keeps serving', async () => {
    const chunks: unknown[] = [];
    const read = async () => {
      for await (const c of await h.client.chat.completions.create({ ...chat('drop at once'), stream: true })) chunks.push(c);
    };
    await expect(read()).rejects.toThrow();
    expect(chunks).toEqual([]);
    expect((await h.client.chat.completions.create(chat('text then tool'))).choices[0].message.content).toBe('Let me look that up.');
  });
});
