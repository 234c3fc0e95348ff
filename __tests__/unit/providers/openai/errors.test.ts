/**
 * OpenAI's error shape: the body, the status -> type/code table, headers (429 defaults, overrides),
 * diagnostics inside the error object, the mid-stream error frame, and what the SDK makes of them.
 */
import { describe, expect, it } from '@jest/globals';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import { mergeHeaders } from '../../../../src/providers/error-response.js';
import { encodeOpenAiError, openAiErrorType, openAiStreamError } from '../../../../src/providers/openai/errors.js';
import { openAiChatCodec } from '../../../../src/providers/openai-chat/codec.js';
import { openAiCompletionsCodec } from '../../../../src/providers/openai-completions/codec.js';
import { sdkStreamUntilError } from '../../../helpers/openai-sdk.js';
import { streamWireText } from '../../../helpers/wire.js';

const RATE_LIMIT_DEFAULTS = {
  'retry-after': '1',
  'x-ratelimit-limit-requests': '60',
  'x-ratelimit-remaining-requests': '0',
  'x-ratelimit-reset-requests': '1s',
  'x-ratelimit-limit-tokens': '150000',
  'x-ratelimit-remaining-tokens': '0',
  'x-ratelimit-reset-tokens': '1s',
};

describe('openAiErrorType', () => {
  it.each([
    [400, 'invalid_request_error', 'invalid_request'],
    [401, 'authentication_error', 'invalid_api_key'],
    [403, 'permission_error', 'permission_denied'],
    [404, 'not_found_error', 'not_found'],
    [413, 'invalid_request_error', 'request_too_large'],
    [429, 'rate_limit_error', 'rate_limit_exceeded'],
    [500, 'server_error', 'server_error'],
    [502, 'server_error', 'bad_gateway'],
    [503, 'server_error', 'service_unavailable'],
    [529, 'server_error', 'overloaded'],
  ])('%i -> %s / %s', (status, type, code) => {
    expect(openAiErrorType(status)).toEqual({ type, code });
  });

  it.each([
    [408, 'invalid_request_error'],
    [418, 'invalid_request_error'],
    [422, 'invalid_request_error'],
    [499, 'invalid_request_error'],
    [501, 'server_error'],
    [504, 'server_error'],
    [599, 'server_error'],
  ])('%i (not in the table) takes its class type and no code', (status, type) => {
    expect(openAiErrorType(status)).toEqual({ type, code: null });
  });
});

describe('encodeOpenAiError', () => {
  it('the body is {"error":{message,type,param,code}} with a JSON content type', () => {
    expect(encodeOpenAiError({ status: 400, message: "Invalid 'messages'.", param: 'messages' })).toEqual({
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: '{"error":{"message":"Invalid \'messages\'.","type":"invalid_request_error","param":"messages","code":"invalid_request"}}',
    });
  });

  it('a missing param is null, not absent', () => {
    expect(JSON.parse(encodeOpenAiError({ status: 503, message: 'down' }).body)).toEqual({
      error: { message: 'down', type: 'server_error', param: null, code: 'service_unavailable' },
    });
    expect(JSON.parse(encodeOpenAiError({ status: 418, message: 'teapot', param: null }).body).error).toEqual({
      message: 'teapot',
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
  });

  it('a 429 carries retry-after and the x-ratelimit-* headers', () => {
    const e = encodeOpenAiError({ status: 429, message: 'Rate limit exceeded' });
    expect(e.status).toBe(429);
    expect(e.headers).toEqual({ 'content-type': 'application/json', ...RATE_LIMIT_DEFAULTS });
  });

  it("the error's own headers win over the defaults, names compared case-insensitively", () => {
    const e = encodeOpenAiError({ status: 429, message: 'slow down', headers: { 'Retry-After': '7', 'X-RateLimit-Remaining-Tokens': '12', 'X-Extra': 'v' } });
    expect(e.headers).toEqual({
      'content-type': 'application/json',
      ...RATE_LIMIT_DEFAULTS,
      'retry-after': '7',
      'x-ratelimit-remaining-tokens': '12',
      'x-extra': 'v',
    });
  });

  it('statuses other than 429 get no rate-limit headers, only the ones they bring', () => {
    expect(encodeOpenAiError({ status: 503, message: 'down', headers: { 'Retry-After': '30' } }).headers).toEqual({
      'content-type': 'application/json',
      'retry-after': '30',
    });
    expect(encodeOpenAiError({ status: 500, message: 'x' }).headers).toEqual({ 'content-type': 'application/json' });
  });

  it('diagnostics land inside the error object, after the standard fields', () => {
    const diag = { nearest: { fixture: 'greeting', name: null, location: 'fixtures/a.yaml:3', fields: { user_message: false } } };
    const body = encodeOpenAiError({ status: 404, message: "No fixture matched for model='gpt-4o' (3 fixtures checked)" }, diag).body;
    expect(body).toBe(
      '{"error":{"message":"No fixture matched for model=\'gpt-4o\' (3 fixtures checked)","type":"not_found_error","param":null,"code":"not_found",' +
        '"nearest":{"fixture":"greeting","name":null,"location":"fixtures/a.yaml:3","fields":{"user_message":false}}}}',
    );
    expect(Object.keys(JSON.parse(body))).toEqual(['error']);
  });

  it('a diagnostic may replace a standard field (the control plane sends its own code)', () => {
    expect(JSON.parse(encodeOpenAiError({ status: 400, message: 'bad fixtures' }, { code: 'invalid_fixtures' }).body).error).toEqual({
      message: 'bad fixtures',
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_fixtures',
    });
  });

  it('both OpenAI codecs encode errors with it', () => {
    expect(openAiChatCodec.encodeError).toBe(encodeOpenAiError);
    expect(openAiCompletionsCodec.encodeError).toBe(encodeOpenAiError);
  });

  it.each([
    [400, BadRequestError, 'invalid_request_error', 'invalid_request'],
    [401, AuthenticationError, 'authentication_error', 'invalid_api_key'],
    [403, PermissionDeniedError, 'permission_error', 'permission_denied'],
    [404, NotFoundError, 'not_found_error', 'not_found'],
    [429, RateLimitError, 'rate_limit_error', 'rate_limit_exceeded'],
    [500, InternalServerError, 'server_error', 'server_error'],
    [529, InternalServerError, 'server_error', 'overloaded'],
  ] as const)('the SDK turns a %i into its error class with our fields', (status, cls, type, code) => {
    const e = encodeOpenAiError({ status, message: `failure ${status}`, param: 'model' }, { hint: 'h' });
    const err = APIError.generate(e.status, JSON.parse(e.body), undefined, new Headers(e.headers));
    expect(err).toBeInstanceOf(cls);
    expect(err.message).toBe(`${status} failure ${status}`);
    expect([err.status, err.type, err.code, err.param]).toEqual([status, type, code, 'model']);
    expect((err.error as Record<string, unknown>).hint).toBe('h');
  });

  it('the SDK sees the 429 retry-after header', () => {
    const e = encodeOpenAiError({ status: 429, message: 'slow', headers: { 'retry-after': '3' } });
    const err = APIError.generate(e.status, JSON.parse(e.body), undefined, new Headers(e.headers));
    expect(err.headers?.get('retry-after')).toBe('3');
    expect(err.headers?.get('x-ratelimit-remaining-requests')).toBe('0');
  });
});

describe('mergeHeaders', () => {
  it('lower-cases every name and lets the override win', () => {
    expect(mergeHeaders({ 'Content-Type': 'a', 'X-A': '1' }, { 'content-type': 'b', 'X-B': '2' })).toEqual({ 'content-type': 'b', 'x-a': '1', 'x-b': '2' });
    expect(mergeHeaders({ A: '1' }, undefined)).toEqual({ a: '1' });
  });
});

describe('openAiStreamError (the mid-stream error event)', () => {
  it('is one data: frame holding the same error object as the HTTP body, without diagnostics or headers', () => {
    const err = { status: 429, message: 'Rate limit reached', param: null, headers: { 'retry-after': '9' } };
    const text = streamWireText([openAiStreamError(err)], 'sse');
    expect(text).toBe('data: {"error":{"message":"Rate limit reached","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}}\n\n');
    expect(text.slice('data: '.length, -2)).toBe(encodeOpenAiError(err).body);
  });

  it('a message with a line break stays on one data: line', () => {
    expect(streamWireText([openAiStreamError({ status: 500, message: 'line one\nline two' })], 'sse')).toBe(
      'data: {"error":{"message":"line one\\nline two","type":"server_error","param":null,"code":"server_error"}}\n\n',
    );
  });

  it('the SDK raises it as an APIError with no HTTP status', async () => {
    const { items, error } = await sdkStreamUntilError<unknown>(streamWireText([openAiStreamError({ status: 503, message: 'Service Unavailable' })], 'sse'));
    expect(items).toEqual([]);
    expect(error).toBeInstanceOf(APIError);
    const e = error as InstanceType<typeof APIError>;
    expect([e.status, e.message, e.type, e.code]).toEqual([undefined, 'Service Unavailable', 'server_error', 'service_unavailable']);
  });

  it('both OpenAI codecs send it for mid-stream errors', () => {
    const err = { status: 502, message: 'Bad gateway' };
    const meta = { id: 'x', created: 0, model: 'm' };
    const expected = 'data: {"error":{"message":"Bad gateway","type":"server_error","param":null,"code":"bad_gateway"}}\n\n';
    const decoded = { request: {} as never, wire: { includeUsage: true, serviceTier: 'default', n: 1 } };
    expect(streamWireText(openAiChatCodec.encodeStreamError(err, meta, decoded), 'sse')).toBe(expected);
    expect(streamWireText(openAiCompletionsCodec.encodeStreamError(err, meta, decoded), 'sse')).toBe(expected);
  });
});
