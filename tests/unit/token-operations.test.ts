import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { fetchUserInfo, introspectToken, revokeToken } from '../../src/lib/oauth/token-operations';
import { describeError } from '../../src/lib/oauth/describe-error';
import type { OAuth2Settings } from '../../src/lib/config/auth-config';
import { cannedFetch, contextWith, formOf, jsonResponse, rejectionOf, respond } from './support/canned-fetch';
import { oauth2Settings } from './support/settings';

const REVOCATION_URL = 'https://auth.example.com/revoke';
const INTROSPECTION_URL = 'https://auth.example.com/introspect';
const USERINFO_URL = 'https://auth.example.com/me';
const BASIC = `Basic ${btoa('client1:secret1')}`;

const settings = (overrides: Partial<OAuth2Settings> = {}) =>
  oauth2Settings({
    issuer: 'https://auth.example.com',
    clientId: 'client1',
    clientSecret: 'secret1',
    revocationUrl: REVOCATION_URL,
    introspectionUrl: INTROSPECTION_URL,
    userinfoUrl: USERINFO_URL,
    ...overrides,
  });

describe('revokeToken', () => {
  it('posts the token with token_type_hint and the client authentication', async () => {
    const fetch = cannedFetch(() => respond(null, 200));
    await expect(revokeToken(settings(), 'rt-1', 'refresh_token', contextWith(fetch))).resolves.toBeUndefined();
    expect(fetch.calls).toHaveLength(1);
    const sent = fetch.calls[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe(REVOCATION_URL);
    expect(sent.headers.get('authorization')).toBe(BASIC);
    expect(Object.fromEntries(formOf(sent))).toEqual({ token: 'rt-1', token_type_hint: 'refresh_token' });
  });

  it('client_secret_post, and json_body as client_secret_post, put the credentials in the form', async () => {
    for (const clientAuth of ['client_secret_post', 'json_body'] as const) {
      const fetch = cannedFetch(() => respond(null, 200));
      await revokeToken(settings({ clientAuth }), 'at-1', 'access_token', contextWith(fetch));
      expect(fetch.calls[0]!.headers.has('authorization')).toBe(false);
      expect(Object.fromEntries(formOf(fetch.calls[0]))).toEqual({ token: 'at-1', token_type_hint: 'access_token', client_id: 'client1', client_secret: 'secret1' });
    }
  });

  it('an OAuth error from the server becomes an oauth_error', async () => {
    const fetch = cannedFetch(() => jsonResponse({ error: 'unsupported_token_type' }, 400));
    const error = await describeError(await rejectionOf(revokeToken(settings(), 'at-1', 'access_token', contextWith(fetch))), 'Revocation');
    expect(error).toMatchObject({ kind: 'oauth_error', code: 'unsupported_token_type', status: 400 });
  });

  it('refuses an empty Revocation URL without sending', async () => {
    const fetch = cannedFetch(() => respond(null, 200));
    const error = await describeError(await rejectionOf(revokeToken(settings({ revocationUrl: '' }), 'at-1', 'access_token', contextWith(fetch))), 'Revocation');
    expect(error.kind).toBe('input');
    expect(error.code).toBe('missing_field');
    expect(error.message).toBe('Revocation URL is empty.');
    expect(fetch.calls).toHaveLength(0);
  });
});

describe('introspectToken', () => {
  it('posts the token with token_type_hint and the client authentication, and returns the parsed body', async () => {
    const body = { active: true, scope: 'api:read', client_id: 'client1', exp: 1_900_000_000, sub: 'user-42' };
    const fetch = cannedFetch(() => jsonResponse(body));
    expect(await introspectToken(settings(), 'at-1', 'access_token', contextWith(fetch))).toEqual(body);
    const sent = fetch.calls[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe(INTROSPECTION_URL);
    expect(sent.headers.get('authorization')).toBe(BASIC);
    expect(Object.fromEntries(formOf(sent))).toEqual({ token: 'at-1', token_type_hint: 'access_token' });
  });

  it('returns active:false as it is', async () => {
    const fetch = cannedFetch(() => jsonResponse({ active: false }));
    expect(await introspectToken(settings(), 'rt-1', 'refresh_token', contextWith(fetch))).toEqual({ active: false });
    expect(formOf(fetch.calls[0]).get('token_type_hint')).toBe('refresh_token');
  });

  it('a body without a boolean active is malformed', async () => {
    const fetch = cannedFetch(() => jsonResponse({ active: 'yes' }));
    const error = await describeError(await rejectionOf(introspectToken(settings(), 'at-1', 'access_token', contextWith(fetch))), 'Introspection');
    expect(error.kind).toBe('malformed_response');
    expect(error.code).toBe(oauth.INVALID_RESPONSE);
  });

  it('a refused client is an oauth_error invalid_client', async () => {
    const fetch = cannedFetch(() => jsonResponse({ error: 'invalid_client' }, 401));
    const error = await describeError(await rejectionOf(introspectToken(settings(), 'at-1', 'access_token', contextWith(fetch))), 'Introspection');
    expect(error).toMatchObject({ kind: 'oauth_error', code: 'invalid_client', status: 401 });
  });
});

describe('fetchUserInfo', () => {
  const claims = { sub: 'user-42', email: 'someone@example.com' };

  it('sends the access token as Bearer and returns the claims', async () => {
    const fetch = cannedFetch(() => jsonResponse(claims));
    expect(await fetchUserInfo(settings(), 'at-1', undefined, contextWith(fetch))).toEqual(claims);
    expect(fetch.calls).toHaveLength(1);
    const sent = fetch.calls[0]!;
    expect(sent.method).toBe('GET');
    expect(sent.url).toBe(USERINFO_URL);
    expect(sent.headers.get('authorization')).toBe('Bearer at-1');
    expect(sent.body).toBeNull();
  });

  it('accepts a sub equal to the expected one', async () => {
    const fetch = cannedFetch(() => jsonResponse(claims));
    expect(await fetchUserInfo(settings(), 'at-1', 'user-42', contextWith(fetch))).toEqual(claims);
  });

  it('rejects a sub other than the ID token’s as a protocol error', async () => {
    const fetch = cannedFetch(() => jsonResponse({ ...claims, sub: 'someone-else' }));
    const raw = await rejectionOf(fetchUserInfo(settings(), 'at-1', 'user-42', contextWith(fetch)));
    expect((raw as Error).message).toBe('unexpected "response" body "sub" property value');
    const error = await describeError(raw, 'UserInfo request');
    expect(error.kind).toBe('protocol');
    expect(error.code).toBe(oauth.JSON_ATTRIBUTE_COMPARISON);
  });

  it('a bearer challenge is reported as kind challenge with its error', async () => {
    const fetch = cannedFetch(() => respond(null, 401, { 'www-authenticate': 'Bearer error="invalid_token", error_description="expired"' }));
    const error = await describeError(await rejectionOf(fetchUserInfo(settings(), 'at-1', undefined, contextWith(fetch))), 'UserInfo request');
    expect(error).toMatchObject({ kind: 'challenge', code: 'invalid_token', error_description: 'expired', status: 401 });
  });

  it('refuses an empty UserInfo URL without sending', async () => {
    const fetch = cannedFetch(() => jsonResponse(claims));
    const error = await describeError(await rejectionOf(fetchUserInfo(settings({ userinfoUrl: ' ' }), 'at-1', undefined, contextWith(fetch))), 'UserInfo request');
    expect(error.kind).toBe('input');
    expect(error.code).toBe('missing_field');
    expect(fetch.calls).toHaveLength(0);
  });
});
