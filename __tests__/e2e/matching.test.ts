/** Fixture selection seen from a client: patterns, order, scenarios, sequences, times, reset. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { chat, startWith, type Harness } from '../helpers/server.js';

const FIXTURES = `
fixtures:
  # --- pattern kinds ---
  - match: { user_message: "Substring" }
    response: { content: "substring" }
  - match: { user_message: { regex: "^order #\\\\d+$" } }
    response: { content: "regex" }
  - match: { user_message: { equals: "exactly this" } }
    response: { content: "equals" }
  - match: { user_message: { contains: "MiXeD", ignore_case: true } }
    response: { content: "contains-ignore-case" }
  - match: { model: { regex: "^claude" } }
    response: { content: "model regex" }
  - match: { system_prompt: "pirate", user_message: "greet" }
    response: { content: "arr" }
  - match: { tool_schema: "lookup_order", user_message: "find" }
    response: { content: "tool schema" }
  - match: { headers: { X-Tenant: "acme" }, user_message: "tenant" }
    response: { content: "header" }
  - match: { metadata: { tier: "gold", count: "3" }, user_message: "meta" }
    response: { content: "metadata" }
  - match: { temperature: 0, user_message: "temp" }
    response: { content: "temp exact" }
  - match: { temperature: { min: 0.5, max: 1 }, user_message: "temp" }
    response: { content: "temp range" }
  # --- order ---
  - match: { user_message: "order test" }
    response: { content: "low priority, first in file" }
  - match: { user_message: "order test" }
    priority: 10
    response: { content: "high priority" }
  - catch_all: true
    response: { content: "catch-all" }
  - match: { user_message: "after catch-all" }
    response: { content: "specific beats catch-all" }
  # --- sequence and times ---
  - match: { user_message: "flaky upstream" }
    sequence:
      - error: { status: 429, message: "busy" }
      - error: { status: 429, message: "still busy" }
      - response: { content: "finally" }
  - match: { user_message: "limited" }
    times: 2
    priority: 5
    response: { content: "limited answer" }
  # --- scenario ---
  - match: { user_message: "next step" }
    scenario: { name: checkout, required_state: "", set_state: paid }
    response: { content: "step 1: pay" }
  - match: { user_message: "next step" }
    scenario: { name: checkout, required_state: paid, set_state: shipped }
    response: { content: "step 2: ship" }
  - match: { user_message: "next step" }
    scenario: { name: checkout, required_state: shipped }
    response: { content: "step 3: done" }
`;

let h: Harness;
beforeAll(async () => {
  h = await startWith({ 'match.yaml': FIXTURES });
});
afterAll(() => h.close());
beforeEach(() => h.server.reset());

async function answer(body: Record<string, unknown>, options?: { headers?: Record<string, string> }): Promise<string | null> {
  const res = await h.client.chat.completions.create(body as never, options);
  return (res as OpenAI.ChatCompletion).choices[0].message.content;
}

describe('pattern kinds', () => {
  it.each([
    ['plain string is a case-sensitive substring', chat('a Substring inside'), 'substring'],
    ['plain string does not match other case', chat('a substring inside'), 'catch-all'],
    ['regex is unanchored JS regex', chat('order #42'), 'regex'],
    ['regex miss', chat('order #42!'), 'catch-all'],
    ['equals is exact', chat('exactly this'), 'equals'],
    ['equals rejects extra text', chat('exactly this!'), 'catch-all'],
    ['contains with ignore_case', chat('some mixed CASE'), 'contains-ignore-case'],
    ['model regex', { ...chat('anything'), model: 'claude-sonnet' }, 'model regex'],
    ['system prompt substring', { model: 'gpt-4o', messages: [{ role: 'system', content: 'You are a pirate.' }, { role: 'user', content: 'greet me' }] }, 'arr'],
    ['tool_schema matches any declared tool', chat('find it', { tools: [{ type: 'function', function: { name: 'x' } }, { type: 'function', function: { name: 'lookup_order' } }] }), 'tool schema'],
    ['tool_schema needs the tool', chat('find it', { tools: [{ type: 'function', function: { name: 'x' } }] }), 'catch-all'],
    ['metadata numbers compare as strings', chat('meta', { metadata: { tier: 'gold', count: 3 } }), 'metadata'],
    ['metadata missing key is no match', chat('meta', { metadata: { tier: 'gold' } }), 'catch-all'],
    ['temperature exact', chat('temp', { temperature: 0 }), 'temp exact'],
    ['temperature range inclusive', chat('temp', { temperature: 1 }), 'temp range'],
    ['temperature outside range', chat('temp', { temperature: 0.2 }), 'catch-all'],
  ])('%s', async (_name, body, expected) => {
    expect(await answer(body)).toBe(expected);
  });

  it('header names are case-insensitive and a missing header is no match', async () => {
    expect(await answer(chat('tenant'), { headers: { 'x-tenant': 'acme-corp' } })).toBe('header');
    expect(await answer(chat('tenant'))).toBe('catch-all');
  });
});

describe('order', () => {
  it('higher priority wins over file order', async () => {
    expect(await answer(chat('order test'))).toBe('high priority');
  });
  it('catch-all fixtures are tried last even when earlier in the file', async () => {
    expect(await answer(chat('after catch-all'))).toBe('specific beats catch-all');
  });
});

describe('sequence and times', () => {
  it('serves a sequence in order and repeats the last outcome', async () => {
    const errors: number[] = [];
    for (let i = 0; i < 2; i++) {
      const e = (await h.client.chat.completions.create(chat('flaky upstream')).catch((x: unknown) => x)) as InstanceType<typeof OpenAI.APIError>;
      expect(e).toBeInstanceOf(OpenAI.RateLimitError);
      errors.push(e.status as number);
    }
    expect(errors).toEqual([429, 429]);
    expect(await answer(chat('flaky upstream'))).toBe('finally');
    expect(await answer(chat('flaky upstream'))).toBe('finally');
  });

  it('an SDK with retries rides through the sequence', async () => {
    const retrying = new OpenAI({ baseURL: `${h.server.url}/v1`, apiKey: 'k', maxRetries: 2 });
    // retry-after defaults to 1 s, so this takes about two seconds.
    const res = await retrying.chat.completions.create(chat('flaky upstream'));
    expect(res.choices[0].message.content).toBe('finally');
  });

  it('times: N stops matching after N uses', async () => {
    expect(await answer(chat('limited'))).toBe('limited answer');
    expect(await answer(chat('limited'))).toBe('limited answer');
    expect(await answer(chat('limited'))).toBe('catch-all');
  });

  it('POST /admin/reset restarts sequences, times and scenarios', async () => {
    await answer(chat('limited'));
    await answer(chat('limited'));
    await answer(chat('next step'));
    const res = await fetch(`${h.server.url}/admin/reset`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await answer(chat('limited'))).toBe('limited answer');
    expect(await answer(chat('next step'))).toBe('step 1: pay');
  });
});

describe('scenarios', () => {
  it('walks the state machine and stays in the final state', async () => {
    expect(await answer(chat('next step'))).toBe('step 1: pay');
    expect(await answer(chat('next step'))).toBe('step 2: ship');
    expect(await answer(chat('next step'))).toBe('step 3: done');
    expect(await answer(chat('next step'))).toBe('step 3: done');
  });
});

describe('diagnostics', () => {
  it('names the nearest fixture and each field verdict when --diagnostics is on', async () => {
    const d = await startWith({ 'a.yaml': 'fixtures:\n  - match: { model: "gpt-4o", user_message: "weather in Paris" }\n    response: { content: "x" }\n' }, { diagnostics: true });
    try {
      const res = await fetch(`${d.server.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(chat('weather in Rome')) });
      expect(res.status).toBe(404);
      const body = (await res.json()) as { error: { message: string; type: string; nearest: { fixture: string; fields: Array<{ field: string; passed: boolean }> } } };
      expect(body.error.type).toBe('not_found_error');
      expect(body.error.nearest.fixture).toMatch(/a\.yaml#0$/);
      expect(body.error.nearest.fields).toEqual([
        { field: 'model', passed: true, expected: expect.any(String) },
        { field: 'user_message', passed: false, expected: expect.any(String) },
      ]);
    } finally {
      await d.close();
    }
  });

  it('leaves diagnostics out by default', async () => {
    const res = await fetch(`${h.server.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ ...chat('x'), model: 'nope' }) });
    // The catch-all answers everything here, so build a no-match with a fresh server instead.
    expect(res.status).toBe(200);
    const d = await startWith({ 'a.yaml': 'fixtures:\n  - match: { model: "gpt-4o" }\n    response: { content: "x" }\n' });
    try {
      const r = await fetch(`${d.server.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ ...chat('x'), model: 'nope' }) });
      const body = (await r.json()) as { error: Record<string, unknown> };
      expect(r.status).toBe(404);
      expect(body.error.nearest).toBeUndefined();
    } finally {
      await d.close();
    }
  });
});
