/** Text logs: whatever a client sends can neither start a fake log line nor hide in another field. */
import { describe, expect, it } from '@jest/globals';
import { createLogger, textMessage, textValue } from '../../../src/log/logger.js';

function capture(format: 'text' | 'json') {
  const lines: string[] = [];
  const log = createLogger({ format, verbose: true, write: (l) => lines.push(l) });
  return { log, lines };
}

describe('text log lines', () => {
  it('a field holding a line break stays on its own line, quoted', () => {
    const { log, lines } = capture('text');
    log.debug('POST /v1/chat/completions', { model: 'gpt-4o\n[llmposter] error: disk full', outcome: 'response' });
    expect(lines).toHaveLength(1);
    expect(lines[0].split('\n')).toHaveLength(1);
    expect(lines[0]).toBe('[llmposter] debug: POST /v1/chat/completions model="gpt-4o\\n[llmposter] error: disk full" outcome=response');
  });

  it('a value cannot pass for another key=value pair', () => {
    expect(textValue('x outcome=response')).toBe('"x outcome=response"');
    expect(textValue('a"b')).toBe('"a\\"b"');
    expect(textValue('')).toBe('""');
  });

  it('plain values, numbers and null print as before', () => {
    expect(textValue('gpt-4o')).toBe('gpt-4o');
    expect(textValue(200)).toBe('200');
    expect(textValue(null)).toBe('null');
  });

  it('escapes terminal escapes, carriage returns, DEL, C1 and Unicode line separators', () => {
    expect(textValue('a\u001bb')).toBe('"a\\u001bb"');
    expect(textValue('a\rb')).toBe('"a\\rb"');
    expect(textValue('a\u007fb')).toBe('"a\\u007fb"');
    expect(textValue('a\u009bb')).toBe('"a\\u009bb"');
    expect(textValue('a\u2028b')).toBe('"a\\u2028b"');
    expect(textValue('a\u0000b')).toBe('"a\\u0000b"');
    expect(textMessage('GET /x\u001b[2J')).toBe('GET /x\\u001b[2J');
  });

  it("the server's own multi-line messages keep their lines, indented so none starts like a log line", () => {
    const { log, lines } = capture('text');
    log.error('fixture reload failed\n[llmposter] a.yaml:1:1: bad');
    expect(lines[0]).toBe('[llmposter] error: fixture reload failed\n  [llmposter] a.yaml:1:1: bad');
    expect(lines[0].split('\n').filter((l) => l.startsWith('[llmposter]'))).toHaveLength(1);
  });

  it('json lines are unchanged: one object per line', () => {
    const { log, lines } = capture('json');
    log.debug('x', { model: 'a\nb' });
    expect(lines[0].split('\n')).toHaveLength(1);
    expect(JSON.parse(lines[0]).model).toBe('a\nb');
  });
});
