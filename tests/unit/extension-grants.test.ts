import { readFileSync } from 'node:fs';
import { importJWK, jwtVerify, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { signJwtBearerAssertion } from '../../src/lib/oauth/extension-grants';
import { requestToken } from '../../src/lib/oauth/token-request';
import { describeError } from '../../src/lib/oauth/describe-error';
import type { OAuth2Settings } from '../../src/lib/config/auth-config';
import { cannedFetch, contextWith, formOf, jsonResponse, rejectionOf } from './support/canned-fetch';
import { oauth2Settings } from './support/settings';

const TOKEN_URL = 'https://auth.example.com/oauth/token';
const BASIC = `Basic ${btoa('client1:secret1')}`;
const ok = (extra: Record<string, unknown> = {}) => () => jsonResponse({ access_token: 'at', token_type: 'Bearer', expires_in: 60, ...extra });
const settings = (overrides: Partial<OAuth2Settings>) => oauth2Settings({ clientId: 'client1', clientSecret: 'secret1', ...overrides });

describe('custom grant', () => {
  it('posts grant_type as typed, then scope and the grant parameters as they are, authenticating the client', async () => {
    const fetch = cannedFetch(ok());
    const token = await requestToken(
      settings({
        grantType: 'custom',
        customGrantType: ' urn:example:params:oauth:grant-type:magic ',
        scope: 'api:read',
        extraParams: [{ key: 'user', value: ' a b ' }, { key: 'resource', value: 'https://a' }, { key: 'resource', value: 'https://b' }, { key: '', value: 'ignored' }],
        extraHeaders: [{ key: 'X-Tenant', value: 'acme' }],
      }),
      contextWith(fetch),
    );
    expect(token.access_token).toBe('at');
    expect(fetch.calls).toHaveLength(1);
    const sent = fetch.calls[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe(TOKEN_URL);
    expect(sent.headers.get('authorization')).toBe(BASIC);
    expect(sent.headers.get('x-tenant')).toBe('acme');
    expect(sent.headers.get('content-type')).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect([...formOf(sent)]).toEqual([
      ['scope', 'api:read'],
      ['user', ' a b '],
      ['resource', 'https://a'],
      ['resource', 'https://b'],
      ['grant_type', 'urn:example:params:oauth:grant-type:magic'],
    ]);
  });

  it('a public client sends its client_id in the form', async () => {
    const fetch = cannedFetch(ok());
    await requestToken(settings({ grantType: 'custom', customGrantType: 'password', clientAuth: 'none', clientSecret: '' }), contextWith(fetch));
    expect(fetch.calls[0]!.headers.get('authorization')).toBeNull();
    expect(Object.fromEntries(formOf(fetch.calls[0]))).toEqual({ grant_type: 'password', client_id: 'client1' });
  });

  it.each([
    ['', 'missing_field', 'Custom grant_type is empty.'],
    ['urn:a b', 'invalid_grant_type', 'Custom grant_type “urn:a b” contains spaces.'],
  ])('refuses the grant type %j as input %s without sending', async (customGrantType, code, message) => {
    const fetch = cannedFetch(ok());
    const error = await describeError(await rejectionOf(requestToken(settings({ grantType: 'custom', customGrantType }), contextWith(fetch))), 'Token request');
    expect(error).toMatchObject({ kind: 'input', code, message });
    expect(fetch.calls).toHaveLength(0);
  });

  it('maps the server’s unsupported_grant_type to an oauth_error with its description', async () => {
    const fetch = cannedFetch(() => jsonResponse({ error: 'unsupported_grant_type', error_description: 'unsupported grant_type requested (urn:x)' }, 400));
    const error = await describeError(await rejectionOf(requestToken(settings({ grantType: 'custom', customGrantType: 'urn:x' }), contextWith(fetch))), 'Token request');
    expect(error).toMatchObject({ kind: 'oauth_error', code: 'unsupported_grant_type', status: 400, error_description: 'unsupported grant_type requested (urn:x)' });
  });
});

describe('token exchange', () => {
  const exchange = (overrides: Partial<OAuth2Settings> = {}) =>
    settings({ grantType: 'urn:ietf:params:oauth:grant-type:token-exchange', subjectToken: ' subject-at ', ...overrides });

  it('sends the subject token and its type, and nothing optional left empty', async () => {
    const fetch = cannedFetch(ok({ issued_token_type: 'urn:ietf:params:oauth:token-type:access_token' }));
    const token = await requestToken(exchange(), contextWith(fetch));
    const sent = fetch.calls[0]!;
    expect(sent.url).toBe(TOKEN_URL);
    expect(sent.headers.get('authorization')).toBe(BASIC);
    expect(Object.fromEntries(formOf(sent))).toEqual({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: 'subject-at',
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    });
    expect(token.extra).toEqual({ issued_token_type: 'urn:ietf:params:oauth:token-type:access_token' });
  });

  it('sends the actor token with its type, audience, resource, requested type, scope and extra rows', async () => {
    const fetch = cannedFetch(ok());
    await requestToken(
      exchange({
        subjectTokenType: 'urn:ietf:params:oauth:token-type:jwt',
        actorToken: 'actor-at',
        actorTokenType: 'urn:ietf:params:oauth:token-type:id_token',
        audience: ' urn:example:api ',
        resource: 'https://api.example.com/',
        requestedTokenType: 'urn:ietf:params:oauth:token-type:refresh_token',
        scope: 'api:read',
        extraParams: [{ key: 'tenant', value: 't1' }],
      }),
      contextWith(fetch),
    );
    expect([...formOf(fetch.calls[0])]).toEqual([
      ['subject_token', 'subject-at'],
      ['subject_token_type', 'urn:ietf:params:oauth:token-type:jwt'],
      ['actor_token', 'actor-at'],
      ['actor_token_type', 'urn:ietf:params:oauth:token-type:id_token'],
      ['audience', 'urn:example:api'],
      ['resource', 'https://api.example.com/'],
      ['requested_token_type', 'urn:ietf:params:oauth:token-type:refresh_token'],
      ['scope', 'api:read'],
      ['tenant', 't1'],
      ['grant_type', 'urn:ietf:params:oauth:grant-type:token-exchange'],
    ]);
  });

  it('accepts token_type N_A for an issued token that is not an access token (RFC 8693 §2.2.1)', async () => {
    const fetch = cannedFetch(() => jsonResponse({ access_token: 'an-id-token', token_type: 'N_A', issued_token_type: 'urn:ietf:params:oauth:token-type:id_token' }));
    const token = await requestToken(exchange({ requestedTokenType: 'urn:ietf:params:oauth:token-type:id_token' }), contextWith(fetch));
    expect(token).toMatchObject({ access_token: 'an-id-token', token_type: 'n_a', extra: { issued_token_type: 'urn:ietf:params:oauth:token-type:id_token' } });
  });

  it('refuses an empty subject token without sending', async () => {
    const fetch = cannedFetch(ok());
    const error = await describeError(await rejectionOf(requestToken(exchange({ subjectToken: ' ' }), contextWith(fetch))), 'Token request');
    expect(error).toMatchObject({ kind: 'input', code: 'missing_field', message: 'Subject token is empty.' });
    expect(fetch.calls).toHaveLength(0);
  });

  it('keeps the server’s invalid_request about the subject token', async () => {
    const fetch = cannedFetch(() => jsonResponse({ error: 'invalid_request', error_description: 'subject_token is unknown, expired or revoked' }, 400));
    const error = await describeError(await rejectionOf(requestToken(exchange(), contextWith(fetch))), 'Token request');
    expect(error).toMatchObject({ kind: 'oauth_error', code: 'invalid_request', status: 400, error_description: 'subject_token is unknown, expired or revoked' });
  });
});

describe('JWT bearer', () => {
  const JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln';
  const bearer = (overrides: Partial<OAuth2Settings> = {}) => settings({ grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: ` ${JWT} `, ...overrides });

  it('sends the assertion, then scope and extra rows, authenticating the client', async () => {
    const fetch = cannedFetch(ok());
    const token = await requestToken(bearer({ scope: 'api:read', extraParams: [{ key: 'tenant', value: 't1' }] }), contextWith(fetch));
    expect(token.access_token).toBe('at');
    const sent = fetch.calls[0]!;
    expect(sent.url).toBe(TOKEN_URL);
    expect(sent.headers.get('authorization')).toBe(BASIC);
    expect([...formOf(sent)]).toEqual([
      ['assertion', JWT],
      ['scope', 'api:read'],
      ['tenant', 't1'],
      ['grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
    ]);
  });

  it.each([
    ['', 'missing_field', 'Assertion is empty.'],
    ['not a jwt', 'invalid_assertion', 'Assertion is not a signed JWT (three base64url parts separated by dots).'],
    ['"eyJa.eyJb.c2ln"', 'invalid_assertion', 'Assertion is not a signed JWT (three base64url parts separated by dots).'],
  ])('refuses the assertion %j as input %s without sending', async (assertion, code, message) => {
    const fetch = cannedFetch(ok());
    const error = await describeError(await rejectionOf(requestToken(bearer({ assertion }), contextWith(fetch))), 'Token request');
    expect(error).toMatchObject({ kind: 'input', code, message });
    expect(fetch.calls).toHaveLength(0);
  });

  it('keeps the server’s invalid_grant explaining which check failed', async () => {
    const fetch = cannedFetch(() => jsonResponse({ error: 'invalid_grant', error_description: 'assertion rejected: ERR_JWT_EXPIRED "exp" claim timestamp check failed' }, 400));
    const error = await describeError(await rejectionOf(requestToken(bearer(), contextWith(fetch))), 'Token request');
    expect(error).toMatchObject({ kind: 'oauth_error', code: 'invalid_grant', status: 400, error_description: 'assertion rejected: ERR_JWT_EXPIRED "exp" claim timestamp check failed' });
  });
});

describe('signJwtBearerAssertion', () => {
  const jwk = JSON.parse(readFileSync(new URL('../../demo/keys/demo-pkjwt.private.jwk.json', import.meta.url), 'utf8')) as JWK;
  const { d: _d, ...publicJwk } = jwk;

  it('signs iss and sub as given, aud the issuer, one minute of life, verifiable with the public key', async () => {
    const assertion = await signJwtBearerAssertion(settings({ issuer: 'https://auth.example.com', privateKeyJwk: JSON.stringify(jwk) }), { iss: ' demo-pkjwt ', sub: 'demo-user' });
    const { payload, protectedHeader } = await jwtVerify(assertion, await importJWK(publicJwk, 'ES256'), { algorithms: ['ES256'] });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: jwk.kid });
    expect(payload).toMatchObject({ iss: 'demo-pkjwt', sub: 'demo-user', aud: 'https://auth.example.com' });
    expect(payload.exp! - payload.iat!).toBe(60);
    expect(typeof payload.jti).toBe('string');
  });

  it.each([
    [{ iss: '', sub: 'u' }, 'Assertion issuer is empty.'],
    [{ iss: 'i', sub: ' ' }, 'Assertion subject is empty.'],
  ])('refuses %j: %s', async (claims, message) => {
    const error = await describeError(await rejectionOf(signJwtBearerAssertion(settings({ privateKeyJwk: JSON.stringify(jwk) }), claims)), 'Signing the assertion');
    expect(error).toMatchObject({ kind: 'input', code: 'missing_field', message });
  });

  it('refuses a missing private key as input invalid_private_key', async () => {
    const error = await describeError(await rejectionOf(signJwtBearerAssertion(settings({ privateKeyJwk: '' }), { iss: 'i', sub: 'u' })), 'Signing the assertion');
    expect(error).toMatchObject({ kind: 'input', code: 'invalid_private_key' });
  });
});
