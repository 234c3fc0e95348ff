import { describe, expect, it } from '@jest/globals';
import { baseUrlHint } from '../../../src/server/base-url-hint.js';
import { RouteTable } from '../../../src/server/route-table.js';

const routes = new RouteTable()
  .add('POST', '/v1/chat/completions', () => {})
  .add('GET', '/v1/models', () => {})
  .add('POST', '/v1/messages', () => {})
  .add('POST', '/v1beta/models/{model}:generateContent', () => {});

describe('baseUrlHint', () => {
  it('a known LLM path without /v1 gets a 404 saying the base URL lacks /v1', () => {
    const e = baseUrlHint(routes, 'POST', '/chat/completions', '127.0.0.1:2112');
    expect(e?.status).toBe(404);
    expect(e?.message).toMatch(/POST \/v1\/chat\/completions.*base URL probably lacks \/v1: set it to http:\/\/127\.0\.0\.1:2112\/v1/);
    expect(baseUrlHint(routes, 'GET', '/models', 'localhost:9')?.message).toMatch(/lacks \/v1/);
  });

  it('a doubled /v1 says so, with the base URL each SDK wants', () => {
    expect(baseUrlHint(routes, 'POST', '/v1/v1/chat/completions', 'h:1')?.message).toMatch(/extra \/v1: use POST \/v1\/chat\/completions; an SDK's base URL for it is http:\/\/h:1\/v1\./);
    // The Anthropic and Gemini SDKs add their own version segment: their base URL is the server.
    expect(baseUrlHint(routes, 'POST', '/v1/v1/messages', 'h:1')?.message).toMatch(/use POST \/v1\/messages; an SDK's base URL for it is http:\/\/h:1\.$/);
    expect(baseUrlHint(routes, 'POST', '/v1/v1beta/models/gemini-2.5-flash:generateContent', 'h:1')?.message).toMatch(/extra \/v1: .*base URL for it is http:\/\/h:1\.$/);
  });

  it('anything else is no hint', () => {
    expect(baseUrlHint(routes, 'GET', '/chat/completions', 'h:1')).toBeUndefined();
    expect(baseUrlHint(routes, 'POST', '/nope', 'h:1')).toBeUndefined();
    expect(baseUrlHint(routes, 'POST', '/v1/chat/completions', 'h:1')).toBeUndefined();
  });
});
