import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { completeAuthorization, startAuthorization, type PendingAuthorization } from '../../src/lib/oauth/authorization-code';
import { describeError } from '../../src/lib/oauth/describe-error';
import { FORM_POST_EXPLANATION } from '../../src/lib/oauth/metadata';
import type { OAuth2Settings } from '../../src/lib/config/auth-config';
import { PlaygroundError } from '../../src/lib/errors/playground-error';
import { createRecordingFetch, type Exchange } from '../../src/lib/http/exchange';
import { NOW, cannedFetch, contextWith, formOf, jsonResponse, rejectionOf, respond, type CannedFetch } from './support/canned-fetch';
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

  // Regression (issue: “a failed ID token check throws away what the server issued”): the code is single-use, so a throw
  // here lost a valid access token for good. The tokens now come back with the rejection, and nothing claims to be validated.
  describe('an ID token that fails a check: the tokens come back with idTokenRejected', () => {
    /** Completes `pending` against `fetch`; a throw fails the test. */
    async function completed(pending: PendingAuthorization, fetch: CannedFetch) {
      return completeAuthorization(callback({ code: 'code-1', state: pending.state }), pending, CLIENT_SECRET, contextWith(fetch));
    }

    /** What every rejected result shares: the token set as issued, no validated claims, no signature verdict. */
    function expectTokensKept(done: Awaited<ReturnType<typeof completeAuthorization>>, idToken: string) {
      expect(done.token.access_token).toBe('at-1');
      expect(done.token.token_type).toBe('bearer');
      expect(done.token.id_token).toBe(idToken);
      expect(done.token.expiresAt).toBe(NOW + 300_000);
      expect(done.token.scope).toBe('openid api:read');
      expect(done).not.toHaveProperty('idTokenClaims');
      expect(done).not.toHaveProperty('idTokenSignature');
    }

    it('wrong aud: check aud, expected the Client ID, received the token’s aud, field Client ID', async () => {
      const pending = await started({ scope: 'openid' });
      const idToken = rs256(idTokenClaims(pending.nonce, { aud: 'someone-else' }));
      const done = await completed(pending, server(openIdBody(idToken)));
      expectTokensKept(done, idToken);
      expect(done.idTokenRejected).toMatchObject({
        check: 'aud',
        expected: CLIENT_ID,
        received: 'someone-else',
        field: 'Client ID',
        message: 'ID token rejected: aud, expected "client1", got "someone-else"',
      });
      expect(done.idTokenRejected?.cause).toBeInstanceOf(oauth.OperationProcessingError);
      expect((done.idTokenRejected?.cause as oauth.OperationProcessingError).code).toBe(oauth.JWT_CLAIM_COMPARISON);
    });

    it('wrong iss: check iss, expected the Issuer, received the token’s iss, field Issuer', async () => {
      const pending = await started({ scope: 'openid' });
      const idToken = rs256(idTokenClaims(pending.nonce, { iss: 'https://evil.example.com' }));
      const done = await completed(pending, server(openIdBody(idToken)));
      expectTokensKept(done, idToken);
      expect(done.idTokenRejected).toMatchObject({
        check: 'iss',
        expected: ISSUER,
        received: 'https://evil.example.com',
        field: 'Issuer',
        message: 'ID token rejected: iss, expected "https://auth.example.com", got "https://evil.example.com"',
      });
    });

    it('wrong nonce: check nonce, expected the nonce sent, received the token’s, no setting to change', async () => {
      const pending = await started({ scope: 'openid' });
      const idToken = rs256(idTokenClaims('another-nonce'));
      const done = await completed(pending, server(openIdBody(idToken)));
      expectTokensKept(done, idToken);
      expect(done.idTokenRejected).toMatchObject({
        check: 'nonce',
        expected: pending.nonce,
        received: 'another-nonce',
        message: `ID token rejected: nonce, expected "${pending.nonce}", got "another-nonce"`,
      });
      expect(done.idTokenRejected).not.toHaveProperty('field');
    });

    it('no nonce at all: check nonce, expected the nonce sent, nothing received', async () => {
      const pending = await started({ scope: 'openid' });
      const idToken = rs256(idTokenClaims(undefined));
      const done = await completed(pending, server(openIdBody(idToken)));
      expectTokensKept(done, idToken);
      expect(done.idTokenRejected).toMatchObject({
        check: 'nonce',
        expected: pending.nonce,
        message: `ID token rejected: nonce: the ID token has no nonce claim, expected "${pending.nonce}"`,
      });
      expect(done.idTokenRejected).not.toHaveProperty('received');
    });

    it('aud naming another party too, with azp naming it: check azp, expected the Client ID, field Client ID', async () => {
      const pending = await started({ scope: 'openid' });
      const idToken = rs256(idTokenClaims(pending.nonce, { aud: [CLIENT_ID, 'other-app'], azp: 'other-app' }));
      const done = await completed(pending, server(openIdBody(idToken)));
      expectTokensKept(done, idToken);
      expect(done.idTokenRejected).toMatchObject({
        check: 'azp',
        expected: CLIENT_ID,
        received: 'other-app',
        field: 'Client ID',
        message: 'ID token rejected: azp, expected "client1", got "other-app"',
      });
    });

    it('an ID token signed with HS256: check alg, expected RS256 (the default), received HS256', async () => {
      const pending = await started({ scope: 'openid' });
      const idToken = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(idTokenClaims(pending.nonce))}.c2ln`;
      const done = await completed(pending, server(openIdBody(idToken)));
      expectTokensKept(done, idToken);
      expect(done.idTokenRejected).toMatchObject({ check: 'alg', expected: 'RS256', received: 'HS256', message: 'ID token rejected: alg, expected "RS256", got "HS256"' });
    });

    describe('by the clock', () => {
      // oauth4webapi reads the real clock (Date.now); fake only Date so promises and WebCrypto run as usual.
      const CLOCK = Date.UTC(2025, 0, 15, 12, 0, 0);
      beforeEach(() => {
        vi.useFakeTimers({ toFake: ['Date'] });
        vi.setSystemTime(CLOCK);
      });
      afterEach(() => {
        vi.useRealTimers();
      });
      const at = (iso: string) => Date.parse(iso) / 1000;

      it('expired exp: check exp, received the expiry, expected a time after now minus the tolerance, with both times in the message', async () => {
        const pending = await started({ scope: 'openid' });
        const idToken = rs256(idTokenClaims(pending.nonce, { iat: at('2025-01-15T10:00:00Z'), exp: at('2025-01-15T11:00:00Z') }));
        const done = await completed(pending, server(openIdBody(idToken)));
        expectTokensKept(done, idToken);
        expect(done.idTokenRejected).toMatchObject({
          check: 'exp',
          expected: 'after 2025-01-15T11:59:30Z',
          received: '2025-01-15T11:00:00Z',
          message: 'ID token rejected: exp: it expired at 2025-01-15T11:00:00Z; this computer’s clock says 2025-01-15T12:00:00Z (30 s tolerance)',
        });
        expect((done.idTokenRejected?.cause as oauth.OperationProcessingError).code).toBe(oauth.JWT_TIMESTAMP_CHECK);
      });

      it('nbf in the future: check nbf, received the not-before time, expected a time before now plus the tolerance', async () => {
        const pending = await started({ scope: 'openid' });
        const idToken = rs256(idTokenClaims(pending.nonce, { iat: at('2025-01-15T12:00:00Z'), exp: at('2025-01-15T13:00:00Z'), nbf: at('2025-01-15T12:10:00Z') }));
        const done = await completed(pending, server(openIdBody(idToken)));
        expectTokensKept(done, idToken);
        expect(done.idTokenRejected).toMatchObject({
          check: 'nbf',
          expected: 'before 2025-01-15T12:00:30Z',
          received: '2025-01-15T12:10:00Z',
          message: 'ID token rejected: nbf: it is not valid before 2025-01-15T12:10:00Z; this computer’s clock says 2025-01-15T12:00:00Z (30 s tolerance)',
        });
      });
    });

    it('bad signature (another key under the same kid): check signature, field JWKS URI, the JWKS URL in the message', async () => {
      const pending = await started({ scope: 'openid', jwksUri: JWKS_URL });
      const idToken = rs256(idTokenClaims(pending.nonce), otherKey.privateKey);
      const fetch = server(openIdBody(idToken));
      const done = await completed(pending, fetch);
      expectTokensKept(done, idToken);
      expect(done.idTokenRejected).toMatchObject({
        check: 'signature',
        field: 'JWKS URI',
        message: `ID token rejected: signature: it did not verify against the JWKS at ${JWKS_URL}`,
      });
      expect((done.idTokenRejected?.cause as Error).message).toBe('JWT signature verification failed');
      expect(fetch.calls.map((call) => `${call.method} ${call.url}`)).toEqual([`POST ${TOKEN_URL}`, `GET ${JWKS_URL}`]);
    });

    it('claims changed after signing: check signature', async () => {
      const pending = await started({ scope: 'openid', jwksUri: JWKS_URL });
      const [header, , signature] = rs256(idTokenClaims(pending.nonce)).split('.');
      const tampered = `${header}.${b64url(idTokenClaims(pending.nonce, { sub: 'admin' }))}.${signature}`;
      const done = await completed(pending, server(openIdBody(tampered)));
      expectTokensKept(done, tampered);
      expect(done.idTokenRejected).toMatchObject({ check: 'signature', field: 'JWKS URI' });
    });

    it('a kid the JWKS does not have: check signature, received the kid, the JWKS URL in the message', async () => {
      const pending = await started({ scope: 'openid', jwksUri: JWKS_URL });
      const idToken = rs256(idTokenClaims(pending.nonce), otherKey.privateKey, 'unknown-kid');
      const done = await completed(pending, server(openIdBody(idToken)));
      expectTokensKept(done, idToken);
      expect(done.idTokenRejected).toMatchObject({
        check: 'signature',
        received: 'unknown-kid',
        field: 'JWKS URI',
        message: `ID token rejected: signature: no key in the JWKS at ${JWKS_URL} fits the ID token’s header (kid "unknown-kid", alg "RS256")`,
      });
      expect((done.idTokenRejected?.cause as oauth.OperationProcessingError).code).toBe(oauth.KEY_SELECTION);
    });

    it('JWKS unreachable (fetch rejects): check jwks, field JWKS URI, the URL and the failure in the message', async () => {
      const pending = await started({ scope: 'openid', jwksUri: JWKS_URL });
      const idToken = rs256(idTokenClaims(pending.nonce));
      const unreachable = new TypeError('fetch failed');
      const fetch = cannedFetch((request) => (request.url === TOKEN_URL ? jsonResponse(openIdBody(idToken)) : Promise.reject(unreachable)));
      const done = await completed(pending, fetch);
      expectTokensKept(done, idToken);
      expect(done.idTokenRejected).toMatchObject({
        check: 'jwks',
        field: 'JWKS URI',
        message: `ID token rejected: jwks: the JWKS at ${JWKS_URL} could not be fetched (fetch failed)`,
      });
      expect(done.idTokenRejected?.cause).toBe(unreachable);
      expect(fetch.calls.map((call) => call.url)).toEqual([TOKEN_URL, JWKS_URL]);
    });

    it('a JWKS URI on the wrong host (404 HTML): check jwks, with the status in the message', async () => {
      const wrongJwks = 'https://other.example.com/jwks';
      const pending = await started({ scope: 'openid', jwksUri: wrongJwks });
      const idToken = rs256(idTokenClaims(pending.nonce));
      const fetch = cannedFetch((request) => (request.url === TOKEN_URL ? jsonResponse(openIdBody(idToken)) : respond('<h1>Not found</h1>', 404, { 'content-type': 'text/html' })));
      const done = await completed(pending, fetch);
      expectTokensKept(done, idToken);
      expect(done.idTokenRejected).toMatchObject({
        check: 'jwks',
        field: 'JWKS URI',
        message: `ID token rejected: jwks: the JWKS at ${wrongJwks} could not be fetched (HTTP 404)`,
      });
    });

    it('a JWKS URI answering something that is not a key set: check jwks', async () => {
      const pending = await started({ scope: 'openid', jwksUri: JWKS_URL });
      const idToken = rs256(idTokenClaims(pending.nonce));
      const done = await completed(pending, server(openIdBody(idToken), { keys: 'none' }));
      expectTokensKept(done, idToken);
      expect(done.idTokenRejected).toMatchObject({
        check: 'jwks',
        field: 'JWKS URI',
        message: `ID token rejected: jwks: the JWKS at ${JWKS_URL} is not a usable key set ("response" body "keys" property must be an array)`,
      });
    });

    it('a plain-http JWKS URI on another host is refused before sending: check jwks, with oauth4webapi’s reason', async () => {
      const pending = await started({ scope: 'openid', jwksUri: 'http://keys.example.com/jwks' });
      const idToken = rs256(idTokenClaims(pending.nonce));
      const fetch = server(openIdBody(idToken));
      const done = await completed(pending, fetch);
      expectTokensKept(done, idToken);
      expect(done.idTokenRejected).toMatchObject({
        check: 'jwks',
        field: 'JWKS URI',
        message: 'ID token rejected: jwks: the JWKS at http://keys.example.com/jwks could not be fetched (only requests to HTTPS are allowed)',
      });
      expect(fetch.calls.map((call) => call.url)).toEqual([TOKEN_URL]);
    });

    describe('through the recording fetch the app uses', () => {
      const recording = (fetch: CannedFetch) => {
        const exchanges: Exchange[] = [];
        return { exchanges, fetch: createRecordingFetch({ fetch, label: 'Token request', onExchange: (e) => exchanges.push(e) }) };
      };

      it('a wrong aud still gives the tokens back (the body is read from completeAuthorization’s own clone)', async () => {
        const pending = await started({ scope: 'openid' });
        const idToken = rs256(idTokenClaims(pending.nonce, { aud: 'someone-else' }));
        const { fetch, exchanges } = recording(server(openIdBody(idToken)));
        const done = await completeAuthorization(callback({ code: 'code-1', state: pending.state }), pending, CLIENT_SECRET, contextWith(fetch));
        expectTokensKept(done, idToken);
        expect(done.idTokenRejected).toMatchObject({ check: 'aud', expected: CLIENT_ID, received: 'someone-else' });
        expect(exchanges).toHaveLength(1);
      });

      it('a JWKS host that cannot be reached: check jwks, the network failure as cause, the tokens kept', async () => {
        const pending = await started({ scope: 'openid', jwksUri: JWKS_URL });
        const idToken = rs256(idTokenClaims(pending.nonce));
        const { fetch } = recording(cannedFetch((request) => (request.url === TOKEN_URL ? jsonResponse(openIdBody(idToken)) : Promise.reject(new TypeError('fetch failed')))));
        const done = await completeAuthorization(callback({ code: 'code-1', state: pending.state }), pending, CLIENT_SECRET, contextWith(fetch));
        expectTokensKept(done, idToken);
        const cause = done.idTokenRejected?.cause;
        expect(cause).toBeInstanceOf(PlaygroundError);
        expect((cause as PlaygroundError).kind).toBe('network');
        expect(done.idTokenRejected).toMatchObject({
          check: 'jwks',
          field: 'JWKS URI',
          message: `ID token rejected: jwks: the JWKS at ${JWKS_URL} could not be fetched (${(cause as PlaygroundError).message.replace(/\.$/, '')})`,
        });
      });
    });

    it('nothing secret in the rejection message: no access token, refresh token or code', async () => {
      const pending = await started({ scope: 'openid', jwksUri: JWKS_URL });
      const idToken = rs256(idTokenClaims('another-nonce'));
      const done = await completed(pending, server({ ...openIdBody(idToken), refresh_token: 'rt-secret-1' }));
      expect(done.token.refresh_token).toBe('rt-secret-1');
      for (const secret of ['at-1', 'rt-secret-1', 'code-1', CLIENT_SECRET, idToken]) expect(done.idTokenRejected?.message).not.toContain(secret);
    });
  });

  describe('errors that are not about the ID token still throw', () => {
    it('an unsupported token_type next to a bad ID token: the token response is not usable, so it throws', async () => {
      const pending = await started({ scope: 'openid' });
      const fetch = server({ ...openIdBody(rs256(idTokenClaims(pending.nonce, { aud: 'someone-else' }))), token_type: 'mac' });
      const raw = await rejectionOf(completeAuthorization(callback({ code: 'code-1', state: pending.state }), pending, CLIENT_SECRET, contextWith(fetch)));
      expect(raw).toBeInstanceOf(oauth.OperationProcessingError);
      expect((raw as oauth.OperationProcessingError).code).toBe(oauth.JWT_CLAIM_COMPARISON);
    });

    it('a token response without access_token but with an ID token throws INVALID_RESPONSE', async () => {
      const pending = await started({ scope: 'openid' });
      const { access_token: _, ...body } = openIdBody(rs256(idTokenClaims(pending.nonce)));
      const fetch = server(body);
      const raw = await rejectionOf(completeAuthorization(callback({ code: 'code-1', state: pending.state }), pending, CLIENT_SECRET, contextWith(fetch)));
      expect((raw as Error).message).toBe('"response" body "access_token" property must be a string');
    });

    it('an id_token that is not a string throws INVALID_RESPONSE', async () => {
      const pending = await started({ scope: 'openid' });
      const fetch = server({ ...openIdBody(''), id_token: 42 });
      const raw = await rejectionOf(completeAuthorization(callback({ code: 'code-1', state: pending.state }), pending, CLIENT_SECRET, contextWith(fetch)));
      expect((raw as oauth.OperationProcessingError).code).toBe(oauth.INVALID_RESPONSE);
    });
  });

  it('requires an ID token when the flow asked for openid', async () => {
    const pending = await started({ scope: 'openid' });
    const fetch = server({ access_token: 'at-1', token_type: 'Bearer' });
    const raw = await rejectionOf(completeAuthorization(callback({ code: 'code-1', state: pending.state }), pending, CLIENT_SECRET, contextWith(fetch)));
    expect((raw as Error).message).toBe('"response" body "id_token" property must be a string');
    expect((await describeError(raw, 'Authorization')).code).toBe(oauth.INVALID_RESPONSE);
  });
});
