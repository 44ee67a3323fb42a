import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import {
  authorizationServerFrom,
  extraHeaders,
  requestClientCredentialsToken,
  tokenRequestParameters,
} from '../../src/lib/oauth/client-credentials';
import { describeError } from '../../src/lib/oauth/describe-error';
import { createRecordingFetch, type Exchange, type FetchLike } from '../../src/lib/http/exchange';
import { PlaygroundError } from '../../src/lib/errors/playground-error';
import { OAUTH_ERROR_HINTS } from '../../src/lib/errors/oauth-error-codes';
import type { OAuth2Settings } from '../../src/lib/config/auth-config';
import { NOW, cannedFetch, contextWith, formOf, jsonResponse, rejectionOf, respond, type CannedFetch } from './support/canned-fetch';
import { oauth2Settings } from './support/settings';

const TOKEN_URL = 'https://auth.example.com/oauth/token';
const okToken = () => jsonResponse({ access_token: 'at-123', token_type: 'Bearer', expires_in: 600, scope: 'api:read' });

/** Runs the grant with `fetch` and returns the error as the app shows it (`describeError(err, 'Token request')`). */
async function failure(settings: OAuth2Settings, fetch: FetchLike, allowInsecureHttp = false) {
  const error = await rejectionOf(requestClientCredentialsToken(settings, contextWith(fetch, { allowInsecureHttp })));
  return describeError(error, 'Token request');
}

describe('the request sent', () => {
  it('client_secret_basic: POSTs a form to the Token URL with Basic base64(form-urlencoded id:secret) and no secret in the body', async () => {
    const fetch = cannedFetch(okToken);
    await requestClientCredentialsToken(
      oauth2Settings({ clientId: 'my client:1', clientSecret: 'p@ss word/+', clientAuth: 'client_secret_basic' }),
      contextWith(fetch),
    );
    expect(fetch.calls).toHaveLength(1);
    const sent = fetch.calls[0]!;
    expect(sent.url).toBe(TOKEN_URL);
    expect(sent.method).toBe('POST');
    // RFC 6749 §2.3.1: each part is application/x-www-form-urlencoded before base64.
    expect(sent.headers.get('authorization')).toBe(`Basic ${btoa('my+client%3A1:p%40ss+word%2F%2B')}`);
    expect(sent.headers.get('content-type')).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(sent.headers.get('accept')).toBe('application/json');
    expect([...formOf(sent)]).toEqual([['grant_type', 'client_credentials']]);
    expect(sent.init.redirect).toBe('manual');
  });

  it('client_secret_post: sends client_id and client_secret as form fields and no Authorization header', async () => {
    const fetch = cannedFetch(okToken);
    await requestClientCredentialsToken(
      oauth2Settings({ clientId: 'post-client', clientSecret: 'post-secret', clientAuth: 'client_secret_post' }),
      contextWith(fetch),
    );
    const sent = fetch.calls[0]!;
    expect(sent.headers.has('authorization')).toBe(false);
    const form = formOf(sent);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_id')).toBe('post-client');
    expect(form.get('client_secret')).toBe('post-secret');
    expect([...form.keys()].sort()).toEqual(['client_id', 'client_secret', 'grant_type']);
  });

  it('none: sends only client_id, even when a secret is filled in', async () => {
    const fetch = cannedFetch(okToken);
    await requestClientCredentialsToken(
      oauth2Settings({ clientId: 'public-client', clientSecret: 'left-over-secret', clientAuth: 'none' }),
      contextWith(fetch),
    );
    const sent = fetch.calls[0]!;
    expect(sent.headers.has('authorization')).toBe(false);
    expect([...formOf(sent)].sort()).toEqual([
      ['client_id', 'public-client'],
      ['grant_type', 'client_credentials'],
    ]);
    expect(sent.body).not.toContain('left-over-secret');
  });

  it('none: an empty client secret is accepted (public client)', async () => {
    const fetch = cannedFetch(okToken);
    const token = await requestClientCredentialsToken(oauth2Settings({ clientSecret: '', clientAuth: 'none' }), contextWith(fetch));
    expect(token.access_token).toBe('at-123');
  });

  it('sends the trimmed scope and every extra parameter, repeating `resource` in order (RFC 8707)', async () => {
    const fetch = cannedFetch(okToken);
    await requestClientCredentialsToken(
      oauth2Settings({
        clientAuth: 'client_secret_post',
        scope: '  api:read api:write ',
        extraParams: [
          { key: 'resource', value: 'https://api.example.com/a' },
          { key: ' resource ', value: 'https://api.example.com/b' },
          { key: 'audience', value: 'orders' },
          { key: '', value: 'ignored blank row' },
        ],
      }),
      contextWith(fetch),
    );
    const form = formOf(fetch.calls[0]);
    expect(form.get('scope')).toBe('api:read api:write');
    expect(form.getAll('resource')).toEqual(['https://api.example.com/a', 'https://api.example.com/b']);
    expect(form.get('audience')).toBe('orders');
    expect(fetch.calls[0]!.body).not.toContain('ignored');
  });

  it('sends no scope parameter when Scope is blank', async () => {
    const fetch = cannedFetch(okToken);
    await requestClientCredentialsToken(oauth2Settings({ scope: '   ' }), contextWith(fetch));
    expect(formOf(fetch.calls[0]).has('scope')).toBe(false);
  });

  it('sends the extra headers', async () => {
    const fetch = cannedFetch(okToken);
    await requestClientCredentialsToken(
      oauth2Settings({ extraHeaders: [{ key: 'X-Tenant', value: 'acme' }, { key: '', value: 'blank row' }] }),
      contextWith(fetch),
    );
    expect(fetch.calls[0]!.headers.get('x-tenant')).toBe('acme');
  });

  // Regression (fixed; client-credentials.ts extraHeaders / requestClientCredentialsToken): the Headers constructor's
  // TypeError escapes unmapped, so describeError reports kind `unknown` ("Unexpected error") instead of
  // `input`, unlike the same mistake in a test request (kind input, code invalid_header).
  it('an invalid extra header name is an input error and nothing is sent', async () => {
    const fetch = cannedFetch(okToken);
    const error = await failure(oauth2Settings({ extraHeaders: [{ key: 'Bad Name', value: '1' }] }), fetch);
    expect(error.kind).toBe('input');
    expect(fetch.calls).toHaveLength(0);
  });

  it('an extra Authorization header is refused by oauth4webapi before sending (kind input)', async () => {
    const fetch = cannedFetch(okToken);
    const error = await failure(oauth2Settings({ extraHeaders: [{ key: 'Authorization', value: 'Bearer x' }] }), fetch);
    expect(error.kind).toBe('input');
    expect(error.code).toBe('ERR_INVALID_ARG_VALUE');
    expect(fetch.calls).toHaveLength(0);
  });
});

describe('the token returned', () => {
  it('is a TokenSet with lower-cased token_type, server scope and expiry from the injected clock', async () => {
    const fetch = cannedFetch(() =>
      jsonResponse({ access_token: 'at-123', token_type: 'Bearer', expires_in: 600, scope: 'api:read', tenant: 'acme' }),
    );
    const token = await requestClientCredentialsToken(oauth2Settings({ scope: 'api:read api:write' }), contextWith(fetch));
    expect(token).toEqual({
      access_token: 'at-123',
      token_type: 'bearer',
      scope: 'api:read',
      scopeFromServer: true,
      expires_in: 600,
      obtainedAt: NOW,
      expiresAt: NOW + 600_000,
      extra: { tenant: 'acme' },
    });
  });

  it('assumes the requested scope when the server omits it', async () => {
    const fetch = cannedFetch(() => jsonResponse({ access_token: 'at', token_type: 'bearer' }));
    const token = await requestClientCredentialsToken(oauth2Settings({ scope: 'api:read' }), contextWith(fetch));
    expect(token.scope).toBe('api:read');
    expect(token.scopeFromServer).toBe(false);
    expect(token.expiresAt).toBeUndefined();
  });

  it('accepts expires_in sent as a numeric string', async () => {
    const fetch = cannedFetch(() => jsonResponse({ access_token: 'at', token_type: 'bearer', expires_in: '3600' }));
    const token = await requestClientCredentialsToken(oauth2Settings(), contextWith(fetch));
    expect(token.expires_in).toBe(3600);
    expect(token.expiresAt).toBe(NOW + 3_600_000);
  });
});

describe('errors, mapped with describeError as the app does', () => {
  it('a 401 with WWW-Authenticate: Basic error="invalid_client" is a challenge carrying the header’s code and description', async () => {
    const header = 'Basic realm="token", error="invalid_client", error_description="Client authentication failed"';
    const fetch = cannedFetch(() => respond('', 401, { 'www-authenticate': header }));
    const error = await failure(oauth2Settings(), fetch);
    expect(error).toBeInstanceOf(PlaygroundError);
    expect(error.kind).toBe('challenge');
    expect(error.code).toBe('invalid_client');
    expect(error.error).toBe('invalid_client');
    expect(error.status).toBe(401);
    expect(error.error_description).toBe('Client authentication failed');
    expect(error.wwwAuthenticate).toBe(header);
    expect(error.hint).toBe(`The server answered HTTP 401 with no body; WWW-Authenticate: error “invalid_client”, error_description “Client authentication failed”. ${OAUTH_ERROR_HINTS.invalid_client}`);
    expect(error.cause).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
  });

  it('a challenge without an error parameter takes code and description from the JSON body', async () => {
    const fetch = cannedFetch(() =>
      jsonResponse({ error: 'invalid_client', error_description: 'unknown client' }, 401, { 'www-authenticate': 'Basic realm="token"' }),
    );
    const error = await failure(oauth2Settings(), fetch);
    expect(error.kind).toBe('challenge');
    expect(error.code).toBe('invalid_client');
    expect(error.error_description).toBe('unknown client');
  });

  it('a 400 JSON {"error":"invalid_scope"} is an oauth_error with the server’s description', async () => {
    const fetch = cannedFetch(() => jsonResponse({ error: 'invalid_scope', error_description: 'x' }, 400));
    const error = await failure(oauth2Settings({ scope: 'nope' }), fetch);
    expect(error.kind).toBe('oauth_error');
    expect(error.code).toBe('invalid_scope');
    expect(error.error).toBe('invalid_scope');
    expect(error.error_description).toBe('x');
    expect(error.status).toBe(400);
    expect(error.message).toBe('Token request failed: the server answered 400 with OAuth error “invalid_scope”.');
    expect(error.hint).toBe(`The server answered HTTP 400 with an application/json body: error “invalid_scope”, error_description “x”. ${OAUTH_ERROR_HINTS.invalid_scope}`);
  });

  it('a 200 text/html page is not_json', async () => {
    const fetch = cannedFetch(() => respond('<!doctype html><title>Sign in</title>', 200, { 'content-type': 'text/html; charset=utf-8' }));
    const error = await failure(oauth2Settings(), fetch);
    expect(error.kind).toBe('not_json');
    expect(error.code).toBe(oauth.RESPONSE_IS_NOT_JSON);
    expect(error.status).toBe(200);
    expect(error.message).toContain('(content-type: text/html; charset=utf-8)');
  });

  it('truncated JSON with application/json is malformed_response OAUTH_PARSE_ERROR', async () => {
    const fetch = cannedFetch(() => respond('{"access_token":"at-1","token_ty', 200, { 'content-type': 'application/json' }));
    const error = await failure(oauth2Settings(), fetch);
    expect(error.kind).toBe('malformed_response');
    expect(error.code).toBe('OAUTH_PARSE_ERROR');
  });

  it('JSON without access_token is malformed_response OAUTH_INVALID_RESPONSE', async () => {
    const fetch = cannedFetch(() => jsonResponse({ token_type: 'bearer', expires_in: 60 }));
    const error = await failure(oauth2Settings(), fetch);
    expect(error.kind).toBe('malformed_response');
    expect(error.code).toBe('OAUTH_INVALID_RESPONSE');
  });

  it('a missing token_type is malformed for the form grant (RFC 6749 §5.1 requires it)', async () => {
    const fetch = cannedFetch(() => jsonResponse({ access_token: 'at' }));
    const error = await failure(oauth2Settings(), fetch);
    expect(error.kind).toBe('malformed_response');
    expect(error.code).toBe(oauth.INVALID_RESPONSE);
  });

  it('a negative expires_in is malformed', async () => {
    const fetch = cannedFetch(() => jsonResponse({ access_token: 'at', token_type: 'bearer', expires_in: -1 }));
    const error = await failure(oauth2Settings(), fetch);
    expect(error.kind).toBe('malformed_response');
    expect(error.code).toBe(oauth.INVALID_RESPONSE);
  });

  it('an unsupported token_type is a protocol error', async () => {
    const fetch = cannedFetch(() => jsonResponse({ access_token: 'at', token_type: 'mac' }));
    const error = await failure(oauth2Settings(), fetch);
    expect(error.kind).toBe('protocol');
    expect(error.code).toBe(oauth.UNSUPPORTED_OPERATION);
  });

  it('a 500 text/plain is an http error with status 500', async () => {
    const fetch = cannedFetch(() => respond('upstream exploded', 500, { 'content-type': 'text/plain' }));
    const error = await failure(oauth2Settings(), fetch);
    expect(error.kind).toBe('http');
    expect(error.status).toBe(500);
    expect(error.code).toBe(oauth.RESPONSE_IS_NOT_CONFORM);
    expect(error.message).toContain('(HTTP 500, text/plain)');
  });

  it('a 400 text/html (no OAuth body) is an http error, not not_json', async () => {
    const fetch = cannedFetch(() => respond('<h1>Bad Request</h1>', 400, { 'content-type': 'text/html' }));
    const error = await failure(oauth2Settings(), fetch);
    expect(error.kind).toBe('http');
    expect(error.status).toBe(400);
  });

  it('plain http to a non-loopback host without opt-in is refused and nothing is sent', async () => {
    const fetch = cannedFetch(okToken);
    const error = await failure(oauth2Settings({ tokenUrl: 'http://auth.example.com/token' }), fetch);
    expect(error.kind).toBe('input');
    expect(error.code).toBe('OAUTH_HTTP_REQUEST_FORBIDDEN');
    expect(fetch.calls).toHaveLength(0);
  });

  it('plain http to a non-loopback host is sent when the user opted in', async () => {
    const fetch = cannedFetch(okToken);
    await requestClientCredentialsToken(oauth2Settings({ tokenUrl: 'http://auth.example.com/token' }), contextWith(fetch, { allowInsecureHttp: true }));
    expect(fetch.calls.map((call) => call.url)).toEqual(['http://auth.example.com/token']);
  });

  it('plain http to loopback is sent without opt-in', async () => {
    const fetch = cannedFetch(okToken);
    await requestClientCredentialsToken(oauth2Settings({ tokenUrl: 'http://127.0.0.1:9090/token' }), contextWith(fetch));
    expect(fetch.calls.map((call) => call.url)).toEqual(['http://127.0.0.1:9090/token']);
  });

  it('an empty Token URL is an input error and nothing is sent', async () => {
    const fetch = cannedFetch(okToken);
    const error = await failure(oauth2Settings({ tokenUrl: '   ' }), fetch);
    expect(error.kind).toBe('input');
    expect(error.code).toBe('missing_field');
    expect(error.message).toBe('Token URL is empty.');
    expect(fetch.calls).toHaveLength(0);
  });

  it('an invalid Token URL is an input error and nothing is sent', async () => {
    const fetch = cannedFetch(okToken);
    const error = await failure(oauth2Settings({ tokenUrl: 'auth.example.com/token' }), fetch);
    expect(error.kind).toBe('input');
    expect(error.code).toBe('invalid_url');
    expect(fetch.calls).toHaveLength(0);
  });

  it('an empty Client ID is an input error', async () => {
    const fetch = cannedFetch(okToken);
    const error = await failure(oauth2Settings({ clientId: ' ' }), fetch);
    expect(error.kind).toBe('input');
    expect(error.code).toBe('missing_field');
    expect(error.message).toBe('Client ID is empty.');
    expect(fetch.calls).toHaveLength(0);
  });

  it.each(['client_secret_basic', 'client_secret_post'] as const)('%s with an empty secret is an input error', async (clientAuth) => {
    const fetch = cannedFetch(okToken);
    const error = await failure(oauth2Settings({ clientAuth, clientSecret: '' }), fetch);
    expect(error.kind).toBe('input');
    expect(error.code).toBe('missing_field');
    expect(error.message).toBe('Client secret is empty.');
    expect(fetch.calls).toHaveLength(0);
  });

  it('refuses json_body: that method has its own function', async () => {
    const error = await rejectionOf(requestClientCredentialsToken(oauth2Settings({ clientAuth: 'json_body' }), contextWith(cannedFetch(okToken))));
    expect(error).toBeInstanceOf(TypeError);
  });
});

describe('transport failures through the recording fetch', () => {
  function recording(fetch: CannedFetch) {
    const exchanges: Exchange[] = [];
    return { exchanges, fetch: createRecordingFetch({ fetch, label: 'Token request', onExchange: (e) => exchanges.push(e) }) };
  }

  it('a TypeError where the no-cors probe succeeds is kind cors', async () => {
    const fetch = cannedFetch((request) => {
      if (request.init.mode === 'no-cors') return respond(null, 200);
      throw new TypeError('Failed to fetch');
    });
    const { fetch: recorded, exchanges } = recording(fetch);
    const error = await failure(oauth2Settings(), recorded);
    expect(error.kind).toBe('cors');
    expect(error.code).toBe('cors_blocked');
    expect(fetch.calls.map((call) => [call.method, call.url, call.init.mode])).toEqual([
      ['POST', TOKEN_URL, undefined],
      ['GET', TOKEN_URL, 'no-cors'],
    ]);
    expect(exchanges.map((e) => e.failure)).toEqual(['cors']);
  });

  it('a TypeError where the probe also fails is kind network', async () => {
    const fetch = cannedFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    const { fetch: recorded, exchanges } = recording(fetch);
    const error = await failure(oauth2Settings(), recorded);
    expect(error.kind).toBe('network');
    expect(error.code).toBe('network_error');
    expect(exchanges.map((e) => e.failure)).toEqual(['network']);
  });

  it('an AbortSignal time-out is kind network, code timeout, and is not probed', async () => {
    const fetch = cannedFetch(() => {
      throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    });
    const { fetch: recorded, exchanges } = recording(fetch);
    const error = await failure(oauth2Settings(), recorded);
    expect(error.kind).toBe('network');
    expect(error.code).toBe('timeout');
    expect(fetch.calls).toHaveLength(1);
    expect(exchanges.map((e) => e.failure)).toEqual(['timeout']);
  });
});

describe('helpers', () => {
  it('authorizationServerFrom uses the issuer when given, the Token URL’s origin otherwise', () => {
    const url = new URL('https://auth.example.com/oauth/token');
    expect(authorizationServerFrom(oauth2Settings({ issuer: ' https://issuer.example.com ' }), url)).toEqual({
      issuer: 'https://issuer.example.com',
      token_endpoint: 'https://auth.example.com/oauth/token',
    });
    expect(authorizationServerFrom(oauth2Settings({ issuer: '' }), url).issuer).toBe('https://auth.example.com');
  });

  it('tokenRequestParameters appends rows after the scope', () => {
    const params = tokenRequestParameters(
      oauth2Settings({ scope: 'a b', extraParams: [{ key: 'resource', value: 'r1' }, { key: 'resource', value: 'r2' }] }),
    );
    expect([...params]).toEqual([
      ['scope', 'a b'],
      ['resource', 'r1'],
      ['resource', 'r2'],
    ]);
  });

  it('extraHeaders skips blank rows and refuses an invalid header name', () => {
    expect([...extraHeaders(oauth2Settings({ extraHeaders: [{ key: 'X-A', value: '1' }, { key: ' ', value: '2' }] }))]).toEqual([['x-a', '1']]);
    expect(() => extraHeaders(oauth2Settings({ extraHeaders: [{ key: 'Bad Name', value: '1' }] }))).toThrow();
  });
});
