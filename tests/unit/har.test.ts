import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/lib/http/exchange';
import { queryStringOf, toHar } from '../../src/lib/http/har';

const token: Exchange = {
  id: 'x1',
  label: 'Token request',
  startedAt: Date.UTC(2026, 0, 2, 3, 4, 5, 6),
  durationMs: 42.5,
  request: {
    method: 'POST',
    url: 'https://as.example/token',
    headers: [['content-type', 'application/x-www-form-urlencoded;charset=UTF-8'], ['authorization', 'Basic …(20 chars)']],
    body: 'grant_type=client_credentials&scope=a+b',
  },
  response: { status: 200, statusText: 'OK', headers: [['content-type', 'application/json']], body: '{"access_token":"eyJh…(900 chars)"}', truncated: false },
};

describe('toHar', () => {
  it('writes a HAR 1.2 log with every field the spec requires', () => {
    const har = toHar([token]);
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual({ name: 'OAuth Playground', version: '0.1.0' });
    const [entry] = har.log.entries;
    expect(entry).toEqual({
      startedDateTime: '2026-01-02T03:04:05.006Z',
      time: 42.5,
      request: {
        method: 'POST',
        url: 'https://as.example/token',
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: [
          { name: 'content-type', value: 'application/x-www-form-urlencoded;charset=UTF-8' },
          { name: 'authorization', value: 'Basic …(20 chars)' },
        ],
        queryString: [],
        postData: {
          mimeType: 'application/x-www-form-urlencoded;charset=UTF-8',
          text: 'grant_type=client_credentials&scope=a+b',
          params: [{ name: 'grant_type', value: 'client_credentials' }, { name: 'scope', value: 'a b' }],
        },
        headersSize: -1,
        bodySize: 39,
      },
      response: {
        status: 200,
        statusText: 'OK',
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: [{ name: 'content-type', value: 'application/json' }],
        content: { size: 37, mimeType: 'application/json', text: '{"access_token":"eyJh…(900 chars)"}' },
        redirectURL: '',
        headersSize: -1,
        bodySize: 37,
      },
      cache: {},
      timings: { send: 0, wait: 42.5, receive: 0 },
      comment: 'Token request',
    });
  });

  it('orders entries by start time and writes failures as status 0 with _error', () => {
    const cors: Exchange = { id: 'x0', label: 'Test request', startedAt: token.startedAt - 1000, durationMs: 3, request: { method: 'GET', url: 'https://api.example/me', headers: [], body: null }, failure: 'cors' };
    const har = toHar([token, cors]);
    expect(har.log.entries.map((e) => e.comment)).toEqual(['Test request', 'Token request']);
    expect(har.log.entries[0]!.response).toMatchObject({ status: 0, _error: 'blocked by the browser (CORS)', bodySize: -1 });
    expect(har.log.entries[0]!.request.postData).toBeUndefined();
  });

  it('writes a navigation with its redirect back as redirectURL', () => {
    const nav: Exchange = {
      id: 'nav:s',
      label: 'Authorization request',
      kind: 'navigation',
      startedAt: token.startedAt,
      durationMs: 5000,
      request: { method: 'GET', url: 'https://as.example/auth?client_id=c&code_challenge=abc&state=s', headers: [], body: null },
      response: { status: 302, statusText: 'Found', headers: [['location', 'https://app.example/?code=abcd…(43 chars)&state=s']], body: '', truncated: false },
    };
    const [entry] = toHar([nav]).log.entries;
    expect(entry!.request.queryString).toEqual([{ name: 'client_id', value: 'c' }, { name: 'code_challenge', value: 'abc' }, { name: 'state', value: 's' }]);
    expect(entry!.response.redirectURL).toBe('https://app.example/?code=abcd…(43 chars)&state=s');
    expect(entry!.comment).toBe('Authorization request (browser navigation)');
  });
});

it('queryStringOf keeps masks readable and tolerates bad escapes', () => {
  expect(queryStringOf('https://x/?a=%E2%9C%93&b=abcd…(9 chars)&c=%zz&d#frag')).toEqual([
    { name: 'a', value: '✓' },
    { name: 'b', value: 'abcd…(9 chars)' },
    { name: 'c', value: '%zz' },
    { name: 'd', value: '' },
  ]);
});
