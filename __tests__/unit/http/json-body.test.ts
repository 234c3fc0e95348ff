import { describe, expect, it } from '@jest/globals';
import { parseJsonBody } from '../../../src/http/json-body.js';

const body = (text: string) => ({ ok: true as const, body: Buffer.from(text) });

describe('parseJsonBody', () => {
  it('parses a body', () => {
    expect(parseJsonBody(body('{"a":[1,2]}'), 100)).toEqual({ ok: true, json: { a: [1, 2] }, text: '{"a":[1,2]}' });
  });

  it('an oversized body is a 413 that closes the connection, naming the cap', () => {
    expect(parseJsonBody({ ok: false, reason: 'too_large' }, 100)).toEqual({
      ok: false,
      aborted: false,
      status: 413,
      message: 'Request body is larger than the 100-byte limit (--max-body-bytes).',
      closeConnection: true,
    });
  });

  it('an aborted body has nothing to answer', () => {
    expect(parseJsonBody({ ok: false, reason: 'aborted' }, 100)).toEqual({ ok: false, aborted: true });
  });

  it('bad JSON and too-deep JSON are 400s that keep the connection', () => {
    const bad = parseJsonBody(body('{"a":'), 100);
    expect(bad).toMatchObject({ ok: false, status: 400, closeConnection: false });
    expect(!bad.ok && !bad.aborted && bad.message).toMatch(/^We could not parse the JSON body of your request: /);
    const deep = parseJsonBody(body('['.repeat(200) + ']'.repeat(200)), 10_000);
    expect(deep).toMatchObject({ ok: false, status: 400, closeConnection: false });
    expect(!deep.ok && !deep.aborted && deep.message).toBe("The request body nests objects/arrays more than 128 levels deep; llmposter accepts at most 128.");
  });
});
