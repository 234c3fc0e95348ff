/** Recorded exchange -> fixture objects, as plain objects (the YAML writer's input). */
import { describe, expect, it } from '@jest/globals';
import type { ChatRequest } from '../../../src/canonical/request.js';
import { emptyAnswer, type CapturedAnswer } from '../../../src/record/captured-answer.js';
import type { CapturedResponse } from '../../../src/record/capture.js';
import { buildFixtures, errorMessage, type RecordedExchange } from '../../../src/record/fixture-object.js';
import { Redactor } from '../../../src/record/redact.js';
import { testIdFileName } from '../../../src/record/record-files.js';

const request = (over: Partial<ChatRequest> = {}): ChatRequest => ({
  op: 'chat', provider: 'openai', model: 'gpt-4o', metadata: {}, headers: {}, body: {}, toolNames: [], stream: true,
  messages: [{ role: 'user', text: 'hello' }], userMessage: 'hello', systemPrompt: '', ...over,
});

const answer = (over: Partial<CapturedAnswer> = {}): CapturedAnswer => ({ ...emptyAnswer(), ...over });

const response = (over: Partial<CapturedResponse> = {}): CapturedResponse => ({
  status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8', 'set-cookie': ['a=b'], 'x-request-id': 'req_1', date: 'x' },
  sse: true, chunks: [{ at_ms: 300, data: 'data: {"a":1}\n\n' }, { at_ms: 340, data: 'data: [DONE]\n\n' }], endMs: 345, headersMs: 290, text: '', ...over,
});

const build = (x: Partial<RecordedExchange>, opts: Partial<{ exact: boolean; usage: boolean; redactor: Redactor }> = {}) =>
  buildFixtures({ request: request(), stream: true, response: response(), ...x }, { redactor: new Redactor([]), exact: false, ...opts });

describe('buildFixtures', () => {
  it('a streamed answer: strict match, text, finish reason, usage and the measured timing', () => {
    const r = build({ response: response({ answer: answer({ content: 'Hello there, friend', finishReason: 'stop', usage: { input_tokens: 12, output_tokens: 3 }, contentAt: [310, 330, 350, 370, 390], textFrames: 4 }) }) });
    expect(r).toEqual({
      ok: true,
      fixtures: [{
        provider: 'openai',
        match: { model: { equals: 'gpt-4o' }, user_message: { equals: 'hello' }, message_count: 1 },
        response: { content: 'Hello there, friend', finish_reason: 'stop', usage: { input_tokens: 12, output_tokens: 3 } },
        streaming: { ttft_ms: 310, tbt_ms: 20, chunk_size: 5 }, // 19 characters over 4 text frames (the fifth carried a tool call)
      }],
    });
  });

  it('tool calls: JSON arguments become mappings, malformed ones stay text; the system prompt is matched; reasoning tokens kept', () => {
    const r = build({
      request: request({ systemPrompt: 'Be brief.', messages: [{ role: 'system', text: 'Be brief.' }, { role: 'user', text: 'hello' }], stream: false }),
      stream: false,
      response: response({ answer: answer({ toolCalls: [{ name: 'a', arguments: '{"x":1}' }, { name: 'b', arguments: '{"x":' }], stopReason: 'tool_use', usage: { input_tokens: 1, output_tokens: 2, reasoning_tokens: 5 } }) }),
    });
    expect(r.ok && r.fixtures[0]).toEqual({
      provider: 'openai',
      match: { model: { equals: 'gpt-4o' }, user_message: { equals: 'hello' }, system_prompt: { equals: 'Be brief.' }, message_count: 2 },
      response: { tool_calls: [{ name: 'a', arguments: { x: 1 } }, { name: 'b', arguments: '{"x":' }], stop_reason: 'tool_use', usage: { input_tokens: 1, output_tokens: 2, reasoning_tokens: 5 } },
      streaming: { ttft_ms: 345, tbt_ms: 0 },
    });
  });

  it('--record-exact: the frames verbatim with their offsets, and only headers worth keeping', () => {
    const r = build({ response: response({ answer: answer({ content: 'x', contentAt: [300] }) }) }, { exact: true });
    expect(r.ok && r.fixtures[0].raw).toEqual({
      stream: true,
      status: 200,
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'x-request-id': 'req_1' },
      chunks: [{ at_ms: 300, data: 'data: {"a":1}\n\n' }, { at_ms: 340, data: 'data: [DONE]\n\n' }],
    });
  });

  it('an upstream error: status, the provider\'s message and retry-after', () => {
    const r = build({ response: response({ status: 429, headers: { 'retry-after': '3', 'content-type': 'application/json' }, text: '{"type":"error","error":{"type":"rate_limit_error","message":"Too fast"}}' }) });
    expect(r.ok && r.fixtures[0]).toMatchObject({ error: { status: 429, message: 'Too fast', headers: { 'retry-after': '3' } } });
    expect(r.ok && r.fixtures[0].response).toBeUndefined();
  });

  it('a partial recording is a truncated stream; a stream that ended in an error is not saved', () => {
    const partial = build({ partialFrames: 4, response: response({ answer: answer({ content: 'half', contentAt: [10] }) }) });
    expect(partial.ok && partial.fixtures[0].failure).toEqual({ truncate_after_frames: 4 });
    expect(build({ response: response({ answer: answer({ streamError: 'overloaded' }) }) })).toEqual({ ok: false, reason: 'the upstream stream ended with an error (overloaded)' });
  });

  it('redaction masks saved text, and a masked match becomes an anchored regex that still matches', () => {
    const redactor = new Redactor([/\d{4}-\d{4}/g], ['sk-secret']);
    const r = build({ request: request({ userMessage: 'card 1234-5678 ok', messages: [{ role: 'user', text: 'card 1234-5678 ok' }] }), response: response({ answer: answer({ content: 'echo sk-secret 1234-5678', contentAt: [1] }) }) }, { redactor });
    const f = r.ok ? r.fixtures[0] : {};
    expect((f.match as Record<string, unknown>).user_message).toEqual({ regex: '^card [\\s\\S]*? ok$' });
    expect(new RegExp('^card [\\s\\S]*? ok$').test('card 1234-5678 ok')).toBe(true);
    expect((f.response as { content: string }).content).toBe('echo [REDACTED] [REDACTED]');
  });

  it('embeddings: one fixture per input with its vector', () => {
    const r = buildFixtures(
      { request: { op: 'embed', provider: 'openai', model: 'text-embedding-3-small', metadata: {}, headers: {}, body: {}, inputs: ['a', 'b'] }, stream: false, response: response({ answer: answer({ embeddings: [[1, 0], [0, 1]] }) }) },
      { redactor: new Redactor([]), exact: false },
    );
    expect(r.ok && r.fixtures.map((f) => [(f.match as { user_message: unknown }).user_message, (f.response as { embedding: unknown }).embedding])).toEqual([[{ equals: 'a' }, [1, 0]], [{ equals: 'b' }, [0, 1]]]);
  });
});

describe('errorMessage', () => {
  it.each([
    ['{"error":{"message":"OpenAI says no"}}', 'OpenAI says no'],
    ['[{"error":{"code":400,"message":"Gemini says no"}}]', 'Gemini says no'],
    ['plain text failure', 'plain text failure'],
    ['', 'upstream status 503'],
  ])('%s', (body, message) => expect(errorMessage(body, 503)).toBe(message));
});

describe('testIdFileName', () => {
  it.each([
    ['checkout', 'checkout.yaml'],
    ['checkout/happy path', 'checkout_happy_path.yaml'],
    ['../../etc/passwd', 'etc_passwd.yaml'],
    ['..', 'test.yaml'],
    ['.hidden', 'hidden.yaml'],
    ['a'.repeat(300), `${'a'.repeat(100)}.yaml`],
  ])('%s -> %s', (id, name) => expect(testIdFileName(id)).toBe(name));
});
