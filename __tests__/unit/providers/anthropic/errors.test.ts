import { describe, expect, it } from '@jest/globals';
import { anthropicErrorType, anthropicStreamError, encodeAnthropicError } from '../../../../src/providers/anthropic/errors.js';

describe('Anthropic errors', () => {
  it.each([
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [402, 'billing_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
    [413, 'request_too_large'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [502, 'api_error'],
    [503, 'api_error'],
    [504, 'timeout_error'],
    [529, 'overloaded_error'],
    [418, 'invalid_request_error'],
    [599, 'api_error'],
  ])('%i -> %s', (status, type) => {
    expect(anthropicErrorType(status)).toBe(type);
    const e = encodeAnthropicError({ status, message: 'm' });
    expect(e.status).toBe(status);
    expect(JSON.parse(e.body)).toEqual({ type: 'error', error: { type, message: 'm' } });
    expect(e.headers['content-type']).toBe('application/json');
  });

  it('a 429 carries retry-after and the anthropic-ratelimit-* family, not OpenAI\'s headers', () => {
    const { headers } = encodeAnthropicError({ status: 429, message: 'slow' });
    expect(headers['retry-after']).toBe('1');
    expect(headers['anthropic-ratelimit-requests-remaining']).toBe('0');
    expect(headers['anthropic-ratelimit-tokens-remaining']).toBe('0');
    expect(Object.keys(headers).filter((k) => k.startsWith('x-ratelimit'))).toEqual([]);
    expect(encodeAnthropicError({ status: 500, message: 'x' }).headers['retry-after']).toBeUndefined();
  });

  it('fixture headers win, names compared case-insensitively', () => {
    const { headers } = encodeAnthropicError({ status: 429, message: 'slow', headers: { 'Retry-After': '9', 'X-Extra': 'y' } });
    expect(headers['retry-after']).toBe('9');
    expect(headers['x-extra']).toBe('y');
  });

  it('diagnostics land inside the error object', () => {
    const e = encodeAnthropicError({ status: 404, message: 'No fixture matched' }, { nearest: null });
    expect(JSON.parse(e.body)).toEqual({ type: 'error', error: { type: 'not_found_error', message: 'No fixture matched', nearest: null } });
  });

  it('the stream error is an `error` event with the same body', () => {
    expect(anthropicStreamError({ status: 529, message: 'Overloaded' })).toEqual({ event: 'error', data: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' });
  });
});
