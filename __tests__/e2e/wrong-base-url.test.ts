/**
 * The Anthropic and Gemini SDKs at a wrong base URL or an unknown path: the 404 comes in their
 * own error shape, so the SDK shows our hint instead of failing to read an OpenAI body.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Anthropic from '@anthropic-ai/sdk';
import { ApiError } from '@google/genai';
import { anthropicClient, ask } from '../helpers/anthropic-sdk.js';
import { geminiClient } from '../helpers/gemini-sdk.js';
import { postRaw, startWith, type Harness } from '../helpers/server.js';

let h: Harness;
beforeAll(async () => {
  h = await startWith({ 'f.yaml': 'fixtures:\n  - response: { content: "hi" }\n' });
});
afterAll(() => h.close());

describe('Anthropic SDK', () => {
  it('base URL ending in /v1: a NotFoundError whose message names the base URL to use', async () => {
    const err = await anthropicClient(`${h.server.url}/v1`)
      .messages.create(ask('hello'))
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(Anthropic.NotFoundError);
    const body = (err as InstanceType<typeof Anthropic.NotFoundError>).error as { type: string; error: { type: string; message: string } };
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('not_found_error');
    expect(body.error.message).toContain(`use POST /v1/messages; an SDK's base URL for it is ${h.server.url}.`);
  });

  it('an unknown path is a 404 in Anthropic shape', async () => {
    const res = await postRaw(`${h.server.url}/v1/messages/batches`, ask('hello'), { 'anthropic-version': '2023-06-01' });
    expect(res.status).toBe(404);
    expect(JSON.parse(res.text)).toEqual({ type: 'error', error: { type: 'not_found_error', message: 'Unknown endpoint: POST /v1/messages/batches' } });
  });
});

describe('Gemini SDK', () => {
  it('an unknown method is a 404 in Google shape, which the SDK raises with its status', async () => {
    const res = await postRaw(`${h.server.url}/v1beta/models/gemini-2.5-flash:predict`, {});
    expect(res.status).toBe(404);
    expect(JSON.parse(res.text)).toEqual({ error: { code: 404, message: 'Unknown endpoint: POST /v1beta/models/gemini-2.5-flash:predict', status: 'NOT_FOUND' } });
  });

  it('base URL ending in /v1: the SDK raises an ApiError carrying the hint', async () => {
    const err = await geminiClient(`${h.server.url}/v1`)
      .models.generateContent({ model: 'gemini-2.5-flash', contents: 'hello' })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(404);
    expect((err as ApiError).message).toContain(`an SDK's base URL for it is ${h.server.url}.`);
    expect((err as ApiError).message).toContain('NOT_FOUND');
  });
});

describe('OpenAI clients', () => {
  it('still get the OpenAI shape', async () => {
    const res = await postRaw(`${h.server.url}/v1/nope`, {});
    expect(JSON.parse(res.text).error).toMatchObject({ type: 'not_found_error', message: 'Unknown endpoint: POST /v1/nope' });
  });
});
