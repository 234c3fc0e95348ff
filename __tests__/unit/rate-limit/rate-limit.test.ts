import { describe, expect, it } from '@jest/globals';
import { fullBucket, msUntil, msUntilFull, refill } from '../../../src/rate-limit/bucket.js';
import { goDuration } from '../../../src/rate-limit/duration.js';
import { rfc3339 } from '../../../src/rate-limit/headers.js';
import { RateLimitConfigError, validateRateLimits } from '../../../src/rate-limit/config.js';
import { rateLimitsFromOptions } from '../../../src/cli/rate-limit-options.js';
import { RateLimiter } from '../../../src/rate-limit/limiter.js';
import { apiKeyId, NO_KEY } from '../../../src/rate-limit/api-key.js';
import { createFakeClock } from '../../../src/time/fake-clock.js';
import type { ChatRequest } from '../../../src/canonical/request.js';

describe('goDuration (OpenAI reset headers)', () => {
  it.each([
    [0, '0s'],
    [6, '6ms'],
    [0.2, '1ms'],
    [644, '644ms'],
    [1200, '1.2s'],
    [18642, '18.642s'],
    [60000, '1m0s'],
    [86400, '1m26.4s'],
  ])('%p ms -> %p', (ms, text) => expect(goDuration(ms)).toBe(text));
});

describe('bucket', () => {
  it('refills continuously at capacity per minute, never above capacity', () => {
    const b = fullBucket(60, 0);
    b.level = 0;
    expect(msUntil(b, 1)).toBe(1000);
    refill(b, 500);
    expect(b.level).toBeCloseTo(0.5);
    expect(msUntilFull(b)).toBeCloseTo(59_500);
    refill(b, 10 * 60_000);
    expect(b.level).toBe(60);
    expect(msUntil(b, 61)).toBe(Infinity);
  });
});

it('rfc3339 is whole seconds in UTC', () => {
  expect(rfc3339(1_700_000_000)).toBe('2023-11-14T22:13:20Z');
});

describe('config', () => {
  it('accepts default, models and max_keys', () => {
    expect(validateRateLimits({ default: { rpm: 3 }, models: { 'gpt-4o': { tpm: 10 } }, max_keys: 5 })).toEqual({ default: { rpm: 3 }, models: { 'gpt-4o': { tpm: 10 } }, maxKeys: 5 });
  });
  it.each([
    [[], /expected a map/],
    [{ defaults: {} }, /unknown key 'defaults'/],
    [{ default: { rpm: -1 } }, /default\.rpm must be a whole number/],
    [{ default: { tpm: 1.5 } }, /default\.tpm must be a whole number/],
    [{ default: 3 }, /default must be a map/],
    [{ models: [] }, /models must be a map/],
    [{ models: { x: { rpm: '3' } } }, /models\.x\.rpm must be a whole number/],
  ])('rejects %j', (raw, message) => {
    expect(() => validateRateLimits(raw)).toThrow(RateLimitConfigError);
    expect(() => validateRateLimits(raw)).toThrow(message);
  });
  it('--rpm/--tpm win over the file default; nothing given = no limits', () => {
    expect(rateLimitsFromOptions({})).toBeUndefined();
    expect(rateLimitsFromOptions({ rpm: 5 })).toEqual({ default: { rpm: 5 } });
  });
});

describe('apiKeyId', () => {
  it('hashes the key (never keeps it) and treats the three headers alike', () => {
    const id = apiKeyId({ authorization: 'Bearer sk-secret' });
    expect(id).not.toContain('secret');
    expect(apiKeyId({ 'x-api-key': 'sk-secret' })).toBe(id);
    expect(apiKeyId({ 'api-key': 'sk-secret' })).toBe(id);
    expect(apiKeyId({ 'x-api-key': 'sk-other' })).not.toBe(id);
    expect(apiKeyId({})).toBe(NO_KEY);
  });
});

describe('RateLimiter', () => {
  const req = (model = 'gpt-4o'): ChatRequest => ({ op: 'chat', provider: 'openai', model, metadata: {}, headers: {}, body: {}, messages: [{ role: 'user', text: 'hi' }], userMessage: 'hi', systemPrompt: '', toolNames: [], stream: false });

  it('tracks at most maxKeys keys, dropping the least recently used', () => {
    const clock = createFakeClock();
    const limiter = new RateLimiter({ default: { rpm: 1 }, maxKeys: 2 }, clock);
    const check = (key: string) => limiter.check(req(), { authorization: `Bearer ${key}` }, {});
    expect(check('a')).toBeUndefined();
    expect(check('b')).toBeUndefined();
    expect(check('a')?.status).toBe(429); // a is now the most recent
    expect(check('c')).toBeUndefined(); // b is dropped
    expect(limiter.size).toBe(2);
    expect(check('a')?.status).toBe(429); // a kept its spent bucket
    expect(check('b')).toBeUndefined(); // b starts afresh
  });

  it('a model without limits of its own and no default costs nothing and adds no headers', () => {
    const limiter = new RateLimiter({ models: { 'gpt-4o-mini': { rpm: 1 } } }, createFakeClock());
    const headers: Record<string, string> = {};
    for (let i = 0; i < 3; i++) expect(limiter.check(req('gpt-4o'), {}, headers)).toBeUndefined();
    expect(headers).toEqual({});
    expect(limiter.size).toBe(0);
  });
});

describe('schemas/rate-limits.schema.json agrees with the validator', () => {
  it('accepts and rejects the same files', async () => {
    const { readFileSync } = await import('node:fs');
    const AjvModule = (await import('ajv')).default as unknown as { default: new (o: object) => { compile(s: object): (d: unknown) => boolean } };
    const schema = JSON.parse(readFileSync(new URL('../../../schemas/rate-limits.schema.json', import.meta.url), 'utf8'));
    const check = new AjvModule.default({ strict: true }).compile(schema);
    const cases: unknown[] = [
      { default: { rpm: 3, tpm: 100 } },
      { models: { 'gpt-4o': { rpm: 1 } }, max_keys: 10 },
      {},
      { default: { rpm: 0 } },
      { default: { rpm: 1.5 } },
      { default: { rps: 1 } },
      { models: { x: { tpm: 'a' } } },
      { limits: {} },
    ];
    for (const c of cases) {
      let ours = true;
      try {
        validateRateLimits(c);
      } catch {
        ours = false;
      }
      expect([c, check(c)]).toEqual([c, ours]);
    }
  });
});
