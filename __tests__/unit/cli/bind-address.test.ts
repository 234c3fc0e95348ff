import { describe, expect, it } from '@jest/globals';
import { checkHost, parseBind } from '../../../src/cli/bind-address.js';

describe('--bind', () => {
  it.each([
    ['127.0.0.1:8080', { host: '127.0.0.1', port: 8080 }],
    ['0.0.0.0', { host: '0.0.0.0' }],
    ['localhost:0', { host: 'localhost', port: 0 }],
    ['[::1]:8080', { host: '::1', port: 8080 }],
    ['[::1]', { host: '::1' }],
    ['::1', { host: '::1' }],
    ['::', { host: '::' }],
    [':9000', { port: 9000 }],
    ['my-host.local', { host: 'my-host.local' }],
  ])('%s', (raw, expected) => {
    expect(parseBind(raw)).toEqual(expected);
  });

  it.each(['', ':', 'bad_host', '999.1.1.1', 'a b', 'host:port', '127.0.0.1:70000', 'http://localhost:8080'])('rejects %p with a message naming it', (raw) => {
    expect(() => parseBind(raw)).toThrow(/--bind/);
  });

  it('--host takes the same host names', () => {
    expect(checkHost('localhost', '--host')).toBe('localhost');
    expect(() => checkHost('-x', '--host')).toThrow(/--host needs an IP address or host name/);
  });
});
