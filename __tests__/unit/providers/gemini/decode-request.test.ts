/** Gemini GenerateContentRequest -> ChatRequest: what matching sees, and every 400. */
import { describe, expect, it } from '@jest/globals';
import type { ChatRequest } from '../../../../src/canonical/request.js';
import { decodeGenerateRequest } from '../../../../src/providers/gemini/decode-request.js';

const ctx = (model = 'gemini-2.0-flash', query = '') => ({ headers: { 'x-tenant': 'acme' }, params: { model }, query: new URLSearchParams(query) });
const user = (text: string) => ({ role: 'user', parts: [{ text }] });

function decode(body: unknown, stream = false, query = ''): ChatRequest {
  const r = decodeGenerateRequest(body, ctx('gemini-2.0-flash', query), stream);
  if (!r.ok) throw new Error(`decode failed: ${r.error.message}`);
  return r.decoded.request as ChatRequest;
}

describe('decodeGenerateRequest', () => {
  it('reads the model from the path, the user message, system prompt, tools, temperature and labels', () => {
    const r = decodeGenerateRequest(
      {
        contents: [user('  first  '), { role: 'model', parts: [{ text: 'ok' }] }, { role: 'user', parts: [{ text: 'What is' }, { text: 'the weather?  ' }] }],
        systemInstruction: { parts: [{ text: 'You are a pirate.' }, { text: 'Be brief.' }] },
        tools: [{ functionDeclarations: [{ name: 'get_weather' }, { name: 'get_time' }] }, { googleSearch: {} }],
        generationConfig: { temperature: 0.25, maxOutputTokens: 100 },
        labels: { team: 'search', n: 3, on: true },
      },
      ctx(),
      false,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const req = r.decoded.request as ChatRequest;
    expect(req).toMatchObject({
      op: 'chat',
      provider: 'gemini',
      model: 'gemini-2.0-flash',
      userMessage: 'What is\nthe weather?',
      systemPrompt: 'You are a pirate.\nBe brief.',
      toolNames: ['get_weather', 'get_time'],
      temperature: 0.25,
      stream: false,
    });
    expect({ ...req.metadata }).toEqual({ team: 'search', n: '3', on: 'true' });
    expect(req.headers['x-tenant']).toBe('acme');
    expect(req.messages).toEqual([
      { role: 'system', text: 'You are a pirate.\nBe brief.' },
      { role: 'user', text: '  first  ' },
      { role: 'assistant', text: 'ok' },
      { role: 'user', text: 'What is\nthe weather?' + '  ' },
    ]);
    expect(r.decoded.wire).toEqual({ sse: false });
  });

  it('takes snake_case field names as the REST API does', () => {
    const req = decode({
      contents: [user('hi')],
      system_instruction: { parts: [{ text: 'sys' }] },
      tools: [{ function_declarations: [{ name: 'lookup' }] }],
      generation_config: { temperature: 1 },
    });
    expect([req.systemPrompt, req.toolNames, req.temperature]).toEqual(['sys', ['lookup'], 1]);
  });

  it('a content without a role is the user\'s (single-turn requests leave it out)', () => {
    expect(decode({ contents: [{ parts: [{ text: 'hello' }] }] }).userMessage).toBe('hello');
  });

  it('leaves thought parts out of the text, and a model turn\'s function call out of its text', () => {
    const req = decode({
      contents: [user('q'), { role: 'model', parts: [{ text: 'hmm', thought: true }, { text: 'A' }, { functionCall: { name: 'f', args: { a: 1 } } }] }, user('next')],
    });
    expect(req.messages[1]).toEqual({ role: 'assistant', text: 'A' });
  });

  it('function responses become tool messages (id, or the name without one); the user message falls back to the text before', () => {
    const req = decode({
      contents: [
        user('weather in Paris?'),
        { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }] },
        {
          role: 'user',
          parts: [{ functionResponse: { name: 'get_weather', response: { temp: '18C' } } }, { function_response: { id: 'fc_2', name: 'get_time', response: { t: 'noon' } } }],
        },
      ],
    });
    expect(req.userMessage).toBe('weather in Paris?');
    expect(req.messages.slice(2)).toEqual([
      { role: 'tool', text: '{"temp":"18C"}', toolCallId: 'get_weather' },
      { role: 'tool', text: '{"t":"noon"}', toolCallId: 'fc_2' },
    ]);
    expect(req.messages.at(-1)?.role).toBe('tool');
  });

  it('the old "function" role holds function responses too', () => {
    const req = decode({ contents: [user('q'), { role: 'function', parts: [{ functionResponse: { name: 'f', response: {} } }] }] });
    expect(req.messages.at(-1)).toEqual({ role: 'tool', text: '{}', toolCallId: 'f' });
  });

  it('no user turn at all: an empty user message (only model turns)', () => {
    expect(decode({ contents: [{ role: 'model', parts: [{ text: 'hi' }] }] }).userMessage).toBe('');
  });

  it('streams from the method, SSE only with alt=sse; a models/ prefix in the path is dropped', () => {
    const sse = decodeGenerateRequest({ contents: [user('x')] }, ctx('models/gemini-pro', 'alt=sse'), true);
    const arr = decodeGenerateRequest({ contents: [user('x')] }, ctx('gemini-pro', 'alt=json'), true);
    const body = decodeGenerateRequest({ contents: [user('x')] }, ctx('gemini-pro', 'alt=sse'), false);
    expect(sse.ok && [sse.decoded.request.model, (sse.decoded.request as ChatRequest).stream, sse.decoded.wire.sse]).toEqual(['gemini-pro', true, true]);
    expect(arr.ok && arr.decoded.wire.sse).toBe(false);
    expect(body.ok && [(body.decoded.request as ChatRequest).stream, body.decoded.wire.sse]).toEqual([false, false]);
  });

  it('labels are matched as metadata without a prototype', () => {
    expect(decode({ contents: [user('x')] }).metadata.constructor).toBeUndefined();
  });

  it('candidateCount 1 is fine', () => {
    expect(decode({ contents: [user('x')], generationConfig: { candidateCount: 1 } }).userMessage).toBe('x');
  });
});

describe('decodeGenerateRequest: 400s (INVALID_ARGUMENT)', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['a body that is not an object', [1, 2], /Expected a GenerateContentRequest object, got an array/],
    ['a null body', null, /got null/],
    ['no contents', {}, /contents is not specified/],
    ['empty contents', { contents: [] }, /contents is not specified/],
    ['contents not a list', { contents: 'hi' }, /'contents': expected a list of Content objects, got a string/],
    ['a content that is not an object', { contents: ['hi'] }, /'contents\[0\]': expected a Content object/],
    ['a bad role', { contents: [{ role: 'assistant', parts: [{ text: 'x' }] }] }, /valid role: user, model.*"assistant"/],
    ['no parts', { contents: [{ role: 'user' }] }, /contents\[0\]\.parts: contents\.parts must not be empty/],
    ['empty parts', { contents: [{ role: 'user', parts: [] }] }, /must not be empty/],
    ['parts not a list', { contents: [{ parts: { text: 'x' } }] }, /'contents\[0\]\.parts': expected a list of Part objects, got an object/],
    ['a part that is not an object', { contents: [{ parts: ['x'] }] }, /'contents\[0\]\.parts\[0\]': expected a Part object, got a string/],
    ['a part with no data', { contents: [{ parts: [{ thought: true }] }] }, /required oneof field 'data'/],
    ['a text that is not a string', { contents: [{ parts: [{ text: 5 }] }] }, /'contents\[0\]\.parts\[0\]\.text': expected a string, got a number/],
    ['a function call without a name', { contents: [user('x'), { role: 'model', parts: [{ functionCall: { args: {} } }] }] }, /function_call\.name: Name cannot be empty/],
    ['function call args not an object', { contents: [user('x'), { role: 'model', parts: [{ functionCall: { name: 'f', args: '{}' } }] }] }, /functionCall\.args': expected an object, got a string/],
    ['a function response without a name', { contents: [{ parts: [{ functionResponse: { response: {} } }] }] }, /function_response\.name: Name cannot be empty/],
    ['a function response that is not an object', { contents: [{ parts: [{ functionResponse: { name: 'f', response: 'ok' } }] }] }, /functionResponse\.response': expected an object, got a string/],
    ['a blank latest user turn', { contents: [user('earlier'), { role: 'model', parts: [{ text: 'a' }] }, user('   ')] }, /latest user turn has no text/],
    ['a latest user turn with only media', { contents: [{ parts: [{ inlineData: { mimeType: 'image/png', data: 'AA==' } }] }] }, /latest user turn has no text/],
    ['systemInstruction as a string', { contents: [user('x')], systemInstruction: 'be nice' }, /'systemInstruction': expected a Content object/],
    ['systemInstruction parts not a list', { contents: [user('x')], systemInstruction: { parts: 'x' } }, /'systemInstruction\.parts': expected a list/],
    ['a systemInstruction text that is not a string', { contents: [user('x')], systemInstruction: { parts: [{ text: 1 }] } }, /'systemInstruction\.parts\[0\]\.text': expected a string/],
    ['tools not a list', { contents: [user('x')], tools: { functionDeclarations: [] } }, /'tools': expected a list of Tool objects/],
    ['a tool that is not an object', { contents: [user('x')], tools: ['f'] }, /'tools\[0\]': expected a Tool object/],
    ['functionDeclarations not a list', { contents: [user('x')], tools: [{ functionDeclarations: { name: 'f' } }] }, /functionDeclarations': expected a list/],
    ['a declaration without a name', { contents: [user('x')], tools: [{ functionDeclarations: [{ description: 'd' }] }] }, /function_declarations\[0\]\.name: Name cannot be empty/],
    ['generationConfig not an object', { contents: [user('x')], generationConfig: 'hot' }, /'generationConfig': expected a GenerationConfig object/],
    ['a temperature that is not a number', { contents: [user('x')], generationConfig: { temperature: 'hot' } }, /'generationConfig\.temperature': expected a number, got a string/],
    ['more than one candidate', { contents: [user('x')], generationConfig: { candidateCount: 2 } }, /answers one candidate per request, got 2/],
    ['labels not a map', { contents: [user('x')], labels: ['a'] }, /'labels': expected a map of strings/],
  ];

  it.each(cases)('%s', (_name, body, message) => {
    const r = decodeGenerateRequest(body, ctx(), false);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.status).toBe(400);
    expect(r.error.message).toMatch(message);
  });
});
