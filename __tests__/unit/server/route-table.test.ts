/** The data plane's router: exact paths first, then `{param}` patterns, undefined otherwise. */
import { describe, expect, it } from '@jest/globals';
import { RouteTable, type RouteHandler } from '../../../src/server/route-table.js';

/** Distinct handlers we can compare by identity. */
const handler = (): RouteHandler => () => undefined;

describe('RouteTable', () => {
  const chat = handler();
  const models = handler();
  const gemini = handler();
  const geminiStream = handler();
  const azure = handler();
  const table = new RouteTable()
    .add('POST', '/v1/chat/completions', chat)
    .add('GET', '/v1/models', models)
    .add('POST', '/v1beta/models/{model}:generateContent', gemini)
    .add('POST', '/v1beta/models/{model}:streamGenerateContent', geminiStream)
    .add('POST', '/openai/deployments/{deployment}/chat/completions', azure);

  it('finds an exact route by method and path, with no params', () => {
    expect(table.find('POST', '/v1/chat/completions')).toEqual({ handler: chat, params: {} });
    expect(table.find('GET', '/v1/models')?.handler).toBe(models);
  });

  it('the same path under another method is not found (no 405: the caller falls through to the control plane)', () => {
    expect(table.find('GET', '/v1/chat/completions')).toBeUndefined();
    expect(table.find('POST', '/v1/models')).toBeUndefined();
    expect(table.find('post', '/v1/chat/completions')).toBeUndefined();
    expect(table.find('GET', '/v1beta/models/gemini-pro:generateContent')).toBeUndefined();
  });

  it('an unknown path, or no method at all, is not found', () => {
    expect(table.find('POST', '/v1/chat/completion')).toBeUndefined();
    expect(table.find('POST', '/v1/chat/completions/')).toBeUndefined();
    expect(table.find('POST', '/')).toBeUndefined();
    expect(table.find(undefined, '/v1/chat/completions')).toBeUndefined();
    expect(table.find(undefined, '/v1beta/models/m:generateContent')).toBeUndefined();
  });

  it('the table matches paths only: a query string is the caller\'s to split off', () => {
    expect(table.find('GET', '/v1/models?limit=1')).toBeUndefined();
  });

  it('extracts a parameter followed by literal text in the same segment', () => {
    expect(table.find('POST', '/v1beta/models/gemini-1.5-pro:generateContent')).toEqual({ handler: gemini, params: { model: 'gemini-1.5-pro' } });
    expect(table.find('POST', '/v1beta/models/gemini-1.5-pro:streamGenerateContent')).toEqual({ handler: geminiStream, params: { model: 'gemini-1.5-pro' } });
  });

  it('a parameter may itself hold the suffix separator', () => {
    expect(table.find('POST', '/v1beta/models/tuned:v2:generateContent')?.params).toEqual({ model: 'tuned:v2' });
  });

  it('a parameter is one non-empty path segment', () => {
    expect(table.find('POST', '/v1beta/models/:generateContent')).toBeUndefined();
    expect(table.find('POST', '/v1beta/models/a/b:generateContent')).toBeUndefined();
    expect(table.find('POST', '/openai/deployments//chat/completions')).toBeUndefined();
    expect(table.find('POST', '/openai/deployments/a/b/chat/completions')).toBeUndefined();
  });

  it('extracts a parameter in the middle of the path', () => {
    expect(table.find('POST', '/openai/deployments/my-gpt4/chat/completions')).toEqual({ handler: azure, params: { deployment: 'my-gpt4' } });
  });

  it('patterns are anchored at both ends', () => {
    expect(table.find('POST', '/x/v1beta/models/m:generateContent')).toBeUndefined();
    expect(table.find('POST', '/v1beta/models/m:generateContentX')).toBeUndefined();
    expect(table.find('POST', '/openai/deployments/d/chat/completions/extra')).toBeUndefined();
  });

  it('percent-decodes parameters, and keeps a malformed escape as sent', () => {
    expect(table.find('POST', '/openai/deployments/my%20model/chat/completions')?.params).toEqual({ deployment: 'my model' });
    expect(table.find('POST', '/openai/deployments/a%2Fb/chat/completions')?.params).toEqual({ deployment: 'a/b' });
    expect(table.find('POST', '/openai/deployments/caf%C3%A9/chat/completions')?.params).toEqual({ deployment: 'café' });
    expect(table.find('POST', '/openai/deployments/bad%ZZ/chat/completions')?.params).toEqual({ deployment: 'bad%ZZ' });
    expect(table.find('POST', '/openai/deployments/%E0%A4%A/chat/completions')?.params).toEqual({ deployment: '%E0%A4%A' });
  });

  it('treats regex metacharacters in a pattern\'s literal text literally', () => {
    const h = handler();
    const t = new RouteTable().add('GET', '/a.b/{x}/c+d(e)', h);
    expect(t.find('GET', '/a.b/1/c+d(e)')).toEqual({ handler: h, params: { x: '1' } });
    expect(t.find('GET', '/aXb/1/c+d(e)')).toBeUndefined();
    expect(t.find('GET', '/a.b/1/ccd(e)')).toBeUndefined();
    expect(t.find('GET', '/a.b/1/c+de')).toBeUndefined();
  });

  it('extracts several parameters by name', () => {
    const h = handler();
    const t = new RouteTable().add('GET', '/v1/{org}/jobs/{job_id}', h);
    expect(t.find('GET', '/v1/acme/jobs/j-42')).toEqual({ handler: h, params: { org: 'acme', job_id: 'j-42' } });
  });

  it('an exact route wins over a pattern that also matches, whatever the order they were added in', () => {
    const exact = handler();
    const pattern = handler();
    const t = new RouteTable().add('POST', '/v1beta/models/{model}:generateContent', pattern).add('POST', '/v1beta/models/special:generateContent', exact);
    expect(t.find('POST', '/v1beta/models/special:generateContent')).toEqual({ handler: exact, params: {} });
    expect(t.find('POST', '/v1beta/models/other:generateContent')).toEqual({ handler: pattern, params: { model: 'other' } });
  });

  it('among patterns, the first added wins', () => {
    const first = handler();
    const second = handler();
    const t = new RouteTable().add('GET', '/m/{a}', first).add('GET', '/m/{b}', second);
    expect(t.find('GET', '/m/x')).toEqual({ handler: first, params: { a: 'x' } });
  });

  it('adding the same exact route again replaces its handler', () => {
    const old = handler();
    const fresh = handler();
    const t = new RouteTable().add('GET', '/x', old).add('GET', '/x', fresh);
    expect(t.find('GET', '/x')?.handler).toBe(fresh);
  });

  it('add returns the table, for chaining', () => {
    const t = new RouteTable();
    expect(t.add('GET', '/x', handler())).toBe(t);
  });

  it('an empty table finds nothing', () => {
    expect(new RouteTable().find('GET', '/')).toBeUndefined();
  });

  it('each match gets its own params object', () => {
    const a = table.find('POST', '/openai/deployments/a/chat/completions')!;
    const b = table.find('POST', '/openai/deployments/b/chat/completions')!;
    expect(a.params).toEqual({ deployment: 'a' });
    expect(b.params).toEqual({ deployment: 'b' });
  });
});
