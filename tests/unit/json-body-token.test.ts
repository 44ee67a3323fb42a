import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { jsonTokenRequestBody, requestJsonBodyToken } from '../../src/lib/oauth/json-body-token';
import { describeError } from '../../src/lib/oauth/describe-error';
import { createRecordingFetch } from '../../src/lib/http/exchange';
import type { FetchLike } from '../../src/lib/http/exchange';
import type { OAuth2Settings } from '../../src/lib/config/auth-config';
import { OAUTH_ERROR_HINTS } from '../../src/lib/errors/oauth-error-codes';
import { NOW, cannedFetch, contextWith, jsonResponse, rejectionOf, respond } from './support/canned-fetch';
import { oauth2Settings } from './support/settings';

const TOKEN_URL = 'https://api.clazar.example/authenticate/';
const settings = (overrides: Partial<OAuth2Settings> = {}) =>
  oauth2Settings({ tokenUrl: TOKEN_URL, clientId: 'clazar-id', clientSecret: 'clazar-secret', clientAuth: 'json_body', ...overrides });

async function failure(overrides: Partial<OAuth2Settings>, fetch: FetchLike, allowInsecureHttp = false) {
  const error = await rejectionOf(requestJsonBodyToken(settings(overrides), contextWith(fetch, { allowInsecureHttp })));
  return describeError(error, 'Token request');
}

describe('the request sent', () => {
  it('POSTs {"client_id","client_secret"} as JSON with content-type and accept application/json', async () => {
    const fetch = cannedFetch(() => jsonResponse({ access_token: 'at' }));
    await requestJsonBodyToken(settings({ clientId: '  clazar-id  ' }), contextWith(fetch));
    expect(fetch.calls).toHaveLength(1);
    const sent = fetch.calls[0]!;
    expect(sent.url).toBe(TOKEN_URL);
    expect(sent.method).toBe('POST');
    expect(sent.headers.get('content-type')).toBe('application/json');
    expect(sent.headers.get('accept')).toBe('application/json');
    expect(sent.headers.has('authorization')).toBe(false);
    expect(sent.body).toBe('{"client_id":"clazar-id","client_secret":"clazar-secret"}');
    expect(sent.init.redirect).toBe('manual');
    expect(sent.init.signal).toBeInstanceOf(AbortSignal);
  });

  it('adds the scope and extra parameters as string fields, and the extra headers', async () => {
    const fetch = cannedFetch(() => jsonResponse({ access_token: 'at' }));
    await requestJsonBodyToken(
      settings({
        scope: ' read write ',
        extraParams: [{ key: 'audience', value: 'marketplace' }, { key: '', value: 'blank row' }],
        extraHeaders: [{ key: 'X-Tenant', value: 'acme' }],
      }),
      contextWith(fetch),
    );
    const sent = fetch.calls[0]!;
    expect(JSON.parse(sent.body!)).toEqual({ client_id: 'clazar-id', client_secret: 'clazar-secret', scope: 'read write', audience: 'marketplace' });
    expect(sent.headers.get('x-tenant')).toBe('acme');
  });

  it('jsonTokenRequestBody leaves scope out when blank', () => {
    expect(jsonTokenRequestBody(settings({ scope: '  ' }))).toEqual({ client_id: 'clazar-id', client_secret: 'clazar-secret' });
  });
});

describe('the token returned', () => {
  it('takes a missing token_type as bearer and computes the expiry', async () => {
    const fetch = cannedFetch(() => jsonResponse({ access_token: 'at-json', expires_in: 120, org: 'acme' }));
    const token = await requestJsonBodyToken(settings({ scope: 'read' }), contextWith(fetch));
    expect(token).toEqual({
      access_token: 'at-json',
      token_type: 'bearer',
      scope: 'read',
      scopeFromServer: false,
      expires_in: 120,
      obtainedAt: NOW,
      expiresAt: NOW + 120_000,
      extra: { org: 'acme' },
    });
  });

  it('accepts expires_in as a numeric string', async () => {
    const fetch = cannedFetch(() => jsonResponse({ access_token: 'at', token_type: 'Bearer', expires_in: '3600' }));
    const token = await requestJsonBodyToken(settings(), contextWith(fetch));
    expect(token.expires_in).toBe(3600);
    expect(token.expiresAt).toBe(NOW + 3_600_000);
    expect(token.token_type).toBe('bearer');
  });

  it('has no expiry when expires_in is absent', async () => {
    const fetch = cannedFetch(() => jsonResponse({ access_token: 'at' }));
    const token = await requestJsonBodyToken(settings(), contextWith(fetch));
    expect(token.expires_in).toBeUndefined();
    expect(token.expiresAt).toBeUndefined();
    expect(token.extra).toEqual({});
  });
});

describe('errors', () => {
  it.each([[-1], ['-5'], ['soon'], [''], [null]])('refuses expires_in %j as malformed_response OAUTH_INVALID_RESPONSE', async (expires_in) => {
    const fetch = cannedFetch(() => jsonResponse({ access_token: 'at', expires_in }));
    const error = await failure({}, fetch);
    expect(error.kind).toBe('malformed_response');
    expect(error.code).toBe('OAUTH_INVALID_RESPONSE');
  });

  it('refuses a non-string token_type', async () => {
    const fetch = cannedFetch(() => jsonResponse({ access_token: 'at', token_type: 7 }));
    const error = await failure({}, fetch);
    expect(error.kind).toBe('malformed_response');
    expect(error.code).toBe(oauth.INVALID_RESPONSE);
  });

  it('JSON missing access_token is malformed_response OAUTH_INVALID_RESPONSE', async () => {
    const fetch = cannedFetch(() => jsonResponse({ token: 'at' }));
    const error = await failure({}, fetch);
    expect(error.kind).toBe('malformed_response');
    expect(error.code).toBe('OAUTH_INVALID_RESPONSE');
  });

  it('a JSON array body is malformed_response', async () => {
    const fetch = cannedFetch(() => jsonResponse([{ access_token: 'at' }]));
    const error = await failure({}, fetch);
    expect(error.kind).toBe('malformed_response');
    expect(error.code).toBe(oauth.INVALID_RESPONSE);
  });

  it('truncated JSON with application/json is malformed_response OAUTH_PARSE_ERROR', async () => {
    const fetch = cannedFetch(() => respond('{"access_token":"a', 200, { 'content-type': 'application/json; charset=utf-8' }));
    const error = await failure({}, fetch);
    expect(error.kind).toBe('malformed_response');
    expect(error.code).toBe('OAUTH_PARSE_ERROR');
    expect(error.status).toBe(200);
  });

  it('a 200 text/html body is not_json', async () => {
    const fetch = cannedFetch(() => respond('<html><body>Login</body></html>', 200, { 'content-type': 'text/html' }));
    const error = await failure({}, fetch);
    expect(error.kind).toBe('not_json');
    expect(error.code).toBe(oauth.RESPONSE_IS_NOT_JSON);
    expect(error.status).toBe(200);
  });

  it('a 500 text/plain is an http error with status 500', async () => {
    const fetch = cannedFetch(() => respond('Internal Server Error', 500, { 'content-type': 'text/plain' }));
    const error = await failure({}, fetch);
    expect(error.kind).toBe('http');
    expect(error.status).toBe(500);
  });

  it('a 401 {"detail": …} is an http error with the detail as error_description', async () => {
    const fetch = cannedFetch(() => jsonResponse({ detail: 'Invalid client credentials' }, 401));
    const error = await failure({}, fetch);
    expect(error.kind).toBe('http');
    expect(error.code).toBe('http_401');
    expect(error.status).toBe(401);
    expect(error.error).toBeUndefined();
    expect(error.error_description).toBe('Invalid client credentials');
    expect(error.message).toBe('Token request failed: the server answered 401: Invalid client credentials.');
  });

  it('a 400 JSON {"error":"invalid_scope"} is an oauth_error', async () => {
    const fetch = cannedFetch(() => jsonResponse({ error: 'invalid_scope', error_description: 'x' }, 400));
    const error = await failure({}, fetch);
    expect(error.kind).toBe('oauth_error');
    expect(error.code).toBe('invalid_scope');
    expect(error.error).toBe('invalid_scope');
    expect(error.error_description).toBe('x');
    expect(error.status).toBe(400);
    expect(error.hint).toBe(OAUTH_ERROR_HINTS.invalid_scope);
  });

  it('plain http to a non-loopback host without opt-in is refused and nothing is sent', async () => {
    const fetch = cannedFetch(() => jsonResponse({ access_token: 'at' }));
    const error = await failure({ tokenUrl: 'http://api.clazar.example/authenticate/' }, fetch);
    expect(error.kind).toBe('input');
    expect(error.code).toBe('OAUTH_HTTP_REQUEST_FORBIDDEN');
    expect(fetch.calls).toHaveLength(0);
  });

  it('plain http is sent when the user opted in', async () => {
    const fetch = cannedFetch(() => jsonResponse({ access_token: 'at' }));
    await requestJsonBodyToken(settings({ tokenUrl: 'http://api.clazar.example/authenticate/' }), contextWith(fetch, { allowInsecureHttp: true }));
    expect(fetch.calls).toHaveLength(1);
  });

  it.each([
    [{ tokenUrl: '' }, 'missing_field'],
    [{ tokenUrl: 'not a url' }, 'invalid_url'],
    [{ tokenUrl: 'ftp://files.example/token' }, 'invalid_url'],
    [{ clientId: '' }, 'missing_field'],
    [{ clientSecret: '' }, 'missing_field'],
  ] as const)('%j is an input error (%s) and nothing is sent', async (overrides, code) => {
    const fetch = cannedFetch(() => jsonResponse({ access_token: 'at' }));
    const error = await failure(overrides, fetch);
    expect(error.kind).toBe('input');
    expect(error.code).toBe(code);
    expect(fetch.calls).toHaveLength(0);
  });

  // Regression (fixed; json-body-token.ts via extraHeaders): same as for the form grant: kind `unknown`, not `input`.
  it('an invalid extra header value is an input error and nothing is sent', async () => {
    const fetch = cannedFetch(() => jsonResponse({ access_token: 'at' }));
    const error = await failure({ extraHeaders: [{ key: 'X-Tenant', value: 'a\nb' }] }, fetch);
    expect(error.kind).toBe('input');
    expect(fetch.calls).toHaveLength(0);
  });

  it('a TypeError where the no-cors probe succeeds is kind cors; where it fails, kind network', async () => {
    const blocked = cannedFetch((request) => {
      if (request.init.mode === 'no-cors') return respond(null);
      throw new TypeError('Failed to fetch');
    });
    const down = cannedFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    const wrap = (fetch: FetchLike) => createRecordingFetch({ fetch, label: 'Token request', onExchange: () => undefined });
    expect((await failure({}, wrap(blocked))).kind).toBe('cors');
    expect((await failure({}, wrap(down))).kind).toBe('network');
  });
});
