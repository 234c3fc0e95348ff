/**
 * Gemini bodies and streams against recorded traces (byte for byte), then the same bytes read
 * by the official `@google/genai` SDK (served to it by a fetch that answers with the trace):
 * `generateContent` for bodies, `generateContentStream` for streams, mid-stream errors raised.
 */
import { describe, expect, it } from '@jest/globals';
import { ApiError, GoogleGenAI, type GenerateContentResponse } from '@google/genai';
import { toStreamParts } from '../../../../src/canonical/stream-parts.js';
import type { Decoded } from '../../../../src/providers/codec.js';
import { geminiGenerateCodec, geminiStreamCodec } from '../../../../src/providers/gemini/codec.js';
import type { GeminiWire } from '../../../../src/providers/gemini/decode-request.js';
import { followedBy, limited } from '../../../../src/stream/event-list.js';
import { streamWireText } from '../../../helpers/wire.js';
import { CHUNK_SIZE, TEXT_ANSWER } from '../../../traces/answers.js';
import { GEMINI_META, GEMINI_TRACES, readGeminiTrace, type GeminiExpectation } from '../../../traces/gemini/cases.js';

const BODY = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] };

function decoded(stream: boolean, alt: string): Decoded<GeminiWire> {
  const codec = stream ? geminiStreamCodec : geminiGenerateCodec;
  const r = codec.decode(BODY, { headers: {}, params: { model: GEMINI_META.model }, query: new URLSearchParams(alt) });
  if (!r.ok) throw new Error(r.error.message);
  return r.decoded;
}

/** A client whose every request is answered with `text` (and records the URL it asked for). */
function sdkServing(text: string, contentType: string, urls: string[] = []): GoogleGenAI {
  return new GoogleGenAI({
    apiKey: 'k',
    httpOptions: {
      baseUrl: 'http://llmposter.test',
      fetch: async (input) => {
        urls.push(String(input));
        return new Response(text, { status: 200, headers: { 'content-type': contentType } });
      },
    },
  });
}

/** What a client gathers from the chunks (or the one body) it was given. */
function gather(responses: GenerateContentResponse[]): GeminiExpectation {
  let text: string | undefined;
  let thoughts = '';
  const functionCalls: GeminiExpectation['functionCalls'] = [];
  let finishReason = '<none>';
  let finishMessage: string | undefined;
  let usage: GeminiExpectation['usage'] = { promptTokenCount: -1, totalTokenCount: -1 };
  for (const r of responses) {
    const c = r.candidates?.[0];
    for (const p of c?.content?.parts ?? []) {
      if (typeof p.text === 'string') {
        if (p.thought) thoughts += p.text;
        else text = (text ?? '') + p.text;
      }
      if (p.functionCall) functionCalls.push({ name: p.functionCall.name ?? '<missing>', args: p.functionCall.args ?? {} });
    }
    if (c?.finishReason) finishReason = c.finishReason;
    if (c?.finishMessage) finishMessage = c.finishMessage;
    const u = r.usageMetadata;
    if (u) usage = { promptTokenCount: u.promptTokenCount ?? -1, candidatesTokenCount: u.candidatesTokenCount, totalTokenCount: u.totalTokenCount ?? -1, thoughtsTokenCount: u.thoughtsTokenCount };
  }
  const out: GeminiExpectation = { text, thoughts, functionCalls, finishReason, usage: Object.fromEntries(Object.entries(usage).filter(([, v]) => v !== undefined)) as GeminiExpectation['usage'] };
  if (finishMessage !== undefined) out.finishMessage = finishMessage;
  return out;
}

const cases = GEMINI_TRACES.map((c) => [c.name, c] as const);

/**
 * What the SDK hands over: everything but `finishMessage`, which its Gemini API (not Vertex)
 * converter does not copy from the candidate; it is on the wire (checked below from the raw JSON).
 */
function sdkView(e: GeminiExpectation): GeminiExpectation {
  const { finishMessage: _dropped, ...rest } = e;
  return rest;
}

describe('Gemini body: recorded traces', () => {
  it.each(cases)('%s.json is the exact body', (_name, c) => {
    expect(geminiGenerateCodec.encodeBody(c.answer, GEMINI_META, decoded(false, ''))).toBe(readGeminiTrace(`${c.name}.json`));
  });

  it.each(cases)('%s.json read by generateContent gives the answer back', async (_name, c) => {
    const urls: string[] = [];
    const ai = sdkServing(readGeminiTrace(`${c.name}.json`), 'application/json', urls);
    const r = await ai.models.generateContent({ model: GEMINI_META.model, contents: 'hi' });
    expect(urls).toEqual(['http://llmposter.test/v1beta/models/gemini-2.0-flash:generateContent']);
    expect(gather([r])).toEqual(sdkView(c.expect));
    expect(r.responseId).toBe(GEMINI_META.id);
    expect(r.modelVersion).toBe(GEMINI_META.model);
    // The SDK's own accessors agree (`text` leaves thoughts out).
    if (c.expect.functionCalls.length === 0) expect(r.text).toBe(c.expect.text);
    else expect(r.functionCalls?.map((f) => ({ name: f.name, args: f.args }))).toEqual(c.expect.functionCalls);
  });
});

describe('finishMessage on the wire', () => {
  it.each(cases)('%s: the body and the last streamed element carry the expected finishMessage (or none)', (_name, c) => {
    const body = JSON.parse(readGeminiTrace(`${c.name}.json`));
    const last = JSON.parse(readGeminiTrace(`${c.name}.sse`).trim().split('\n\n').at(-1)!.slice('data: '.length));
    expect(body.candidates[0].finishMessage).toBe(c.expect.finishMessage);
    expect(last.candidates[0].finishMessage).toBe(c.expect.finishMessage);
  });
});

describe('Gemini stream: recorded traces', () => {
  it.each(cases)('%s.sse is the exact wire text (?alt=sse)', (_name, c) => {
    const d = decoded(true, 'alt=sse');
    expect(geminiStreamCodec.framing(d)).toBe('sse');
    expect(streamWireText(geminiStreamCodec.encodeStream(toStreamParts(c.answer, CHUNK_SIZE), GEMINI_META, d), 'sse')).toBe(readGeminiTrace(`${c.name}.sse`));
  });

  it.each(cases)('%s.sse read by generateContentStream gives the answer back', async (_name, c) => {
    const urls: string[] = [];
    const ai = sdkServing(readGeminiTrace(`${c.name}.sse`), 'text/event-stream', urls);
    const chunks: GenerateContentResponse[] = [];
    for await (const chunk of await ai.models.generateContentStream({ model: GEMINI_META.model, contents: 'hi' })) chunks.push(chunk);
    expect(urls).toEqual(['http://llmposter.test/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse']);
    expect(gather(chunks)).toEqual(sdkView(c.expect));
    // Only the last chunk says why the answer ended; every chunk a client prints has text,
    // except when there is no content at all (a safety block).
    expect(chunks.slice(0, -1).every((ch) => ch.candidates?.[0].finishReason === undefined)).toBe(true);
    if (c.expect.finishReason !== 'SAFETY' || c.expect.text !== undefined) expect(chunks.every((ch) => ch.candidates?.[0].content?.parts?.length === 1)).toBe(true);
  });

  it.each([['text'], ['tool-calls']])('%s.array.json (no alt): the same elements as a JSON array, one per line', (name) => {
    const c = GEMINI_TRACES.find((t) => t.name === name)!;
    const d = decoded(true, '');
    expect(geminiStreamCodec.framing(d)).toBe('json-array');
    const text = streamWireText(geminiStreamCodec.encodeStream(toStreamParts(c.answer, CHUNK_SIZE), GEMINI_META, d), 'json-array');
    expect(text).toBe(readGeminiTrace(`${name}.array.json`));
    const sseElements = readGeminiTrace(`${name}.sse`).trim().split('\n\n').map((f) => JSON.parse(f.slice('data: '.length)));
    expect(JSON.parse(text)).toEqual(sseElements);
  });

  it('a thinking part streams as thought parts before the answer, the thought tokens counted apart', () => {
    const elements = readGeminiTrace('text-then-tool.sse').trim().split('\n\n').map((f) => JSON.parse(f.slice(6)));
    const kinds = elements.map((e) => Object.keys(e.candidates[0].content.parts[0]).join('+'));
    expect(kinds).toEqual(['text+thought', 'text+thought', 'text+thought', 'text+thought', 'text+thought', 'text+thought', 'text', 'text', 'text', 'functionCall']);
    expect(elements[9].usageMetadata).toMatchObject({ thoughtsTokenCount: 6, candidatesTokenCount: 9, totalTokenCount: 45 });
  });
});

describe('Gemini mid-stream error', () => {
  const error = { status: 503, message: 'The model is overloaded. Please try again later.' };
  const withError = (alt: string) => {
    const d = decoded(true, alt);
    const events = followedBy(limited(geminiStreamCodec.encodeStream(toStreamParts(TEXT_ANSWER, CHUNK_SIZE), GEMINI_META, d), 2), geminiStreamCodec.encodeStreamError(error, GEMINI_META, d));
    return streamWireText(events, geminiStreamCodec.framing(d));
  };

  it('is an {error} frame (SSE) or element (JSON array) with Google\'s code, message and status', () => {
    expect(withError('alt=sse')).toBe(readGeminiTrace('stream-error.sse'));
    expect(withError('')).toBe(readGeminiTrace('stream-error.array.json'));
    expect(JSON.parse(withError('')).at(-1)).toEqual({ error: { code: 503, message: error.message, status: 'UNAVAILABLE' } });
  });

  it('generateContentStream yields the chunks before it, then raises an ApiError with the status', async () => {
    const ai = sdkServing(readGeminiTrace('stream-error.sse'), 'text/event-stream');
    const texts: string[] = [];
    let raised: unknown;
    try {
      for await (const chunk of await ai.models.generateContentStream({ model: GEMINI_META.model, contents: 'hi' })) texts.push(chunk.text ?? '');
    } catch (err) {
      raised = err;
    }
    expect(texts).toEqual(['Héllo', ', "wo']);
    expect(raised).toBeInstanceOf(ApiError);
    expect((raised as ApiError).status).toBe(503);
    expect((raised as ApiError).message).toContain('UNAVAILABLE');
    expect((raised as ApiError).message).toContain(error.message);
  });
});
