import { describe, expect, it } from 'vitest';
import { emptyProxySettings, takePairing } from '../../src/lib/config/proxy';
import { PlaygroundError } from '../../src/lib/errors/playground-error';
import { createRecordingFetch, type Exchange } from '../../src/lib/http/exchange';
import { forwardUrl, viaProxy } from '../../src/lib/http/proxy';
import { cannedFetch, jsonResponse, rejectionOf, respond } from './support/canned-fetch';

const settings = { enabled: true, url: 'http://127.0.0.1:8787', token: 'pairing-token-0123456789' };

describe('forwardUrl', () => {
  it('is /forward under the proxy URL, for the local proxy or a hosted one', () => {
    expect(forwardUrl('http://127.0.0.1:8787').href).toBe('http://127.0.0.1:8787/forward');
    expect(forwardUrl(' http://localhost:9000/ ').href).toBe('http://localhost:9000/forward');
    expect(forwardUrl('https://tools.example.com/oauth-proxy/').href).toBe('https://tools.example.com/oauth-proxy/forward');
  });

  it('refuses an invalid URL and plain http to another machine', () => {
    expect(() => forwardUrl('127.0.0.1:8787')).toThrow(expect.objectContaining({ kind: 'input', code: 'invalid_proxy_url' }));
    expect(() => forwardUrl('http://proxy.example.com')).toThrow(expect.objectContaining({ kind: 'input', code: 'insecure_proxy_url' }));
  });
});

describe('viaProxy', () => {
  it('sends method, headers and body to /forward with the target and the pairing token, without cookies', async () => {
    const inner = cannedFetch(() => jsonResponse({ access_token: 'at', token_type: 'bearer' }, 200, { 'x-request-id': 'r1' }));
    const fetch = viaProxy(inner, settings);
    const response = await fetch(new URL('https://github.com/login/oauth/access_token'), {
      method: 'POST',
      headers: { authorization: 'Basic eA==', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    expect(inner.calls).toHaveLength(1);
    const [sent] = inner.calls;
    expect(sent).toMatchObject({ url: 'http://127.0.0.1:8787/forward', method: 'POST', body: 'grant_type=client_credentials' });
    expect(Object.fromEntries(sent!.headers)).toEqual({
      authorization: 'Basic eA==',
      'content-type': 'application/x-www-form-urlencoded',
      'x-proxy-target': 'https://github.com/login/oauth/access_token',
      'x-proxy-token': 'pairing-token-0123456789',
    });
    expect(sent!.init).toMatchObject({ credentials: 'omit', redirect: 'manual', mode: 'cors' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('r1');
    expect(await response.json()).toEqual({ access_token: 'at', token_type: 'bearer' });
  });

  it('gives back a redirect the proxy did not follow with its Location restored', async () => {
    const fetch = viaProxy(cannedFetch(() => respond(null, 302, { 'x-proxy-location': 'https://login.example.com/' })), settings);
    const response = await fetch('https://api.example.com/');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://login.example.com/');
    expect(response.headers.has('x-proxy-location')).toBe(false);
  });

  it('turns the proxy refusal into an explained error with its code, description and status', async () => {
    const refusal = jsonResponse({ error: 'target_forbidden', error_description: '10.0.0.1 is a private-network address' }, 403, { 'x-proxy-error': 'target_forbidden' });
    const error = (await rejectionOf(viaProxy(cannedFetch(() => refusal), settings)('https://10.0.0.1/token'))) as PlaygroundError;
    expect(error).toBeInstanceOf(PlaygroundError);
    expect(error).toMatchObject({ kind: 'proxy', code: 'target_forbidden', error: 'target_forbidden', status: 403, error_description: '10.0.0.1 is a private-network address' });
    expect(error.message).toBe('The proxy did not forward the request to 10.0.0.1: 10.0.0.1 is a private-network address');
    expect(error.hint).toContain('--allow-private');
  });

  it('explains a target answer the proxy refused as invalid HTTP (502 upstream_invalid_response)', async () => {
    const description = '127.0.0.1:9 sent status 99, outside 200-599; the proxy relays only complete, valid HTTP/1.1 answers.';
    const refusal = jsonResponse({ error: 'upstream_invalid_response', error_description: description }, 502, { 'x-proxy-error': 'upstream_invalid_response' });
    const error = (await rejectionOf(viaProxy(cannedFetch(() => refusal), settings)('https://api.example.com/token'))) as PlaygroundError;
    expect(error).toMatchObject({ kind: 'proxy', code: 'upstream_invalid_response', status: 502, error_description: description, hint: expect.stringContaining('not a valid HTTP answer') });
  });

  it('passes a target’s own 403 through as the target’s answer', async () => {
    const response = await viaProxy(cannedFetch(() => jsonResponse({ error: 'forbidden' }, 403)), settings)('https://api.example.com/');
    expect(response.status).toBe(403);
  });

  it('explains a proxy that does not answer, and one that answers but refuses this origin', async () => {
    const down = cannedFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    expect(await rejectionOf(viaProxy(down, settings)('https://api.example.com/'))).toMatchObject({ kind: 'network', code: 'proxy_unreachable', hint: expect.stringContaining('npm run proxy') });
    const wrongOrigin = cannedFetch((request) => {
      if (request.init.mode === 'no-cors') return respond(null);
      throw new TypeError('Failed to fetch');
    });
    expect(await rejectionOf(viaProxy(wrongOrigin, settings)('https://api.example.com/'))).toMatchObject({ kind: 'proxy', code: 'origin_not_allowed', hint: expect.stringContaining('--origin') });
  });

  it('does not send anything without a pairing token', async () => {
    const inner = cannedFetch(() => respond(''));
    expect(await rejectionOf(viaProxy(inner, { ...settings, token: ' ' })('https://api.example.com/'))).toMatchObject({ kind: 'input', code: 'pairing_token_missing' });
    expect(inner.calls).toHaveLength(0);
  });

  it('is recorded as the request to the target, without the pairing token; a refusal is recorded as failure proxy', async () => {
    const exchanges: Exchange[] = [];
    const refusal = () => jsonResponse({ error: 'pairing_token_invalid' }, 403, { 'x-proxy-error': 'pairing_token_invalid' });
    const fetch = createRecordingFetch({ fetch: viaProxy(cannedFetch(refusal), settings), label: 'Token request', onExchange: (e) => exchanges.push(e) });
    expect(await rejectionOf(fetch('https://api.example.com/token', { method: 'POST' }))).toMatchObject({ kind: 'proxy', code: 'pairing_token_invalid' });
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]).toMatchObject({ failure: 'proxy', request: { method: 'POST', url: 'https://api.example.com/token' } });
    expect(JSON.stringify(exchanges)).not.toContain(settings.token);
  });
});

describe('takePairing', () => {
  it('reads the token and a loopback proxy URL from the fragment and gives the URL without them', () => {
    const pairing = takePairing(new URL('http://127.0.0.1:5173/#proxy-token=abc_DEF-123&proxy=http%3A%2F%2F127.0.0.1%3A8788'));
    expect(pairing).toEqual({ token: 'abc_DEF-123', proxyUrl: 'http://127.0.0.1:8788', cleaned: new URL('http://127.0.0.1:5173/') });
    expect(pairing!.cleaned.href).toBe('http://127.0.0.1:5173/');
  });

  it('keeps other fragment parameters and the path', () => {
    expect(takePairing(new URL('https://example.com/tools/oauth/?x=1#proxy-token=t&other=1'))!.cleaned.href).toBe('https://example.com/tools/oauth/?x=1#other=1');
  });

  it('ignores a proxy URL that is not on this machine: a link must not send credentials elsewhere', () => {
    expect(takePairing(new URL('http://127.0.0.1:5173/#proxy-token=t&proxy=https://evil.example'))).toEqual({ token: 't', cleaned: new URL('http://127.0.0.1:5173/') });
  });

  it('is null without a token', () => {
    expect(takePairing(new URL('http://127.0.0.1:5173/#code=x&state=y'))).toBeNull();
    expect(takePairing(new URL('http://127.0.0.1:5173/'))).toBeNull();
  });

  it('the default setting is off, on the local proxy, without a token', () => {
    expect(emptyProxySettings()).toEqual({ enabled: false, url: 'http://127.0.0.1:8787', token: '' });
  });
});
