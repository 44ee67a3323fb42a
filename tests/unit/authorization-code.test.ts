import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { completeAuthorization, startAuthorization, type PendingAuthorization } from '../../src/lib/oauth/authorization-code';
import { describeError } from '../../src/lib/oauth/describe-error';
import { FORM_POST_EXPLANATION } from '../../src/lib/oauth/metadata';
import type { OAuth2Settings } from '../../src/lib/config/auth-config';
import { NOW, cannedFetch, contextWith, formOf, jsonResponse, rejectionOf, type CannedFetch } from './support/canned-fetch';
import { oauth2Settings } from './support/settings';

const ISSUER = 'https://auth.example.com';
const AUTHORIZE_URL = `${ISSUER}/authorize`;
const TOKEN_URL = `${ISSUER}/oauth/token`;
const PAR_URL = `${ISSUER}/par`;
const JWKS_URL = `${ISSUER}/jwks`;
const REDIRECT_URI = 'https://app.example.com/callback';
const CLIENT_ID = 'client1'; // no characters that oauth4webapi percent-encodes in the Basic header
const CLIENT_SECRET = 'S3cretValue0';

/** Authorization Code settings for a confidential client (client_secret_basic) with S256. */
const codeSettings = (overrides: Partial<OAuth2Settings> = {}) =>
  oauth2Settings({
    grantType: 'authorization_code',
    issuer: ISSUER,
    authorizationUrl: AUTHORIZE_URL,
    tokenUrl: TOKEN_URL,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    clientAuth: 'client_secret_basic',
    codeChallengeMethod: 'S256',
    scope: 'api:read',
    ...overrides,
  });

/** A fetch that fails the test if anything is sent. */
const noNetwork = () => cannedFetch(() => Promise.reject(new Error('no request expected')));

/** base64url(SHA-256(verifier)), computed independently of oauth4webapi. */
const s256 = (verifier: string) => createHash('sha256').update(verifier, 'ascii').digest('base64url');

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = rsa();
const otherKey = rsa();

/** A compact RS256 JWS over `claims`, signed with node:crypto. */
function rs256(claims: Record<string, unknown>, privateKey: KeyObject = signingKey.privateKey, kid = 'key-1'): string {
  const input = `${b64url({ alg: 'RS256', typ: 'JWT', kid })}.${b64url(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

/** The public JWK of `publicKey`, as a JWKS endpoint publishes it. */
const jwk = (publicKey: KeyObject, kid = 'key-1') => ({ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' });

/** ID token claims for `nonce`, valid now (oauth4webapi checks against the real clock). */
function idTokenClaims(nonce: string | undefined, overrides: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return { iss: ISSUER, aud: CLIENT_ID, sub: 'user-42', iat: now, exp: now + 300, ...(nonce === undefined ? {} : { nonce }), ...overrides };
}

/** A canned authorization server: token endpoint and JWKS. */
function server(tokenBody: Record<string, unknown>, jwks: unknown = { keys: [jwk(signingKey.publicKey)] }): CannedFetch {
  return cannedFetch((request) => {
    if (request.url === TOKEN_URL) return jsonResponse(tokenBody);
    if (request.url === JWKS_URL) return jsonResponse(jwks);
    return jsonResponse({ error: 'not_found' }, 404);
  });
}

/** Starts a flow (no network: no PAR) and returns its pending record. */
async function started(overrides: Partial<OAuth2Settings> = {}): Promise<PendingAuthorization> {
  return (await startAuthorization(codeSettings(overrides), REDIRECT_URI, contextWith(noNetwork()))).pending;
}

const callback = (values: Record<string, string>) => new URLSearchParams(values);

describe('startAuthorization', () => {
  it('builds the authorization URL with client_id, redirect_uri, response_type=code, state and an S256 challenge; sends nothing', async () => {
    const fetch = noNetwork();
    const { url, pending, pushed } = await startAuthorization(codeSettings(), REDIRECT_URI, contextWith(fetch));
    expect(fetch.calls).toHaveLength(0);
    expect(pushed).toBe(false);
    expect(`${url.origin}${url.pathname}`).toBe(AUTHORIZE_URL);
    expect([...url.searchParams]).toEqual([
      ['client_id', CLIENT_ID],
      ['redirect_uri', REDIRECT_URI],
      ['response_type', 'code'],
      ['state', pending.state],
      ['code_challenge', s256(pending.codeVerifier)],
      ['code_challenge_method', 'S256'],
      ['scope', 'api:read'],
    ]);
    expect(pending.codeChallenge).toBe(s256(pending.codeVerifier));
    // RFC 7636 §4.1: 43 to 128 unreserved characters
    expect(pending.codeVerifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    expect(pending.state).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it('keeps what the flow needs to finish, with the secrets left out of the settings', async () => {
    const settings = codeSettings({ username: 'ro-user', password: 'ro-password-value', authorizeVia: 'popup', privateKeyJwk: '{"kty":"EC","d":"private-part-value"}' });
    const { pending } = await startAuthorization(settings, REDIRECT_URI, contextWith(noNetwork()));
    expect(pending).toEqual({
      state: pending.state,
      codeVerifier: pending.codeVerifier,
      codeChallenge: s256(pending.codeVerifier),
      codeChallengeMethod: 'S256',
      redirectUri: REDIRECT_URI,
      createdAt: NOW,
      via: 'popup',
      settings: { ...settings, clientSecret: '', password: '', privateKeyJwk: '' },
    });
    expect(JSON.stringify(pending)).not.toContain(CLIENT_SECRET);
    expect(JSON.stringify(pending)).not.toContain('ro-password-value');
    expect(JSON.stringify(pending)).not.toContain('private-part-value');
    expect(settings.clientSecret).toBe(CLIENT_SECRET);
  });

  it('plain: the challenge is the verifier itself', async () => {
    const { url, pending } = await startAuthorization(codeSettings({ codeChallengeMethod: 'plain' }), REDIRECT_URI, contextWith(noNetwork()));
    expect(url.searchParams.get('code_challenge')).toBe(pending.codeVerifier);
    expect(url.searchParams.get('code_challenge_method')).toBe('plain');
    expect(pending.codeChallenge).toBe(pending.codeVerifier);
    expect(pending.codeChallengeMethod).toBe('plain');
  });

  it('generates a fresh state and verifier each time', async () => {
    const a = await started();
    const b = await started();
    expect(a.state).not.toBe(b.state);
    expect(a.codeVerifier).not.toBe(b.codeVerifier);
  });

  it('adds a nonce only with the openid scope', async () => {
    const withOpenId = await startAuthorization(codeSettings({ scope: ' profile openid ' }), REDIRECT_URI, contextWith(noNetwork()));
    expect(withOpenId.pending.nonce).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(withOpenId.url.searchParams.get('nonce')).toBe(withOpenId.pending.nonce);
    expect(withOpenId.url.searchParams.get('scope')).toBe('profile openid');
    for (const scope of ['api:read', 'openid-like', '']) {
      const { url, pending } = await startAuthorization(codeSettings({ scope }), REDIRECT_URI, contextWith(noNetwork()));
      expect(url.searchParams.has('nonce')).toBe(false);
      expect(pending).not.toHaveProperty('nonce');
    }
  });

  it('adds prompt, login_hint, response_mode and the extra parameters, keeping the URL’s own query', async () => {
    const settings = codeSettings({
      authorizationUrl: `${AUTHORIZE_URL}?tenant=acme`,
      prompt: ' consent ',
      loginHint: ' someone@example.com ',
      responseMode: 'fragment',
      authParams: [
        { key: 'resource', value: 'https://api.example.com/a' },
        { key: 'resource', value: 'https://api.example.com/b' },
        { key: ' acr_values ', value: 'mfa' },
        { key: '', value: 'ignored blank row' },
      ],
    });
    const { url } = await startAuthorization(settings, REDIRECT_URI, contextWith(noNetwork()));
    expect(url.searchParams.get('tenant')).toBe('acme');
    expect(url.searchParams.get('prompt')).toBe('consent');
    expect(url.searchParams.get('login_hint')).toBe('someone@example.com');
    expect(url.searchParams.get('response_mode')).toBe('fragment');
    expect(url.searchParams.getAll('resource')).toEqual(['https://api.example.com/a', 'https://api.example.com/b']);
    expect(url.searchParams.get('acr_values')).toBe('mfa');
    expect(url.search).not.toContain('ignored');
  });

  it('leaves out prompt, login_hint, response_mode and scope when they are empty', async () => {
    const { url } = await startAuthorization(codeSettings({ scope: ' ', prompt: '', loginHint: ' ', responseMode: '' }), REDIRECT_URI, contextWith(noNetwork()));
    expect([...url.searchParams.keys()]).toEqual(['client_id', 'redirect_uri', 'response_type', 'state', 'code_challenge', 'code_challenge_method']);
  });

  it('refuses response_mode=form_post as input form_post_unsupported, sending nothing', async () => {
    const fetch = noNetwork();
    const raw = await rejectionOf(startAuthorization(codeSettings({ responseMode: 'form_post', usePar: true, parUrl: PAR_URL }), REDIRECT_URI, contextWith(fetch)));
    const error = await describeError(raw, 'Authorization request');
    expect(error.kind).toBe('input');
    expect(error.code).toBe('form_post_unsupported');
    expect(error.hint).toBe(FORM_POST_EXPLANATION);
    expect(fetch.calls).toHaveLength(0);
  });

  it.each([
    ['an empty Authorization URL', { authorizationUrl: '' }, 'missing_field', 'Authorization URL is empty.'],
    ['an empty Token URL', { tokenUrl: ' ' }, 'missing_field', 'Token URL is empty.'],
    ['a missing secret for client_secret_basic', { clientSecret: '' }, 'missing_field', 'Client secret is empty.'],
    ['json_body', { clientAuth: 'json_body' as const }, 'unsupported_client_auth', 'Client authentication json_body only works for the client_credentials grant.'],
    ['PAR without a PAR endpoint', { usePar: true, parUrl: '' }, 'missing_field', 'PAR endpoint is empty.'],
  ])('refuses %s as input', async (_, overrides, code, message) => {
    const fetch = noNetwork();
    const error = await describeError(await rejectionOf(startAuthorization(codeSettings(overrides), REDIRECT_URI, contextWith(fetch))), 'Authorization request');
    expect(error.kind).toBe('input');
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    expect(fetch.calls).toHaveLength(0);
  });

  it('a public client (none) needs no secret', async () => {
    const { url } = await startAuthorization(codeSettings({ clientAuth: 'none', clientSecret: '' }), REDIRECT_URI, contextWith(noNetwork()));
    expect(url.searchParams.get('client_id')).toBe(CLIENT_ID);
  });
});

describe('startAuthorization with PAR', () => {
  const REQUEST_URI = 'urn:ietf:params:oauth:request_uri:abc123';
  const parServer = () => cannedFetch(() => jsonResponse({ request_uri: REQUEST_URI, expires_in: 60 }, 201));

  it('pushes the request to the PAR endpoint with the client authentication, and the URL carries only client_id and request_uri', async () => {
    const fetch = parServer();
    const settings = codeSettings({ usePar: true, parUrl: PAR_URL, scope: 'openid api:read', prompt: 'login', authParams: [{ key: 'audience', value: 'api' }] });
    const { url, pending, pushed } = await startAuthorization(settings, REDIRECT_URI, contextWith(fetch));
    expect(pushed).toBe(true);
    expect(fetch.calls).toHaveLength(1);
    const sent = fetch.calls[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe(PAR_URL);
    expect(sent.headers.get('authorization')).toBe(`Basic ${btoa(`${CLIENT_ID}:${CLIENT_SECRET}`)}`);
    const form = formOf(sent);
    expect(Object.fromEntries(form)).toEqual({
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      state: pending.state,
      code_challenge: s256(pending.codeVerifier),
      code_challenge_method: 'S256',
      scope: 'openid api:read',
      nonce: pending.nonce,
      prompt: 'login',
      audience: 'api',
    });
    expect(`${url.origin}${url.pathname}`).toBe(AUTHORIZE_URL);
    expect([...url.searchParams]).toEqual([
      ['client_id', CLIENT_ID],
      ['request_uri', REQUEST_URI],
    ]);
  });

  // Regression (fixed): authorization-code.ts replaces the whole query (`url.search = ...`) after a pushed request, dropping the
  // Authorization URL's own query; RFC 6749 §3.1 says that query MUST be retained (the non-PAR path keeps it).
  it('keeps the Authorization URL’s own query next to client_id and request_uri (RFC 6749 §3.1)', async () => {
    const fetch = parServer();
    const { url } = await startAuthorization(codeSettings({ usePar: true, parUrl: PAR_URL, authorizationUrl: `${AUTHORIZE_URL}?p=b2c_signin` }), REDIRECT_URI, contextWith(fetch));
    expect([...url.searchParams]).toEqual([
      ['p', 'b2c_signin'],
      ['client_id', CLIENT_ID],
      ['request_uri', REQUEST_URI],
    ]);
  });

  it('client_secret_post sends the secret in the pushed form', async () => {
    const fetch = parServer();
    await startAuthorization(codeSettings({ usePar: true, parUrl: PAR_URL, clientAuth: 'client_secret_post' }), REDIRECT_URI, contextWith(fetch));
    expect(fetch.calls[0]!.headers.has('authorization')).toBe(false);
    expect(formOf(fetch.calls[0]).get('client_secret')).toBe(CLIENT_SECRET);
  });

  it('an OAuth error from the PAR endpoint becomes an oauth_error', async () => {
    const fetch = cannedFetch(() => jsonResponse({ error: 'invalid_request', error_description: 'redirect_uri not registered' }, 400));
    const raw = await rejectionOf(startAuthorization(codeSettings({ usePar: true, parUrl: PAR_URL }), REDIRECT_URI, contextWith(fetch)));
    const error = await describeError(raw, 'Pushed authorization request');
    expect(error).toMatchObject({ kind: 'oauth_error', code: 'invalid_request', error_description: 'redirect_uri not registered', status: 400 });
  });
});

describe('completeAuthorization', () => {
  const tokenBody = { access_token: 'at-1', token_type: 'Bearer', expires_in: 300, refresh_token: 'rt-1', scope: 'api:read' };

  it('redeems the code with the verifier and redirect_uri, authenticating the client', async () => {
    const pending = await started();
    const fetch = server(tokenBody);
    const done = await completeAuthorization(callback({ code: 'code-1', state: pending.state }), pending, CLIENT_SECRET, contextWith(fetch));
    expect(fetch.calls).toHaveLength(1);
    const sent = fetch.calls[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe(TOKEN_URL);
    expect(sent.headers.get('authorization')).toBe(`Basic ${btoa(`${CLIENT_ID}:${CLIENT_SECRET}`)}`);
    expect(Object.fromEntries(formOf(sent))).toEqual({
      grant_type: 'authorization_code',
      code: 'code-1',
      code_verifier: pending.codeVerifier,
      redirect_uri: REDIRECT_URI,
    });
    expect(done).toEqual({
      token: {
        access_token: 'at-1',
        token_type: 'bearer',
        refresh_token: 'rt-1',
        scope: 'api:read',
        scopeFromServer: true,
        expires_in: 300,
        obtainedAt: NOW,
        expiresAt: NOW + 300_000,
        extra: {},
      },
    });
  });

  it('a public client sends client_id and no secret', async () => {
    const pending = await started({ clientAuth: 'none', clientSecret: '' });
    const fetch = server(tokenBody);
    await completeAuthorization(callback({ code: 'code-1', state: pending.state }), pending, '', contextWith(fetch));
    expect(fetch.calls[0]!.headers.has('authorization')).toBe(false);
    expect(formOf(fetch.calls[0]).get('client_id')).toBe(CLIENT_ID);
    expect(formOf(fetch.calls[0]).has('client_secret')).toBe(false);
  });

  it('accepts the iss parameter when it is the issuer', async () => {
    const pending = await started({ issParameterSupported: true });
    const fetch = server(tokenBody);
    const done = await completeAuthorization(callback({ code: 'code-1', state: pending.state, iss: ISSUER }), pending, CLIENT_SECRET, contextWith(fetch));
    expect(done.token.access_token).toBe('at-1');
  });

  // Regression (fixed): describe-error.ts maps every OAUTH_INVALID_RESPONSE to kind `malformed_response` (with a hint about
  // token-response fields), but validateAuthResponse uses that code for a state mismatch: it is a protocol check.
  it('a state mismatch is a protocol error, and no token request is made', async () => {
    const pending = await started();
    const fetch = server(tokenBody);
    const raw = await rejectionOf(completeAuthorization(callback({ code: 'code-1', state: 'forged-state' }), pending, CLIENT_SECRET, contextWith(fetch)));
    expect(raw).toBeInstanceOf(oauth.OperationProcessingError);
    expect((raw as Error).message).toBe('unexpected "state" response parameter value');
    expect(fetch.calls).toHaveLength(0);
    const error = await describeError(raw, 'Authorization');
    expect({ kind: error.kind, code: error.code }).toEqual({ kind: 'protocol', code: oauth.INVALID_RESPONSE });
  });

  // Regression (fixed): same mapping as above (missing state → OAUTH_INVALID_RESPONSE → kind malformed_response).
  it('a response without state is a protocol error, and no token request is made', async () => {
    const pending = await started();
    const fetch = server(tokenBody);
    const raw = await rejectionOf(completeAuthorization(callback({ code: 'code-1' }), pending, CLIENT_SECRET, contextWith(fetch)));
    expect((raw as Error).message).toBe('response parameter "state" missing');
    expect(fetch.calls).toHaveLength(0);
    const error = await describeError(raw, 'Authorization');
    expect({ kind: error.kind, code: error.code }).toEqual({ kind: 'protocol', code: oauth.INVALID_RESPONSE });
  });

  it('error=access_denied is an oauth_error with the server’s description, and nothing is sent', async () => {
    const pending = await started();
    const fetch = server(tokenBody);
    const raw = await rejectionOf(
      completeAuthorization(
        callback({ error: 'access_denied', error_description: 'The user denied the request', state: pending.state }),
        pending,
        CLIENT_SECRET,
        contextWith(fetch),
      ),
    );
    expect(raw).toBeInstanceOf(oauth.AuthorizationResponseError);
    expect(fetch.calls).toHaveLength(0);
    const error = await describeError(raw, 'Authorization');
    expect(error).toMatchObject({ kind: 'oauth_error', code: 'access_denied', error: 'access_denied', error_description: 'The user denied the request' });
  });

  // Regression (fixed): same mapping as above (iss mismatch → OAUTH_INVALID_RESPONSE → kind malformed_response).
  it('an iss other than the issuer is a protocol error (RFC 9207 mix-up defence), and nothing is sent', async () => {
    const pending = await started();
    const fetch = server(tokenBody);
    const raw = await rejectionOf(
      completeAuthorization(callback({ code: 'code-1', state: pending.state, iss: 'https://evil.example.com' }), pending, CLIENT_SECRET, contextWith(fetch)),
    );
    expect(raw).toBeInstanceOf(oauth.OperationProcessingError);
    expect((raw as Error).message).toBe('unexpected "iss" (issuer) response parameter value');
    expect(fetch.calls).toHaveLength(0);
    const error = await describeError(raw, 'Authorization');
    expect({ kind: error.kind, code: error.code }).toEqual({ kind: 'protocol', code: oauth.INVALID_RESPONSE });
  });

  // Regression (fixed): same mapping as above (iss missing although advertised → OAUTH_INVALID_RESPONSE → kind malformed_response).
  it('a missing iss when the server advertises it is a protocol error, and nothing is sent', async () => {
    const pending = await started({ issParameterSupported: true });
    const fetch = server(tokenBody);
    const raw = await rejectionOf(completeAuthorization(callback({ code: 'code-1', state: pending.state }), pending, CLIENT_SECRET, contextWith(fetch)));
    expect((raw as Error).message).toBe('response parameter "iss" (issuer) missing');
    expect(fetch.calls).toHaveLength(0);
    const error = await describeError(raw, 'Authorization');
    expect({ kind: error.kind, code: error.code }).toEqual({ kind: 'protocol', code: oauth.INVALID_RESPONSE });
  });

  it('an OAuth error from the token endpoint becomes an oauth_error with its status', async () => {
    const pending = await started();
    const fetch = cannedFetch(() => jsonResponse({ error: 'invalid_grant', error_description: 'code already used' }, 400));
    const raw = await rejectionOf(completeAuthorization(callback({ code: 'code-1', state: pending.state }), pending, CLIENT_SECRET, contextWith(fetch)));
    const error = await describeError(raw, 'Token request');
    expect(error).toMatchObject({ kind: 'oauth_error', code: 'invalid_grant', error_description: 'code already used', status: 400 });
    expect(fetch.calls).toHaveLength(1);
  });
});

describe('completeAuthorization with OpenID Connect', () => {
  const openIdBody = (idToken: string) => ({ access_token: 'at-1', token_type: 'Bearer', expires_in: 300, id_token: idToken, scope: 'openid api:read' });

  it('accepts an ID token carrying the nonce and returns its claims; without a JWKS the signature is not checked', async () => {
    const pending = await started({ scope: 'openid api:read' });
    const claims = idTokenClaims(pending.nonce, { email: 'someone@example.com' });
    const idToken = rs256(claims);
    const fetch = server(openIdBody(idToken));
    const done = await completeAuthorization(callback({ code: 'code-1', state: pending.state }), pending, CLIENT_SECRET, contextWith(fetch));
    expect(done.idTokenClaims).toEqual(claims);
    expect(done.idTokenSignature).toBe('not-checked');
    expect(done.token.id_token).toBe(idToken);
    expect(fetch.calls.map((call) => call.url)).toEqual([TOKEN_URL]);
  });

  it('with a jwks_uri, verifies the signature against the server’s JWKS', async () => {
    const pending = await started({ scope: 'openid', jwksUri: JWKS_URL });
    const claims = idTokenClaims(pending.nonce);
    const fetch = server(openIdBody(rs256(claims)));
    const done = await completeAuthorization(callback({ code: 'code-1', state: pending.state }), pending, CLIENT_SECRET, contextWith(fetch));
    expect(done.idTokenClaims).toEqual(claims);
    expect(done.idTokenSignature).toBe('verified');
    expect(fetch.calls.map((call) => `${call.method} ${call.url}`)).toEqual([`POST ${TOKEN_URL}`, `GET ${JWKS_URL}`]);
  });

  it('with a jwks_uri, rejects an ID token signed with another key under the same kid', async () => {
    const pending = await started({ scope: 'openid', jwksUri: JWKS_URL });
    const fetch = server(openIdBody(rs256(idTokenClaims(pending.nonce), otherKey.privateKey)));
    const raw = await rejectionOf(completeAuthorization(callback({ code: 'code-1', state: pending.state }), pending, CLIENT_SECRET, contextWith(fetch)));
    expect(raw).toBeInstanceOf(oauth.OperationProcessingError);
    expect((raw as Error).message).toBe('JWT signature verification failed');
    expect((await describeError(raw, 'Authorization')).code).toBe(oauth.INVALID_RESPONSE);
    expect(fetch.calls.map((call) => call.url)).toEqual([TOKEN_URL, JWKS_URL]);
  });

  it('with a jwks_uri, rejects an ID token whose claims were changed after signing', async () => {
    const pending = await started({ scope: 'openid', jwksUri: JWKS_URL });
    const [header, , signature] = rs256(idTokenClaims(pending.nonce)).split('.');
    const tampered = `${header}.${b64url(idTokenClaims(pending.nonce, { sub: 'admin' }))}.${signature}`;
    const fetch = server(openIdBody(tampered));
    const raw = await rejectionOf(completeAuthorization(callback({ code: 'code-1', state: pending.state }), pending, CLIENT_SECRET, contextWith(fetch)));
    expect((raw as Error).message).toBe('JWT signature verification failed');
    expect((await describeError(raw, 'Authorization')).code).toBe(oauth.INVALID_RESPONSE);
  });

  // Regression (fixed; the INVALID_RESPONSE mapping above): a forged ID token signature is shown as a “Malformed response”
  // with the hint about missing access_token fields, instead of a failed protocol check.
  it('a forged ID token signature is reported as kind protocol', async () => {
    const pending = await started({ scope: 'openid', jwksUri: JWKS_URL });
    const fetch = server(openIdBody(rs256(idTokenClaims(pending.nonce), otherKey.privateKey)));
    const raw = await rejectionOf(completeAuthorization(callback({ code: 'code-1', state: pending.state }), pending, CLIENT_SECRET, contextWith(fetch)));
    const error = await describeError(raw, 'Authorization');
    expect({ kind: error.kind, code: error.code }).toEqual({ kind: 'protocol', code: oauth.INVALID_RESPONSE });
  });

  it('with a jwks_uri, rejects an ID token whose kid the JWKS does not have', async () => {
    const pending = await started({ scope: 'openid', jwksUri: JWKS_URL });
    const fetch = server(openIdBody(rs256(idTokenClaims(pending.nonce), otherKey.privateKey, 'unknown-kid')));
    const raw = await rejectionOf(completeAuthorization(callback({ code: 'code-1', state: pending.state }), pending, CLIENT_SECRET, contextWith(fetch)));
    const error = await describeError(raw, 'Authorization');
    expect({ kind: error.kind, code: error.code }).toEqual({ kind: 'protocol', code: oauth.KEY_SELECTION });
  });

  it('rejects an ID token with the wrong nonce', async () => {
    const pending = await started({ scope: 'openid' });
    const fetch = server(openIdBody(rs256(idTokenClaims('another-nonce'))));
    const raw = await rejectionOf(completeAuthorization(callback({ code: 'code-1', state: pending.state }), pending, CLIENT_SECRET, contextWith(fetch)));
    expect((raw as Error).message).toBe('unexpected ID Token "nonce" claim value');
    const error = await describeError(raw, 'Authorization');
    expect({ kind: error.kind, code: error.code }).toEqual({ kind: 'protocol', code: oauth.JWT_CLAIM_COMPARISON });
  });

  it('rejects an ID token without a nonce', async () => {
    const pending = await started({ scope: 'openid' });
    const fetch = server(openIdBody(rs256(idTokenClaims(undefined))));
    const error = await describeError(
      await rejectionOf(completeAuthorization(callback({ code: 'code-1', state: pending.state }), pending, CLIENT_SECRET, contextWith(fetch))),
      'Authorization',
    );
    expect(error.code).toBe(oauth.INVALID_RESPONSE);
  });

  it.each([
    ['another audience', { aud: 'someone-else' }, oauth.JWT_CLAIM_COMPARISON],
    ['another issuer', { iss: 'https://evil.example.com' }, oauth.JWT_CLAIM_COMPARISON],
    ['an expiry in the past', { exp: Math.floor(Date.now() / 1000) - 3600 }, oauth.JWT_TIMESTAMP_CHECK],
  ])('rejects an ID token with %s as a protocol error', async (_, overrides, code) => {
    const pending = await started({ scope: 'openid' });
    const fetch = server(openIdBody(rs256(idTokenClaims(pending.nonce, overrides))));
    const error = await describeError(
      await rejectionOf(completeAuthorization(callback({ code: 'code-1', state: pending.state }), pending, CLIENT_SECRET, contextWith(fetch))),
      'Authorization',
    );
    expect({ kind: error.kind, code: error.code }).toEqual({ kind: 'protocol', code });
  });

  it('requires an ID token when the flow asked for openid', async () => {
    const pending = await started({ scope: 'openid' });
    const fetch = server({ access_token: 'at-1', token_type: 'Bearer' });
    const raw = await rejectionOf(completeAuthorization(callback({ code: 'code-1', state: pending.state }), pending, CLIENT_SECRET, contextWith(fetch)));
    expect((raw as Error).message).toBe('"response" body "id_token" property must be a string');
    expect((await describeError(raw, 'Authorization')).code).toBe(oauth.INVALID_RESPONSE);
  });
});
