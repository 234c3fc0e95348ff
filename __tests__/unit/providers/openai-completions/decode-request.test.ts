/** Legacy POST /v1/completions bodies -> the neutral ChatRequest, and every 400 the decoder sends. */
import { describe, expect, it } from '@jest/globals';
import type { ChatRequest } from '../../../../src/canonical/request.js';
import { openAiCompletionsCodec } from '../../../../src/providers/openai-completions/codec.js';
import { decodeCompletionsRequest } from '../../../../src/providers/openai-completions/decode-request.js';

const headers = { 'x-trace': '1' };
const ctx = { headers, params: {}, query: new URLSearchParams() };
const model = 'gpt-3.5-turbo-instruct';

function ok(body: unknown) {
  const r = decodeCompletionsRequest(body, ctx);
  if (!r.ok) throw new Error(`expected ok, got ${r.error.status} ${r.error.message}`);
  return { request: r.decoded.request as ChatRequest, wire: r.decoded.wire };
}

describe('decodeCompletionsRequest: valid requests', () => {
  it('a string prompt is the one user turn (kept as sent; the matched text is trimmed)', () => {
    const body = { model, prompt: '  Say hi\n' };
    expect(ok(body)).toEqual({
      request: {
        op: 'chat',
        provider: 'openai',
        model,
        stream: false,
        temperature: undefined,
        metadata: {},
        messages: [{ role: 'user', text: '  Say hi\n' }],
        userMessage: 'Say hi',
        systemPrompt: '',
        toolNames: [],
        headers,
        body,
      },
      wire: { includeUsage: false, serviceTier: 'default', n: 1 },
    });
  });

  it('the codec decodes with the same function and names the legacy prefixes', () => {
    expect(openAiCompletionsCodec.decode).toBe(decodeCompletionsRequest);
    expect(openAiCompletionsCodec.ids).toEqual({ response: 'cmpl-', toolCall: 'call_' });
  });

  it('a string array prompt answers its last entry', () => {
    const { request } = ok({ model, prompt: ['first', 'second', ' third '] });
    expect(request.messages).toEqual([{ role: 'user', text: ' third ' }]);
    expect(request.userMessage).toBe('third');
  });

  it('stream_options.include_usage goes to `wire` only when streaming', () => {
    const streamed = ok({ model, prompt: 'p', stream: true, stream_options: { include_usage: true } });
    expect([streamed.request.stream, streamed.wire.includeUsage]).toEqual([true, true]);
    expect(Object.hasOwn(streamed.request, 'stream_options') || Object.hasOwn(streamed.request, 'includeUsage')).toBe(false);
    expect(ok({ model, prompt: 'p', stream: true }).wire.includeUsage).toBe(false);
  });

  it('tools in the body declare nothing here (the legacy API has no tools)', () => {
    expect(ok({ model, prompt: 'p', tools: [{ type: 'function', function: { name: 'f' } }] }).request.toolNames).toEqual([]);
  });

  it('temperature and metadata are decoded like chat', () => {
    const { request } = ok({ model, prompt: 'p', temperature: 0.3, metadata: { run: 7 } });
    expect(request.temperature).toBe(0.3);
    expect({ ...request.metadata }).toEqual({ run: '7' });
  });
});

describe('decodeCompletionsRequest: validation errors', () => {
  const invalidPrompt = "Missing or invalid 'prompt': expected a string or an array of strings.";
  const emptyPrompt = 'The prompt is empty: send some text to match fixtures against.';
  it.each<[string, unknown, string, string | null]>([
    ['body not an object', 'prompt', 'The request body must be a JSON object.', null],
    ['model missing', { prompt: 'p' }, 'you must provide a model parameter', 'model'],
    ['stream not a boolean', { model, prompt: 'p', stream: 'yes' }, "Invalid type for 'stream': expected a boolean, but got a string instead.", 'stream'],
    ['prompt missing', { model }, invalidPrompt, 'prompt'],
    ['prompt null', { model, prompt: null }, invalidPrompt, 'prompt'],
    ['prompt a number', { model, prompt: 12 }, invalidPrompt, 'prompt'],
    ['prompt an empty array', { model, prompt: [] }, invalidPrompt, 'prompt'],
    ['prompt token ids', { model, prompt: [1212, 318] }, invalidPrompt, 'prompt'],
    ['prompt a batch of token ids', { model, prompt: [[1212, 318]] }, invalidPrompt, 'prompt'],
    ['prompt strings mixed with a number', { model, prompt: ['a', 2] }, invalidPrompt, 'prompt'],
    ['prompt empty', { model, prompt: '' }, emptyPrompt, 'prompt'],
    ['prompt blank', { model, prompt: ' \n ' }, emptyPrompt, 'prompt'],
    ['last prompt of a batch blank', { model, prompt: ['real', '   '] }, emptyPrompt, 'prompt'],
  ])('%s', (_label, body, message, param) => {
    expect(decodeCompletionsRequest(body, ctx)).toEqual({ ok: false, error: { status: 400, message, param } });
  });
});
