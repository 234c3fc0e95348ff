import { describe, expect, it } from '@jest/globals';
import type { ChatRequest, EmbedRequest } from '../../../src/canonical/request.js';
import { countChatPromptTokens } from '../../../src/generate/tokens.js';
import { ModelCatalogue } from '../../../src/models/catalogue.js';
import { contextLimitError } from '../../../src/models/context-limit.js';

const chat = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  op: 'chat',
  provider: 'openai',
  model: 'm',
  metadata: {},
  headers: {},
  body: {},
  messages: [
    { role: 'system', text: 'be brief' },
    { role: 'user', text },
  ],
  userMessage: text,
  systemPrompt: 'be brief',
  toolNames: [],
  stream: false,
  ...extra,
});
const catalogue = (window: number) => new ModelCatalogue([{ id: 'm', contextWindow: window, maxOutputTokens: window, ownedBy: 'x', displayName: 'm', created: 0 }]);

describe('contextLimitError', () => {
  // Text of every kind: the cheap length bound must never let an over-long prompt through.
  const texts = ['hi', 'word '.repeat(500), '日本語のテキスト'.repeat(40), '🙂🚀'.repeat(100), 'a'.repeat(3000), '\n\n  \t'.repeat(50), 'x'.repeat(70_000)];
  it.each(texts.map((t) => [t.slice(0, 12), t]))('is exact at the window\'s edge (%s...)', (_label, text) => {
    const req = chat(text, { maxOutputTokens: 7 });
    const tokens = countChatPromptTokens(req.messages) + 7;
    expect(contextLimitError(req, catalogue(tokens), '/v1/chat/completions')).toBeUndefined();
    expect(contextLimitError(req, catalogue(tokens - 1), '/v1/chat/completions')).toMatchObject({ status: 400, code: 'context_length_exceeded', param: 'messages' });
  });

  it('passes embeddings and models outside the catalogue', () => {
    expect(contextLimitError(chat('x'.repeat(1000), { model: 'other' }), catalogue(1), '')).toBeUndefined();
    const embed: EmbedRequest = { op: 'embed', provider: 'openai', model: 'm', metadata: {}, headers: {}, body: {}, inputs: ['x'.repeat(1000)] };
    expect(contextLimitError(embed, catalogue(1), '/v1/embeddings')).toBeUndefined();
  });

  it('Gemini holds the input alone to the window', () => {
    const req = chat('hello', { provider: 'gemini', maxOutputTokens: 1000 });
    const prompt = countChatPromptTokens(req.messages);
    expect(contextLimitError(req, catalogue(prompt), '')).toBeUndefined();
    expect(contextLimitError(req, catalogue(prompt - 1), '')?.message).toBe(`The input token count (${prompt}) exceeds the maximum number of tokens allowed (${prompt - 1}).`);
  });

  it('each OpenAI-family endpoint gets its own words', () => {
    const req = chat('hello', { maxOutputTokens: 50 });
    expect(contextLimitError(req, catalogue(10), '/v1/responses')).toMatchObject({ param: 'input', code: 'context_length_exceeded' });
    expect(contextLimitError({ ...req, provider: 'azure' }, catalogue(10), '/openai/deployments/{deployment}/responses')?.param).toBe('input');
    expect(contextLimitError(req, catalogue(10), '/v1/completions')?.param).toBe('prompt');
    expect(contextLimitError({ ...req, provider: 'azure' }, catalogue(10), '/openai/deployments/{deployment}/chat/completions')?.param).toBe('messages');
  });
});
