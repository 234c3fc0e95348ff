/** Framing only: the bytes each wire format puts around an event. */
import { describe, expect, it } from '@jest/globals';
import { closeFraming, CONTENT_TYPE, eventData, frameEvent, sseFrame, STREAM_HEADERS, type Framing, type WireEvent } from '../../../src/stream/framing.js';

const ev = (data: string, extra: { event?: string; id?: string | number } = {}): WireEvent => ({ ...extra, data });

describe('eventData', () => {
  it('is the data as given, or the deferred encoder applied to it', () => {
    expect(eventData(ev('{"a":1}'))).toBe('{"a":1}');
    expect(eventData({ data: 'hi', encode: (d) => `{"delta":${JSON.stringify(d)}}` })).toBe('{"delta":"hi"}');
  });
});

describe('sseFrame', () => {
  it.each<[string, WireEvent, string]>([
    ['data only', ev('{}'), 'data: {}\n\n'],
    ['with an event name', ev('{}', { event: 'ping' }), 'event: ping\ndata: {}\n\n'],
    ['with a numeric id', ev('x', { id: 3 }), 'id: 3\ndata: x\n\n'],
    ['with a string id and an event name (id first)', ev('x', { id: 'e-1', event: 'job' }), 'id: e-1\nevent: job\ndata: x\n\n'],
    ['id 0 is still an id', ev('x', { id: 0 }), 'id: 0\ndata: x\n\n'],
    ['empty data', ev(''), 'data: \n\n'],
    ['[DONE]', ev('[DONE]'), 'data: [DONE]\n\n'],
  ])('%s', (_name, e, expected) => {
    expect(sseFrame(e)).toBe(expected);
  });

  it.each<[string, string, string]>([
    ['\\n', 'a\nb', 'data: a\ndata: b\n\n'],
    ['\\r\\n', 'a\r\nb', 'data: a\ndata: b\n\n'],
    ['\\r', 'a\rb', 'data: a\ndata: b\n\n'],
    ['mixed, three lines', 'one\r\ntwo\rthree', 'data: one\ndata: two\ndata: three\n\n'],
    ['a blank line in the middle', 'a\n\nb', 'data: a\ndata: \ndata: b\n\n'],
    ['a trailing newline', 'a\n', 'data: a\ndata: \n\n'],
    ['\\n\\r is two breaks', 'a\n\rb', 'data: a\ndata: \ndata: b\n\n'],
  ])('splits data with %s into one data: line per line', (_name, data, expected) => {
    expect(sseFrame(ev(data))).toBe(expected);
  });

  it('puts the id and event lines once, before the data lines', () => {
    expect(sseFrame(ev('x\ny', { id: 9, event: 'delta' }))).toBe('id: 9\nevent: delta\ndata: x\ndata: y\n\n');
  });

  it('serialises deferred data with its encoder before framing', () => {
    expect(sseFrame({ event: 'e', data: 'raw', encode: (d) => JSON.stringify({ d: d.toUpperCase() }) })).toBe('event: e\ndata: {"d":"RAW"}\n\n');
  });
});

describe('frameEvent', () => {
  it('sse frames every event the same way, whatever its index', () => {
    const e = ev('{"a":1}', { event: 'x' });
    expect(frameEvent('sse', e, 0)).toBe('event: x\ndata: {"a":1}\n\n');
    expect(frameEvent('sse', e, 5)).toBe('event: x\ndata: {"a":1}\n\n');
  });

  it('json-array opens with [ on the first event and separates the rest with ,\\r\\n (no event names)', () => {
    expect(frameEvent('json-array', ev('{"a":1}', { event: 'ignored', id: 1 }), 0)).toBe('[{"a":1}');
    expect(frameEvent('json-array', ev('{"b":2}'), 1)).toBe(',\r\n{"b":2}');
    expect(frameEvent('json-array', ev('{"c":3}'), 7)).toBe(',\r\n{"c":3}');
  });

  it('ndjson writes one document per line and ignores event names', () => {
    expect(frameEvent('ndjson', ev('{"a":1}', { event: 'ignored' }), 0)).toBe('{"a":1}\n');
    expect(frameEvent('ndjson', ev('{"b":2}'), 3)).toBe('{"b":2}\n');
  });

  it('applies a deferred encoder in every framing', () => {
    const e: WireEvent = { data: 'v', encode: (d) => `{"k":"${d}"}` };
    expect(frameEvent('sse', e, 0)).toBe('data: {"k":"v"}\n\n');
    expect(frameEvent('json-array', e, 0)).toBe('[{"k":"v"}');
    expect(frameEvent('ndjson', e, 0)).toBe('{"k":"v"}\n');
  });

  it('a whole json-array stream parses back to the events', () => {
    const events = [ev('{"a":1}'), ev('{"b":[1,2]}'), ev('"s"')];
    const body = events.map((e, i) => frameEvent('json-array', e, i)).join('') + closeFraming('json-array', events.length);
    expect(body).toBe('[{"a":1},\r\n{"b":[1,2]},\r\n"s"]');
    expect(JSON.parse(body)).toEqual([{ a: 1 }, { b: [1, 2] }, 's']);
  });

  it('rejects an unknown framing', () => {
    expect(() => frameEvent('xml' as Framing, ev('x'), 0)).toThrow('unknown framing xml');
  });
});

describe('closeFraming', () => {
  it.each<[Framing, number, string]>([
    ['json-array', 0, '[]'],
    ['json-array', 1, ']'],
    ['json-array', 12, ']'],
    ['sse', 0, ''],
    ['sse', 3, ''],
    ['ndjson', 0, ''],
    ['ndjson', 3, ''],
  ])('%s after %d events: %j', (framing, written, expected) => {
    expect(closeFraming(framing, written)).toBe(expected);
  });

  it('an empty json-array stream is valid JSON', () => {
    expect(JSON.parse(closeFraming('json-array', 0))).toEqual([]);
  });
});

describe('CONTENT_TYPE and STREAM_HEADERS', () => {
  it('name each framing\'s media type with utf-8', () => {
    expect(CONTENT_TYPE).toEqual({
      sse: 'text/event-stream; charset=utf-8',
      'json-array': 'application/json; charset=utf-8',
      ndjson: 'application/x-ndjson; charset=utf-8',
    });
    expect(STREAM_HEADERS).toEqual({ 'cache-control': 'no-cache' });
  });
});
