import { describe, expect, it } from 'vitest';
import { refreshTokens, requestPasswordToken, requestToken } from '../../src/lib/oauth/token-request';
import { describeError } from '../../src/lib/oauth/describe-error';
import type { OAuth2Settings } from '../../src/lib/config/auth-config';
import { NOW, cannedFetch, contextWith, formOf, jsonResponse, rejectionOf } from './support/canned-fetch';
import { oauth2Settings } from './support/settings';

const TOKEN_URL = 'https://auth.example.com/oauth/token';
const ok = () => jsonResponse({ access_token: 'at', token_type: 'bearer' });

/** Credentials without characters oauth4webapi percent-encodes, so the Basic header is plain base64. */
const BASIC = `Basic ${btoa('client1:secret1')}`;
const withSecret = (overrides: Partial<OAuth2Settings> = {}) => oauth2Settings({ clientId: 'client1', clientSecret: 'secret1', ...overrides });

describe('requestToken', () => {
  it('runs the form-encoded client_credentials grant for client_secret_basic', async () => {
    const fetch = cannedFetch(ok);
    const token = await requestToken(withSecret({ clientAuth: 'client_secret_basic' }), contextWith(fetch));
    expect(token.access_token).toBe('at');
    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls[0]!.headers.get('content-type')).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(fetch.calls[0]!.headers.get('authorization')).toBe(BASIC);
    expect(Object.fromEntries(formOf(fetch.calls[0]))).toEqual({ grant_type: 'client_credentials' });
  });

  it('runs the JSON-body variant for json_body', async () => {
    const fetch = cannedFetch(ok);
    await requestToken(oauth2Settings({ clientAuth: 'json_body', clientId: 'id', clientSecret: 'secret' }), contextWith(fetch));
    expect(fetch.calls[0]!.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(fetch.calls[0]!.body!)).toEqual({ client_id: 'id', client_secret: 'secret' });
  });

  it('runs the password grant: grant_type=password, username, password and scope', async () => {
    const fetch = cannedFetch(() => jsonResponse({ access_token: 'at-pw', token_type: 'Bearer', expires_in: 60, refresh_token: 'rt-pw' }));
    const settings = withSecret({
      grantType: 'password',
      username: ' alice ',
      password: ' pa ss ',
      scope: 'openid api:read',
      extraParams: [{ key: 'audience', value: 'api' }],
    });
    const token = await requestToken(settings, contextWith(fetch));
    expect(fetch.calls).toHaveLength(1);
    const sent = fetch.calls[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe(TOKEN_URL);
    expect(sent.headers.get('authorization')).toBe(BASIC);
    expect(Object.fromEntries(formOf(sent))).toEqual({
      grant_type: 'password',
      username: 'alice',
      password: ' pa ss ', // a password is sent as typed
      scope: 'openid api:read',
      audience: 'api',
    });
    expect(token).toEqual({
      access_token: 'at-pw',
      token_type: 'bearer',
      refresh_token: 'rt-pw',
      scope: 'openid api:read',
      scopeFromServer: false,
      expires_in: 60,
      obtainedAt: NOW,
      expiresAt: NOW + 60_000,
      extra: {},
    });
  });

  it('the password grant sends the extra headers', async () => {
    const fetch = cannedFetch(ok);
    await requestPasswordToken(withSecret({ grantType: 'password', username: 'alice', password: 'pw', extraHeaders: [{ key: 'X-Tenant', value: 'acme' }] }), contextWith(fetch));
    expect(fetch.calls[0]!.headers.get('x-tenant')).toBe('acme');
  });

  it('the password grant refuses an empty Username without sending', async () => {
    const fetch = cannedFetch(ok);
    const error = await describeError(await rejectionOf(requestToken(withSecret({ grantType: 'password', username: ' ', password: 'pw' }), contextWith(fetch))), 'Token request');
    expect(error.kind).toBe('input');
    expect(error.code).toBe('missing_field');
    expect(error.message).toBe('Username is empty.');
    expect(fetch.calls).toHaveLength(0);
  });

  it('the password grant maps invalid_grant to an oauth_error', async () => {
    const fetch = cannedFetch(() => jsonResponse({ error: 'invalid_grant', error_description: 'wrong password' }, 400));
    const error = await describeError(await rejectionOf(requestToken(withSecret({ grantType: 'password', username: 'alice', password: 'x' }), contextWith(fetch))), 'Token request');
    expect(error).toMatchObject({ kind: 'oauth_error', code: 'invalid_grant', error_description: 'wrong password', status: 400 });
  });

  it.each(['authorization_code', 'urn:ietf:params:oauth:grant-type:device_code'] as const)(
    'refuses the interactive %s grant as input interactive_grant without sending anything',
    async (grantType) => {
      const fetch = cannedFetch(ok);
      const error = await describeError(await rejectionOf(requestToken(withSecret({ grantType }), contextWith(fetch))), 'Token request');
      expect(error.kind).toBe('input');
      expect(error.code).toBe('interactive_grant');
      expect(error.message).toBe(`The ${grantType} grant is not a single request.`);
      expect(fetch.calls).toHaveLength(0);
    },
  );
});

describe('refreshTokens', () => {
  it('sends grant_type=refresh_token with the refresh token, authenticating the client', async () => {
    const fetch = cannedFetch(() => jsonResponse({ access_token: 'at-2', token_type: 'Bearer', expires_in: 300 }));
    await refreshTokens(withSecret({ extraParams: [{ key: 'resource', value: 'https://api.example.com' }] }), 'rt-old', contextWith(fetch));
    expect(fetch.calls).toHaveLength(1);
    const sent = fetch.calls[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe(TOKEN_URL);
    expect(sent.headers.get('authorization')).toBe(BASIC);
    expect(Object.fromEntries(formOf(sent))).toEqual({ grant_type: 'refresh_token', refresh_token: 'rt-old', resource: 'https://api.example.com' });
  });

  it('keeps the old refresh token when the server returns none', async () => {
    const fetch = cannedFetch(() => jsonResponse({ access_token: 'at-2', token_type: 'Bearer', expires_in: 300 }));
    const token = await refreshTokens(withSecret({ scope: 'api:read' }), 'rt-old', contextWith(fetch));
    expect(token).toEqual({
      access_token: 'at-2',
      token_type: 'bearer',
      refresh_token: 'rt-old',
      scope: 'api:read',
      scopeFromServer: false,
      expires_in: 300,
      obtainedAt: NOW,
      expiresAt: NOW + 300_000,
      extra: {},
    });
  });

  it('returns the new refresh token when the server rotates it', async () => {
    const fetch = cannedFetch(() => jsonResponse({ access_token: 'at-2', token_type: 'Bearer', refresh_token: 'rt-new' }));
    const token = await refreshTokens(withSecret(), 'rt-old', contextWith(fetch));
    expect(token.access_token).toBe('at-2');
    expect(token.refresh_token).toBe('rt-new');
  });

  it('json_body settings refresh with client_secret_post', async () => {
    const fetch = cannedFetch(ok);
    await refreshTokens(withSecret({ clientAuth: 'json_body' }), 'rt-old', contextWith(fetch));
    expect(fetch.calls[0]!.headers.has('authorization')).toBe(false);
    expect(Object.fromEntries(formOf(fetch.calls[0]))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt-old',
      client_id: 'client1',
      client_secret: 'secret1',
    });
  });

  it('a refused refresh token is an oauth_error invalid_grant', async () => {
    const fetch = cannedFetch(() => jsonResponse({ error: 'invalid_grant', error_description: 'refresh token revoked' }, 400));
    const error = await describeError(await rejectionOf(refreshTokens(withSecret(), 'rt-old', contextWith(fetch))), 'Refresh');
    expect(error).toMatchObject({ kind: 'oauth_error', code: 'invalid_grant', error_description: 'refresh token revoked', status: 400 });
  });

  it('refuses an empty Token URL without sending', async () => {
    const fetch = cannedFetch(ok);
    const error = await describeError(await rejectionOf(refreshTokens(withSecret({ tokenUrl: '' }), 'rt-old', contextWith(fetch))), 'Refresh');
    expect(error.kind).toBe('input');
    expect(error.code).toBe('missing_field');
    expect(fetch.calls).toHaveLength(0);
  });
});
