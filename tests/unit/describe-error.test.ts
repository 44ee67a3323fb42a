import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/lib/oauth/describe-error';
import { PlaygroundError } from '../../src/lib/errors/playground-error';
import { OAUTH_ERROR_HINTS } from '../../src/lib/errors/oauth-error-codes';
import { jsonResponse, rejectionOf, respond } from './support/canned-fetch';

const as: oauth.AuthorizationServer = { issuer: 'https://auth.example.com', token_endpoint: 'https://auth.example.com/token' };
const client: oauth.Client = { client_id: 'c' };

/** What oauth4webapi throws when it processes `response` as a token response. */
const thrownFor = (response: Response) => rejectionOf(oauth.processClientCredentialsResponse(as, client, response));

describe('describeError', () => {
  it('returns a PlaygroundError unchanged', async () => {
    const original = new PlaygroundError('Token URL is empty.', { kind: 'input', code: 'missing_field' });
    expect(await describeError(original, 'Token request')).toBe(original);
  });

  it('maps ResponseBodyError to oauth_error, keeping error, error_description and status', async () => {
    const raw = await thrownFor(jsonResponse({ error: 'invalid_grant', error_description: 'expired' }, 400));
    expect(raw).toBeInstanceOf(oauth.ResponseBodyError);
    const error = await describeError(raw, 'Refresh');
    expect(error).toMatchObject({
      kind: 'oauth_error',
      code: 'invalid_grant',
      error: 'invalid_grant',
      error_description: 'expired',
      status: 400,
      hint: `The server answered HTTP 400 with an application/json body: error “invalid_grant”, error_description “expired”. ${OAUTH_ERROR_HINTS.invalid_grant}`,
      message: 'Refresh failed: the server answered 400 with OAuth error “invalid_grant”.',
    });
    expect(error.cause).toBe(raw);
  });

  it('gives a generic hint for an error code it does not know', async () => {
    const error = await describeError(await thrownFor(jsonResponse({ error: 'vendor_quota' }, 429)), 'Token request');
    expect(error.code).toBe('vendor_quota');
    expect(error.status).toBe(429);
    expect(error.hint).toBe('The server answered HTTP 429 with an application/json body: error “vendor_quota”. The server sent an error code this app does not know; read its description.');
  });

  it('maps AuthorizationResponseError to oauth_error with the error and error_description from the redirect', async () => {
    const params = new URLSearchParams({ error: 'access_denied', error_description: 'The user pressed Cancel', state: 'st' });
    const raw = (() => {
      try {
        oauth.validateAuthResponse(as, client, params, 'st');
      } catch (error) {
        return error;
      }
      throw new Error('validateAuthResponse accepted an error response');
    })();
    expect(raw).toBeInstanceOf(oauth.AuthorizationResponseError);
    const error = await describeError(raw, 'Authorization');
    expect(error).toMatchObject({
      kind: 'oauth_error',
      code: 'access_denied',
      error: 'access_denied',
      error_description: 'The user pressed Cancel',
      status: undefined,
      hint: OAUTH_ERROR_HINTS.access_denied,
      message: 'The authorization server sent the user back with error “access_denied”; no code was issued, nothing was exchanged.',
    });
    expect(error.cause).toBe(raw);
  });

  it('an AuthorizationResponseError with an unknown code and no description keeps the code and gets a generic hint', async () => {
    const raw = (() => {
      try {
        oauth.validateAuthResponse(as, client, new URLSearchParams({ error: 'vendor_blocked', state: 'st' }), 'st');
      } catch (error) {
        return error;
      }
      throw new Error('validateAuthResponse accepted an error response');
    })();
    const error = await describeError(raw, 'Authorization');
    expect(error.kind).toBe('oauth_error');
    expect(error.code).toBe('vendor_blocked');
    expect(error.error_description).toBeUndefined();
    // the same words as the log entry of the redirect back (explainExchange)
    expect(error.hint).toBe('The server sent an error code this app does not know; read its description.');
  });

  // Regression (fixed): describe-error.ts classifies every OAUTH_INVALID_RESPONSE as `malformed_response` with a hint about
  // token-response fields; validateAuthResponse throws that code for a state mismatch, a protocol check.
  it('maps validateAuthResponse’s state mismatch (OAUTH_INVALID_RESPONSE, no Response cause) to kind protocol', async () => {
    const raw = (() => {
      try {
        oauth.validateAuthResponse(as, client, new URLSearchParams({ code: 'c', state: 'forged' }), 'expected');
      } catch (error) {
        return error;
      }
      throw new Error('validateAuthResponse accepted a forged state');
    })();
    expect(raw).toBeInstanceOf(oauth.OperationProcessingError);
    const error = await describeError(raw, 'Authorization');
    expect(error.code).toBe(oauth.INVALID_RESPONSE);
    expect(error.message).toBe('Authorization failed: unexpected "state" response parameter value (expected "expe…", got "forg…").');
    expect(error.kind).toBe('protocol');
  });

  it('maps a challenge with error in the header to kind challenge with that code and the raw header', async () => {
    const header = 'Bearer realm="api", error="invalid_token", error_description="The access token expired"';
    const raw = await thrownFor(respond(null, 401, { 'www-authenticate': header }));
    expect(raw).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
    const error = await describeError(raw, 'Test request');
    expect(error).toMatchObject({
      kind: 'challenge',
      code: 'invalid_token',
      error: 'invalid_token',
      error_description: 'The access token expired',
      status: 401,
      wwwAuthenticate: header,
      hint: `The server answered HTTP 401 with no body; WWW-Authenticate: error “invalid_token”, error_description “The access token expired”. ${OAUTH_ERROR_HINTS.invalid_token}`,
    });
    expect(error.message).toBe('Test request failed: the server answered 401 with a bearer authentication challenge (“invalid_token”).');
  });

  it('a challenge with no error anywhere gets the code www_authenticate_challenge', async () => {
    const error = await describeError(await thrownFor(respond('nope', 401, { 'www-authenticate': 'Basic realm="x"' })), 'Token request');
    expect(error.kind).toBe('challenge');
    expect(error.code).toBe('www_authenticate_challenge');
    expect(error.error).toBeUndefined();
    expect(error.error_description).toBeUndefined();
  });

  it('a challenge with no error in the header reads error and error_description from a JSON body', async () => {
    const raw = await thrownFor(
      jsonResponse({ error: 'invalid_client', error_description: 'bad secret' }, 401, { 'www-authenticate': 'Basic realm="x"' }),
    );
    const error = await describeError(raw, 'Token request');
    expect(error.code).toBe('invalid_client');
    expect(error.error_description).toBe('bad secret');
  });

  it.each([
    ['200 text/html', () => respond('<html></html>', 200, { 'content-type': 'text/html' }), 'not_json', oauth.RESPONSE_IS_NOT_JSON, 200],
    ['200 truncated JSON', () => respond('{"a":', 200, { 'content-type': 'application/json' }), 'malformed_response', oauth.PARSE_ERROR, undefined],
    ['200 JSON without access_token', () => jsonResponse({ token_type: 'bearer' }), 'malformed_response', oauth.INVALID_RESPONSE, undefined],
    ['502 text/plain', () => respond('bad gateway', 502, { 'content-type': 'text/plain' }), 'http', oauth.RESPONSE_IS_NOT_CONFORM, 502],
    ['403 text/html', () => respond('<h1>Forbidden</h1>', 403, { 'content-type': 'text/html' }), 'http', oauth.RESPONSE_IS_NOT_JSON, 403],
    ['400 JSON without error', () => jsonResponse({ message: 'bad' }, 400), 'http', oauth.RESPONSE_IS_NOT_CONFORM, 400],
  ] as const)('maps OperationProcessingError for %s to %s %s', async (_, response, kind, code, status) => {
    const raw = await thrownFor(response());
    expect(raw).toBeInstanceOf(oauth.OperationProcessingError);
    const error = await describeError(raw, 'Token request');
    expect(error.kind).toBe(kind);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.hint).toBeTypeOf('string');
  });

  it.each([
    [new URL('http://api.example.com/'), true, oauth.HTTP_REQUEST_FORBIDDEN],
    [new URL('ftp://files.example.com/'), false, oauth.REQUEST_PROTOCOL_FORBIDDEN],
  ])('maps checkProtocol’s refusal of %s to kind input', async (url, enforceHttps, code) => {
    const raw = (() => {
      try {
        oauth.checkProtocol(url, enforceHttps);
      } catch (error) {
        return error;
      }
      throw new Error('checkProtocol accepted the URL');
    })();
    const error = await describeError(raw, 'Token request');
    expect(error.kind).toBe('input');
    expect(error.code).toBe(code);
    expect(error.status).toBeUndefined();
  });

  it('maps other processing codes to kind protocol', async () => {
    const raw = new oauth.OperationProcessingError('unexpected JWT "exp" (expiration time) claim value', { code: oauth.JWT_TIMESTAMP_CHECK });
    const error = await describeError(raw, 'Login');
    expect(error.kind).toBe('protocol');
    expect(error.code).toBe(oauth.JWT_TIMESTAMP_CHECK);
    expect(error.message).toBe('Login failed: unexpected JWT "exp" (expiration time) claim value.');
  });

  it('maps UnsupportedOperationError to kind protocol', async () => {
    const error = await describeError(await thrownFor(jsonResponse({ access_token: 'a', token_type: 'mac' })), 'Token request');
    expect(error.kind).toBe('protocol');
    expect(error.code).toBe(oauth.UNSUPPORTED_OPERATION);
    expect(error.message).toBe('Token request failed: unsupported `token_type` value (“mac”).');
    expect(error.hint).toContain('Only Bearer and DPoP tokens');
  });

  it('explains a discovery document naming another issuer', async () => {
    const raw = await rejectionOf(
      oauth.processDiscoveryResponse(new URL('https://auth.example.com'), jsonResponse({ issuer: 'https://evil.example.com' })),
    );
    const error = await describeError(raw, 'Discovery');
    expect(error).toMatchObject({ kind: 'protocol', code: oauth.JSON_ATTRIBUTE_COMPARISON });
    expect(error.hint).toContain('another issuer than the one asked for');
  });

  it('a failed timestamp check gets the clock hint', async () => {
    const raw = new oauth.OperationProcessingError('unexpected JWT "exp" (expiration time) claim value, expiration is past current timestamp', { code: oauth.JWT_TIMESTAMP_CHECK });
    const error = await describeError(raw, 'Authorization');
    expect(error.kind).toBe('protocol');
    expect(error.hint).toContain('clock');
  });

  it('maps oauth4webapi’s coded TypeError (argument check) to kind input with its code', async () => {
    const raw = (() => {
      try {
        oauth.ClientSecretPost(undefined as unknown as string);
      } catch (error) {
        return error;
      }
      throw new Error('ClientSecretPost accepted undefined');
    })();
    const error = await describeError(raw, 'Token request');
    expect(error.kind).toBe('input');
    expect(error.code).toBe('ERR_INVALID_ARG_TYPE');
    expect(error.message.startsWith('Token request not sent: ')).toBe(true);
  });

  it('maps a TypeError without a code, and anything else, to kind unknown keeping the cause', async () => {
    const plain = new TypeError('x is not a function');
    const fromTypeError = await describeError(plain, 'Token request');
    expect(fromTypeError.kind).toBe('unknown');
    expect(fromTypeError.code).toBe('unknown');
    expect(fromTypeError.cause).toBe(plain);
    const fromString = await describeError('boom', 'Token request');
    expect(fromString.kind).toBe('unknown');
    expect(fromString.message).toBe('Token request failed: boom');
  });
});

/** What `validateAuthResponse` throws for `params` against `server`. */
function authResponseError(server: oauth.AuthorizationServer, params: Record<string, string>, expectedState: string): unknown {
  try {
    oauth.validateAuthResponse(server, client, new URLSearchParams(params), expectedState);
  } catch (error) {
    return error;
  }
  throw new Error('validateAuthResponse accepted the response');
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** An unsigned-looking compact JWT (oauth4webapi checks no signature while processing a token response). */
const jwt = (claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256' }) => `${b64url(header)}.${b64url(claims)}.c2ln`;
const nowSeconds = () => Math.floor(Date.now() / 1000);
/** What oauth4webapi throws for a refresh response carrying `idToken` (the same ID token checks as the code flow). */
const idTokenError = (idToken: string) =>
  rejectionOf(oauth.processRefreshTokenResponse(as, client, jsonResponse({ access_token: 'secret-at', token_type: 'Bearer', refresh_token: 'secret-rt', id_token: idToken })));

// Regression (issue: “protocol-check messages without values”): oauth4webapi says which check failed but not with what
// values; the person has to see both, and which setting to change.
describe('describeError names the expected and the received value of a failed check', () => {
  const LOCAL = 'http://127.0.0.1:9090';

  it('iss in the authorization response (RFC 9207): both values, and which way to set Issuer', async () => {
    const raw = authResponseError({ issuer: LOCAL }, { code: 'c', state: 'st-123456', iss: `${LOCAL}/` }, 'st-123456');
    const error = await describeError(raw, 'Authorization');
    expect({ kind: error.kind, code: error.code }).toEqual({ kind: 'protocol', code: oauth.INVALID_RESPONSE });
    expect(error.message).toBe('Authorization failed: unexpected "iss" (issuer) response parameter value (expected "http://127.0.0.1:9090", got "http://127.0.0.1:9090/").');
    expect(error.hint).toBe(
      'The authorization response’s iss is "http://127.0.0.1:9090/", the Issuer field says "http://127.0.0.1:9090": set Issuer to "http://127.0.0.1:9090/" if that server is the right one. Otherwise this is a mix-up between servers (RFC 9207); nothing was exchanged.',
    );
  });

  // oauth4webapi's cause here holds only the parameters, not the issuer expected: the message cannot name it.
  it('iss missing from the authorization response although the server advertises it: says what was advertised', async () => {
    const raw = authResponseError({ issuer: LOCAL, authorization_response_iss_parameter_supported: true }, { code: 'c', state: 'st-123456' }, 'st-123456');
    const error = await describeError(raw, 'Authorization');
    expect(error.message).toBe('Authorization failed: response parameter "iss" (issuer) missing.');
    expect(error.hint).toBe(
      'The server advertises that it sends iss in the authorization response (authorization_response_iss_parameter_supported), but this one has none (RFC 9207): a mix-up between servers, or a server that does not do what its metadata says. Nothing was exchanged.',
    );
  });

  it('state: at most the first 4 characters of each value, never the whole state', async () => {
    const sent = 'Abcd-sent-state-value';
    const got = 'Wxyz-forged-state-value';
    const error = await describeError(authResponseError(as, { code: 'c', state: got }, sent), 'Authorization');
    expect(error.message).toBe('Authorization failed: unexpected "state" response parameter value (expected "Abcd…", got "Wxyz…").');
    expect(error.hint).toContain('"Wxyz…"');
    expect(error.hint).toContain('"Abcd…"');
    for (const text of [error.message, error.hint ?? '']) {
      expect(text).not.toContain(sent);
      expect(text).not.toContain(got);
      expect(text).not.toContain('Abcd-');
    }
  });

  it('state missing: the expected value, shortened, and got none', async () => {
    const error = await describeError(authResponseError(as, { code: 'c' }, 'Abcd-sent-state-value'), 'Authorization');
    expect(error.message).toBe('Authorization failed: response parameter "state" missing (expected "Abcd…", got none).');
  });

  it('issuer in discovery metadata: both values in the message, and the Issuer field in the hint', async () => {
    const raw = await rejectionOf(oauth.processDiscoveryResponse(new URL('https://auth.example.com'), jsonResponse({ issuer: 'https://evil.example.com' })));
    const error = await describeError(raw, 'Discovery');
    expect({ kind: error.kind, code: error.code }).toEqual({ kind: 'protocol', code: oauth.JSON_ATTRIBUTE_COMPARISON });
    expect(error.message).toBe(
      'Discovery failed: "response" body "issuer" property does not match the expected value (expected "https://auth.example.com/", got "https://evil.example.com").',
    );
    expect(error.hint).toBe(
      'The metadata document names another issuer than the one asked for: it says "https://evil.example.com", the Issuer field gives "https://auth.example.com/". It belongs to another server, or the Issuer field differs by a path or a trailing slash; its endpoints were not used. Set Issuer to "https://evil.example.com" if that server is the right one.',
    );
  });

  it.each([
    ['aud', { aud: 'someone-else' }, 'unexpected JWT "aud" (audience) claim value (expected "c", got "someone-else")', 'Client ID'],
    ['iss', { iss: 'https://evil.example.com' }, 'unexpected JWT "iss" (issuer) claim value (expected "https://auth.example.com", got "https://evil.example.com")', 'Issuer'],
    ['azp', { aud: ['c', 'other'], azp: 'other' }, 'unexpected ID Token "azp" (authorized party) claim value (expected "c", got "other")', 'Client ID'],
    ['aud with several audiences and no azp', { aud: ['c', 'other'] }, 'ID Token "aud" (audience) claim includes additional untrusted audiences (got ["c","other"])', 'Client ID'],
  ])('an ID token’s %s: both values, and the setting to check', async (_, overrides, message, field) => {
    const now = nowSeconds();
    const raw = await idTokenError(jwt({ iss: as.issuer, aud: 'c', sub: 'u', iat: now, exp: now + 60, ...overrides }));
    const error = await describeError(raw, 'Refresh');
    expect(error.kind).toBe('protocol');
    expect(error.code).toBe(oauth.JWT_CLAIM_COMPARISON);
    expect(error.message).toBe(`Refresh failed: ${message}.`);
    expect(error.hint).toContain(field);
  });

  it('an expired ID token: the expiry, the clock and the tolerance', async () => {
    const raw = await idTokenError(jwt({ iss: as.issuer, aud: 'c', sub: 'u', iat: 1_736_935_200, exp: 1_736_938_800 }));
    const error = await describeError(raw, 'Refresh');
    expect(error.code).toBe(oauth.JWT_TIMESTAMP_CHECK);
    expect(error.message).toMatch(
      /^Refresh failed: unexpected JWT "exp" \(expiration time\) claim value, expiration is past current timestamp \(exp 2025-01-15T11:00:00Z, this computer’s clock 20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ, 30 s tolerance\)\.$/,
    );
    expect(error.hint).toContain('clock');
  });

  it('an ID token signed with an algorithm not expected: both algorithms', async () => {
    const now = nowSeconds();
    const raw = await idTokenError(jwt({ iss: as.issuer, aud: 'c', sub: 'u', iat: now, exp: now + 60 }, { alg: 'HS256' }));
    const error = await describeError(raw, 'Refresh');
    expect(error.kind).toBe('protocol');
    expect(error.message).toBe('Refresh failed: unexpected JWT "alg" header parameter (expected "RS256", got "HS256").');
  });

  it('a signature that did not verify is a protocol error pointing at the JWKS URI', async () => {
    const raw = new oauth.OperationProcessingError('JWT signature verification failed', { code: oauth.INVALID_RESPONSE, cause: { signature: new Uint8Array(1) } });
    const error = await describeError(raw, 'Authorization');
    expect({ kind: error.kind, code: error.code }).toEqual({ kind: 'protocol', code: oauth.INVALID_RESPONSE });
    expect(error.hint).toContain('JWKS URI');
  });

  it('a nonce mismatch: both nonces', async () => {
    const raw = new oauth.OperationProcessingError('unexpected ID Token "nonce" claim value', {
      code: oauth.JWT_CLAIM_COMPARISON,
      cause: { expected: 'sent-nonce', claims: { nonce: 'other-nonce' }, claim: 'nonce' },
    });
    const error = await describeError(raw, 'Authorization');
    expect(error.message).toBe('Authorization failed: unexpected ID Token "nonce" claim value (expected "sent-nonce", got "other-nonce").');
    expect(error.hint).toContain('replayed');
  });

  it('an unsupported token_type: the value received and the ones accepted', async () => {
    const error = await describeError(await thrownFor(jsonResponse({ access_token: 'a', token_type: 'mac' })), 'Token request');
    expect(error.hint).toBe(
      'The server sent token_type "mac"; expected "Bearer" or "DPoP". Only Bearer and DPoP tokens can be used (RFC 6750, RFC 9449); the token was not kept. The server may need another grant or client setting to issue Bearer tokens.',
    );
  });

  it('never shows a token from the response whose ID token failed', async () => {
    const error = await describeError(await idTokenError(jwt({ iss: 'https://evil.example.com', aud: 'c', sub: 'u', iat: nowSeconds(), exp: nowSeconds() + 60 })), 'Refresh');
    for (const text of [error.message, error.hint ?? '']) {
      expect(text).not.toContain('secret-at');
      expect(text).not.toContain('secret-rt');
    }
  });
});
