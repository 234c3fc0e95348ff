/** Where a proxied request goes, and which headers cross the proxy. */
import { describe, expect, it } from '@jest/globals';
import { upstreamRequestHeaders, clientResponseHeaders, secretHeaderValues } from '../../../src/proxy/forward-headers.js';
import { upstreamTarget } from '../../../src/proxy/upstream-target.js';
import { checkUpstreamUrl, resolveUpstreams } from '../../../src/proxy/upstreams.js';

const defaults = resolveUpstreams();

describe('upstreamTarget', () => {
  it.each([
    ['openai', '/v1/chat/completions', '', 'https://api.openai.com/v1/chat/completions'],
    ['responses', '/v1/responses', '', 'https://api.openai.com/v1/responses'],
    ['anthropic', '/anthropic/v1/messages', '', 'https://api.anthropic.com/v1/messages'],
    ['anthropic', '/v1/messages', '', 'https://api.anthropic.com/v1/messages'],
    ['gemini', '/v1beta/models/gemini-2.0-flash:streamGenerateContent', 'alt=sse', 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse'],
    // LLMSim's /openai/v1 drop-in goes to OpenAI while no Azure upstream is set.
    ['azure', '/openai/v1/chat/completions', '', 'https://api.openai.com/v1/chat/completions'],
  ] as const)('%s %s -> %s', (provider, path, search, url) => {
    const r = upstreamTarget(provider, path, search, defaults);
    expect(r.ok && r.target.url.href).toBe(url);
  });

  it('Azure: its own upstream (with a base path kept), and a clear 502 message without one', () => {
    const up = resolveUpstreams({ azure: 'https://res.openai.azure.com/base/' });
    const r = upstreamTarget('azure', '/openai/deployments/d1/chat/completions', 'api-version=2024-10-21', up);
    expect(r.ok && r.target.url.href).toBe('https://res.openai.azure.com/base/openai/deployments/d1/chat/completions?api-version=2024-10-21');
    const v1 = upstreamTarget('azure', '/openai/v1/responses', '', up);
    expect(v1.ok && v1.target.url.href).toBe('https://res.openai.azure.com/base/openai/v1/responses');
    expect(upstreamTarget('azure', '/openai/deployments/d1/chat/completions', '', defaults)).toEqual({ ok: false, message: expect.stringMatching(/--upstream azure=/) });
  });

  it('refuses URLs that are not http(s), and never echoes credentials', () => {
    expect(() => checkUpstreamUrl('ftp://x', 'u')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => checkUpstreamUrl('https://h/x?y=1', 'u')).toThrow(/query/);
    expect(() => checkUpstreamUrl('not a url user:pw@', 'u')).toThrow(/is not a URL/);
    let message = '';
    try {
      checkUpstreamUrl('//user:secretpw@', 'u');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/is not a URL: "\/\/\*\*\*@"/);
  });
});

describe('headers', () => {
  const incoming = { host: 'localhost:2112', connection: 'keep-alive, x-hop', 'x-hop': '1', 'keep-alive': 'timeout=5', 'accept-encoding': 'gzip', 'content-length': '9', authorization: 'Bearer sk-client', 'x-api-key': 'k2', 'x-llmposter-test-id': 't', 'openai-beta': 'assistants=v2', 'content-type': 'application/json' };

  it('forwards the client\'s headers and auth, minus hop-by-hop, host and ours', () => {
    expect(upstreamRequestHeaders(incoming, 'openai', undefined, 42)).toEqual({ authorization: 'Bearer sk-client', 'x-api-key': 'k2', 'openai-beta': 'assistants=v2', 'content-type': 'application/json', 'accept-encoding': 'identity', 'content-length': '42' });
  });

  it.each([
    ['openai', { authorization: 'Bearer sk-env' }],
    ['azure', { 'api-key': 'sk-env' }],
    ['anthropic', { 'x-api-key': 'sk-env' }],
    ['gemini', { 'x-goog-api-key': 'sk-env' }],
  ] as const)('an injected key replaces every client credential (%s)', (name, auth) => {
    const h = upstreamRequestHeaders(incoming, name, 'sk-env', 1);
    expect(h).toMatchObject(auth);
    expect(JSON.stringify(h)).not.toContain('sk-client');
    expect(JSON.stringify(h)).not.toContain('k2');
  });

  it('passes response headers back without hop-by-hop ones; names the request\'s secrets', () => {
    expect(clientResponseHeaders({ 'content-type': 'text/event-stream', 'transfer-encoding': 'chunked', connection: 'close', 'x-request-id': 'r' })).toEqual({ 'content-type': 'text/event-stream', 'x-request-id': 'r' });
    expect(secretHeaderValues({ authorization: 'Bearer sk-abcdef', cookie: 'sid=1234', 'x-goog-api-key': 'AIzaXYZ' }).sort()).toEqual(['AIzaXYZ', 'Bearer sk-abcdef', 'sid=1234', 'sk-abcdef']);
  });
});
