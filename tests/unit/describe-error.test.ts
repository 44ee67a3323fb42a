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
      hint: OAUTH_ERROR_HINTS.invalid_grant,
      message: 'Refresh failed: the server answered 400 with OAuth error “invalid_grant”.',
    });
    expect(error.cause).toBe(raw);
  });

  it('gives a generic hint for an error code it does not know', async () => {
    const error = await describeError(await thrownFor(jsonResponse({ error: 'vendor_quota' }, 429)), 'Token request');
    expect(error.code).toBe('vendor_quota');
    expect(error.status).toBe(429);
    expect(error.hint).toBe('The server sent an error code this app does not know; its description is below.');
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
    expect(error.hint).toBe('The server refused the authorization request; its description is below.');
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
    expect(error.message).toBe('Authorization failed: unexpected "state" response parameter value.');
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
      hint: OAUTH_ERROR_HINTS.invalid_token,
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
