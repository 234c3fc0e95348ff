/** The Azure wrapper around the OpenAI codecs: api-version, deployment as model, provider azure. */
import { describe, expect, it } from '@jest/globals';
import type { ChatRequest, EmbedRequest } from '../../../../src/canonical/request.js';
import { azureCodec, missingApiVersion } from '../../../../src/providers/azure/codec.js';
import { azureRoutes } from '../../../../src/providers/azure/routes.js';
import type { DecodeContext } from '../../../../src/providers/codec.js';
import { openAiChatCodec } from '../../../../src/providers/openai-chat/codec.js';
import { openAiEmbeddingsCodec } from '../../../../src/providers/openai-embeddings/codec.js';

const chat = azureCodec(openAiChatCodec, { apiVersion: 'required' });
const chatV1 = azureCodec(openAiChatCodec, { apiVersion: 'optional' });
const embeddings = azureCodec(openAiEmbeddingsCodec, { apiVersion: 'required' });

const ctx = (query = 'api-version=2024-10-21', params: Record<string, string> = { deployment: 'prod-4o' }): DecodeContext => ({
  headers: { 'api-key': 'k' },
  params,
  query: new URLSearchParams(query),
});
const body = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } };

describe('azureCodec decode', () => {
  it('the deployment is the model, the provider is azure, the body is kept as sent, the wire is the inner codec\'s', () => {
    const r = chat.decode(body, ctx());
    if (!r.ok) throw new Error(r.error.message);
    const req = r.decoded.request as ChatRequest;
    expect([req.op, req.provider, req.model, req.userMessage, req.stream]).toEqual(['chat', 'azure', 'prod-4o', 'hi', true]);
    expect(req.body).toBe(body);
    expect(req.headers).toEqual({ 'api-key': 'k' });
    expect(r.decoded.wire).toEqual({ includeUsage: true, serviceTier: 'default', n: 1 });
  });

  it('a body without model decodes (the deployment fills it in)', () => {
    const r = chat.decode({ messages: [{ role: 'user', content: 'hi' }] }, ctx());
    expect(r.ok && r.decoded.request.model).toBe('prod-4o');
  });

  it('no api-version (absent or empty) on the classic routes: a 404 naming the parameter', () => {
    for (const q of ['', 'api-version=', 'apiVersion=2024-10-21']) {
      const r = chat.decode(body, ctx(q));
      expect(r).toEqual({ ok: false, error: missingApiVersion() });
    }
    expect(missingApiVersion()).toMatchObject({ status: 404, param: 'api-version' });
  });

  it('any api-version value is accepted', () => {
    expect(chat.decode(body, ctx('api-version=2025-04-01-preview')).ok).toBe(true);
  });

  it('v1 routes: api-version optional, no deployment, the body model is the model (and required)', () => {
    const r = chatV1.decode(body, ctx('', {}));
    expect(r.ok && [r.decoded.request.model, r.decoded.request.provider]).toEqual(['gpt-4o', 'azure']);
    const missing = chatV1.decode({ messages: [{ role: 'user', content: 'hi' }] }, ctx('', {}));
    expect(missing.ok ? null : missing.error.param).toBe('model');
  });

  it('the inner codec\'s 400s come through unchanged', () => {
    const r = chat.decode({ messages: [] }, ctx());
    expect(r.ok ? null : r.error).toMatchObject({ status: 400, param: 'messages' });
    const notObject = chat.decode('text', ctx());
    expect(notObject.ok ? null : notObject.error).toEqual({ status: 400, message: 'The request body must be a JSON object.', param: null });
  });

  it('embeddings: an embed request for the deployment', () => {
    const r = embeddings.decode({ input: ['a', 'b'], encoding_format: 'base64' }, ctx());
    if (!r.ok) throw new Error(r.error.message);
    const req = r.decoded.request as EmbedRequest;
    expect([req.op, req.provider, req.model, req.inputs]).toEqual(['embed', 'azure', 'prod-4o', ['a', 'b']]);
    expect(r.decoded.wire).toEqual({ encodingFormat: 'base64' });
  });
});

describe('azureCodec encoders', () => {
  it('are the inner codec\'s own functions (wrapped, not copied)', () => {
    expect(chat.provider).toBe('azure');
    expect(chat.ids).toBe(openAiChatCodec.ids);
    expect(chat.encodeBody).toBe(openAiChatCodec.encodeBody);
    expect(chat.encodeStream).toBe(openAiChatCodec.encodeStream);
    expect(chat.encodeStreamError).toBe(openAiChatCodec.encodeStreamError);
    expect(chat.encodeError).toBe(openAiChatCodec.encodeError);
    expect(embeddings.encodeEmbeddings).toBe(openAiEmbeddingsCodec.encodeEmbeddings);
  });

  it('the inner codec is not changed by wrapping it', () => {
    expect(openAiChatCodec.provider).toBe('openai');
  });
});

describe('azureRoutes', () => {
  it('lists the classic deployment routes and the v1 routes, every codec naming provider azure', () => {
    expect(azureRoutes.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /openai/deployments/{deployment}/chat/completions',
      'POST /openai/deployments/{deployment}/completions',
      'POST /openai/deployments/{deployment}/embeddings',
      'POST /openai/deployments/{deployment}/responses',
      'POST /openai/responses',
      'POST /openai/v1/chat/completions',
      'POST /openai/v1/completions',
      'POST /openai/v1/embeddings',
      'POST /openai/v1/responses',
    ]);
    for (const r of azureRoutes) expect(r.codec.provider).toBe('azure');
  });
});
