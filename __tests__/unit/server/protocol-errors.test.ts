import { describe, expect, it } from '@jest/globals';
import { protocolError, rawErrorResponse } from '../../../src/server/protocol-errors.js';
import { DEFAULT_TRANSPORT_LIMITS } from '../../../src/server/transport-limits.js';

describe('protocol errors', () => {
  it.each([
    ['ERR_HTTP_REQUEST_TIMEOUT', 408, /--headers-timeout.*--request-timeout/],
    ['HPE_HEADER_OVERFLOW', 431, /too large/],
    ['HPE_CHUNK_EXTENSIONS_OVERFLOW', 413, /chunk extensions/],
    ['HPE_INVALID_METHOD', 400, /Malformed HTTP request \(HPE_INVALID_METHOD\)/],
    [undefined, 400, /Malformed/],
  ])('%s -> %i', (code, status, message) => {
    const e = protocolError(code, DEFAULT_TRANSPORT_LIMITS);
    expect(e.status).toBe(status);
    expect(e.message).toMatch(message);
  });

  it('writes a complete response that closes the connection', () => {
    const text = rawErrorResponse({ status: 408, message: 'late' }, 'req_1');
    const [head, body] = text.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    expect(head).toContain('\r\nx-request-id: req_1');
    expect(head).toContain('\r\nconnection: close');
    expect(head).toContain(`\r\ncontent-length: ${Buffer.byteLength(body)}`);
    expect(JSON.parse(body).error).toMatchObject({ message: 'late', type: 'invalid_request_error' });
  });
});
