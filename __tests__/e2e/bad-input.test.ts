/** Bad requests get a clear OpenAI-shaped 4xx and the server keeps serving. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chat, postRaw, startWith, type Harness } from '../helpers/server.js';

let h: Harness;
let url: string;
beforeAll(async () => {
  h = await startWith({ 'f.yaml': 'fixtures:\n  - response: { content: "ok" }\n' }, { maxBodyBytes: 4096 });
  url = `${h.server.url}/v1/chat/completions`;
});
afterAll(() => h.close());

describe('bad input', () => {
  it.each([
    ['invalid JSON', '{"model": "gpt-4o", ', 400, /could not parse the JSON body/, null],
    ['a JSON array', '[1,2]', 400, /must be a JSON object/, null],
    ['missing model', { messages: [{ role: 'user', content: 'hi' }] }, 400, /model parameter/, 'model'],
    ['missing messages', { model: 'gpt-4o' }, 400, /Missing required parameter: 'messages'/, 'messages'],
    ['empty messages', { model: 'gpt-4o', messages: [] }, 400, /empty array\. Expected an array with minimum length 1/, 'messages'],
    ['stream_options without stream', { ...chat('hi'), stream_options: { include_usage: true } }, 400, /only allowed when 'stream' is enabled/, 'stream_options'],
    ['a message without role', { model: 'gpt-4o', messages: [{ content: 'hi' }] }, 400, /messages\[0\]/, 'messages[0]'],
    ['non-boolean stream', { ...chat('hi'), stream: 'yes' }, 400, /'stream': expected a boolean/, 'stream'],
    ['non-number temperature', { ...chat('hi'), temperature: 'hot' }, 400, /'temperature'/, 'temperature'],
    ['blank latest user message', chat('   '), 400, /latest user message is empty/, 'messages'],
  ])('%s -> %i', async (_name, body, status, message, param) => {
    const res = await postRaw(url, body as never);
    expect(res.status).toBe(status);
    const err = JSON.parse(res.text).error;
    expect(err.message).toMatch(message as RegExp);
    expect(err.type).toBe('invalid_request_error');
    expect(err.param).toBe(param);
  });

  it('rejects an oversized body with 413', async () => {
    const res = await postRaw(url, chat('x'.repeat(10_000)));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text).error.code).toBe('request_too_large');
  });

  it('rejects a malformed x-llmposter-seed header', async () => {
    const res = await postRaw(url, chat('hi'), { 'x-llmposter-seed': 'abc' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error.message).toMatch(/x-llmposter-seed/);
  });

  it('answers unknown paths with an OpenAI-shaped 404', async () => {
    const res = await fetch(`${h.server.url}/v1/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('not_found_error');
  });

  it('still serves after all of the above, and every response has an x-request-id', async () => {
    const res = await postRaw(url, chat('hi'));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{24}$/);
    const health = await fetch(`${h.server.url}/health`);
    expect(health.headers.get('x-request-id')).toMatch(/^req_/);
  });
});
