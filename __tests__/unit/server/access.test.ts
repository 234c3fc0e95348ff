import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import { Access, isLoopbackBind } from '../../../src/server/access.js';

const req = (headers: Record<string, string>, httpVersionMinor = 1) => ({ headers, httpVersionMinor }) as unknown as IncomingMessage;

describe('Access', () => {
  const access = new Access({ host: '127.0.0.1', allowedHosts: ['mock.internal', 'api.test:8443', '::2'], adminToken: 'tok' });
  access.listening(2112);

  it.each(['127.0.0.1:2112', 'localhost:2112', '[::1]:2112', 'localhost', 'Localhost:2112', 'mock.internal:2112', 'mock.internal', 'api.test:8443', '[::2]:2112'])('serves Host %s', (host) => {
    expect(access.checkHost(req({ host }))).toBeUndefined();
  });

  it.each(['evil.example:2112', 'localhost:2113', 'api.test:2112', 'localhost.evil.example', ''])('refuses Host %p with a 403', (host) => {
    expect(access.checkHost(req({ host }))?.status).toBe(403);
  });

  it('a missing Host is a 400 on HTTP/1.1 and fine on HTTP/1.0', () => {
    expect(access.checkHost(req({}))?.status).toBe(400);
    expect(access.checkHost(req({}, 0))).toBeUndefined();
  });

  it('checks Origin and the token only on /admin and /v1/jobs', () => {
    const evil = { origin: 'http://evil.example', host: '127.0.0.1:2112' };
    expect(access.checkControl(req(evil), '/health')).toBeUndefined();
    expect(access.checkControl(req(evil), '/administrator')).toBeUndefined();
    expect(access.checkControl(req(evil), '/v1/jobs')?.status).toBe(403);
    expect(access.checkControl(req(evil), '/v1/jobs/job_1/cancel')?.status).toBe(403);
    expect(access.checkControl(req({ ...evil, authorization: 'Bearer tok' }), '/admin/reset')?.status).toBe(403);
    expect(access.checkControl(req({}), '/admin/reset')?.status).toBe(401);
    expect(access.checkControl(req({ authorization: 'bearer  tok ' }), '/admin/reset')).toBeUndefined();
    expect(access.checkControl(req({}), '/v1/jobs')).toBeUndefined();
  });

  it.each(['http://localhost:3000', 'https://127.0.0.1', 'http://[::1]:1', 'http://127.8.9.10:5', 'http://mock.internal:9'])('accepts Origin %s', (origin) => {
    expect(access.checkControl(req({ origin, authorization: 'Bearer tok' }), '/admin/reset')).toBeUndefined();
  });

  it.each(['null', 'file://', 'chrome-extension://abc', 'http://localhost.evil.example', 'not a url'])('refuses Origin %s', (origin) => {
    expect(access.checkControl(req({ origin }), '/v1/jobs')?.status).toBe(403);
  });
});

describe('isLoopbackBind', () => {
  it.each([['127.0.0.1', true], ['127.1.2.3', true], ['::1', true], ['[::1]', true], ['localhost', true], ['0.0.0.0', false], ['::', false], ['192.168.1.5', false], ['example.com', false]])('%s -> %s', (host, expected) => {
    expect(isLoopbackBind(host)).toBe(expected);
  });
});
