/** Google's error shape and status names, Gemini's finish words and usageMetadata. */
import { describe, expect, it } from '@jest/globals';
import { encodeGeminiError, geminiStreamError, googleStatus } from '../../../../src/providers/gemini/errors.js';
import { geminiFinishReason } from '../../../../src/providers/gemini/finish-reason.js';
import { geminiPromptUsage, geminiUsage } from '../../../../src/providers/gemini/usage.js';

describe('Gemini errors', () => {
  it.each([
    [400, 'INVALID_ARGUMENT'],
    [401, 'UNAUTHENTICATED'],
    [403, 'PERMISSION_DENIED'],
    [404, 'NOT_FOUND'],
    [409, 'ABORTED'],
    [429, 'RESOURCE_EXHAUSTED'],
    [500, 'INTERNAL'],
    [501, 'NOT_IMPLEMENTED'],
    [502, 'UNAVAILABLE'],
    [503, 'UNAVAILABLE'],
    [504, 'DEADLINE_EXCEEDED'],
    [529, 'UNAVAILABLE'],
    [418, 'FAILED_PRECONDITION'],
    [599, 'UNKNOWN'],
  ])('%i -> %s', (status, name) => {
    expect(googleStatus(status)).toBe(name);
    const e = encodeGeminiError({ status, message: 'm' });
    expect(e.status).toBe(status);
    expect(JSON.parse(e.body)).toEqual({ error: { code: status, message: 'm', status: name } });
    expect(e.headers['content-type']).toMatch(/^application\/json/);
  });

  it('a 429 carries retry-after; fixture headers win, names compared case-insensitively', () => {
    expect(encodeGeminiError({ status: 429, message: 'slow down' }).headers['retry-after']).toBe('1');
    expect(encodeGeminiError({ status: 429, message: 'x', headers: { 'Retry-After': '7', 'x-extra': 'y' } }).headers).toMatchObject({ 'retry-after': '7', 'x-extra': 'y' });
    expect(encodeGeminiError({ status: 500, message: 'x' }).headers['retry-after']).toBeUndefined();
  });

  it('diagnostics land inside the error object', () => {
    expect(JSON.parse(encodeGeminiError({ status: 404, message: 'no' }, { nearest: { fixture: 'f#0' } }).body)).toEqual({
      error: { code: 404, message: 'no', status: 'NOT_FOUND', nearest: { fixture: 'f#0' } },
    });
  });

  it('a mid-stream error is the error object on its own', () => {
    expect(geminiStreamError({ status: 429, message: 'Quota' })).toEqual({ data: '{"error":{"code":429,"message":"Quota","status":"RESOURCE_EXHAUSTED"}}' });
  });
});

describe('geminiFinishReason', () => {
  it.each([
    [{ reason: 'stop' }, 'STOP'],
    [{ reason: 'stop_sequence' }, 'STOP'],
    [{ reason: 'tool_calls' }, 'STOP'],
    [{ reason: 'length', written: { openai: 'length' } }, 'MAX_TOKENS'],
    [{ reason: 'length', written: { anthropic: 'max_tokens' } }, 'MAX_TOKENS'],
    [{ reason: 'content_filter' }, 'SAFETY'],
    [{ reason: 'refusal' }, 'SAFETY'],
    [{ reason: 'other', written: { openai: 'RECITATION' } }, 'RECITATION'],
    [{ reason: 'other', written: { anthropic: 'pause_turn' } }, 'pause_turn'],
    [{ reason: 'other' }, 'OTHER'],
  ] as const)('%j -> %s', (finish, word) => {
    expect(geminiFinishReason(finish)).toBe(word);
  });
});

describe('usageMetadata', () => {
  it('thoughts apart from candidates, the total the sum, zero counts left out', () => {
    expect(JSON.parse(geminiUsage({ inputTokens: 10, outputTokens: 12 }, 5))).toEqual({
      promptTokenCount: 10,
      candidatesTokenCount: 7,
      totalTokenCount: 22,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 10 }],
      thoughtsTokenCount: 5,
    });
    expect(JSON.parse(geminiUsage({ inputTokens: 3, outputTokens: 0 }, 0))).toEqual({ promptTokenCount: 3, totalTokenCount: 3, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 3 }] });
    expect(JSON.parse(geminiPromptUsage(8))).toEqual({ promptTokenCount: 8, totalTokenCount: 8, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 8 }] });
  });
});
