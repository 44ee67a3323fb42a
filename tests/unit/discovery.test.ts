import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { discover } from '../../src/lib/oauth/discovery';
import { describeError } from '../../src/lib/oauth/describe-error';
import { cannedFetch, contextWith, jsonResponse, rejectionOf, respond } from './support/canned-fetch';

const ISSUER = 'https://auth.example.com';
const OIDC_URL = `${ISSUER}/.well-known/openid-configuration`;
const RFC8414_URL = `${ISSUER}/.well-known/oauth-authorization-server`;

const document = (issuer = ISSUER) => ({
  issuer,
  authorization_endpoint: `${issuer}/authorize`,
  token_endpoint: `${issuer}/token`,
  jwks_uri: `${issuer}/jwks`,
  code_challenge_methods_supported: ['S256'],
});

describe('discover', () => {
  it('uses /.well-known/openid-configuration when the server has it', async () => {
    const fetch = cannedFetch(() => jsonResponse(document()));
    const discovered = await discover(ISSUER, contextWith(fetch));
    expect(discovered).toEqual({ metadata: document(), source: 'openid-configuration' });
    expect(fetch.calls.map((call) => `${call.method} ${call.url}`)).toEqual([`GET ${OIDC_URL}`]);
    expect(fetch.calls[0]!.headers.get('accept')).toBe('application/json');
  });

  it('falls back to /.well-known/oauth-authorization-server after a 404, asking for both in order', async () => {
    const fetch = cannedFetch((request) => (request.url === RFC8414_URL ? jsonResponse(document()) : respond('not found', 404)));
    const discovered = await discover(`  ${ISSUER}  `, contextWith(fetch));
    expect(discovered).toEqual({ metadata: document(), source: 'oauth-authorization-server' });
    expect(fetch.calls.map((call) => `${call.method} ${call.url}`)).toEqual([`GET ${OIDC_URL}`, `GET ${RFC8414_URL}`]);
  });

  it('places the well-known suffix as each spec says for an issuer with a path', async () => {
    const issuer = `${ISSUER}/tenants/acme`;
    const fetch = cannedFetch((request) => (request.url.includes('oauth-authorization-server') ? jsonResponse(document(issuer)) : respond(null, 404)));
    const discovered = await discover(issuer, contextWith(fetch));
    expect(discovered.source).toBe('oauth-authorization-server');
    expect(fetch.calls.map((call) => call.url)).toEqual([
      `${ISSUER}/tenants/acme/.well-known/openid-configuration`,
      `${ISSUER}/.well-known/oauth-authorization-server/tenants/acme`,
    ]);
  });

  it('refuses a document whose issuer is not the one asked for: kind protocol, JSON attribute comparison', async () => {
    const fetch = cannedFetch(() => jsonResponse(document('https://evil.example.com')));
    const raw = await rejectionOf(discover(ISSUER, contextWith(fetch)));
    expect(raw).toBeInstanceOf(oauth.OperationProcessingError);
    const error = await describeError(raw, 'Discovery');
    expect(error.kind).toBe('protocol');
    expect(error.code).toBe(oauth.JSON_ATTRIBUTE_COMPARISON);
    expect(error.code).toBe('OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED');
    expect(error.message).toBe(
      'Discovery failed: "response" body "issuer" property does not match the expected value (expected "https://auth.example.com/", got "https://evil.example.com").',
    );
    expect(fetch.calls).toHaveLength(1);
  });

  it('refuses an issuer mismatch in the fallback document too', async () => {
    const fetch = cannedFetch((request) => (request.url === RFC8414_URL ? jsonResponse(document(`${ISSUER}/other`)) : respond(null, 404)));
    const error = await describeError(await rejectionOf(discover(ISSUER, contextWith(fetch))), 'Discovery');
    expect(error.kind).toBe('protocol');
    expect(error.code).toBe(oauth.JSON_ATTRIBUTE_COMPARISON);
    expect(fetch.calls).toHaveLength(2);
  });

  it('does not fall back on other errors: a 500 is an http error', async () => {
    const fetch = cannedFetch(() => respond('oops', 500, { 'content-type': 'text/plain' }));
    const error = await describeError(await rejectionOf(discover(ISSUER, contextWith(fetch))), 'Discovery');
    expect(error.kind).toBe('http');
    expect(error.code).toBe(oauth.RESPONSE_IS_NOT_CONFORM);
    expect(error.status).toBe(500);
    expect(fetch.calls).toHaveLength(1);
  });

  it('reports a 404 from both documents as an http error with status 404', async () => {
    const fetch = cannedFetch(() => respond('not found', 404));
    const error = await describeError(await rejectionOf(discover(ISSUER, contextWith(fetch))), 'Discovery');
    expect(error.kind).toBe('http');
    expect(error.code).toBe(oauth.RESPONSE_IS_NOT_CONFORM);
    expect(error.status).toBe(404);
    expect(fetch.calls).toHaveLength(2);
  });

  it('refuses an empty Issuer without sending anything', async () => {
    const fetch = cannedFetch(() => jsonResponse(document()));
    const error = await describeError(await rejectionOf(discover('  ', contextWith(fetch))), 'Discovery');
    expect(error.kind).toBe('input');
    expect(error.code).toBe('missing_field');
    expect(error.message).toBe('Issuer is empty.');
    expect(fetch.calls).toHaveLength(0);
  });

  it('refuses plain http to a non-loopback issuer without sending anything, and allows loopback', async () => {
    const fetch = cannedFetch((request) => jsonResponse(document(new URL(request.url).origin)));
    const error = await describeError(await rejectionOf(discover('http://auth.example.com', contextWith(fetch))), 'Discovery');
    expect(error.kind).toBe('input');
    expect(error.code).toBe(oauth.HTTP_REQUEST_FORBIDDEN);
    expect(fetch.calls).toHaveLength(0);
    const local = await discover('http://127.0.0.1:9090', contextWith(fetch));
    expect(local.metadata.issuer).toBe('http://127.0.0.1:9090');
    expect(fetch.calls.map((call) => call.url)).toEqual(['http://127.0.0.1:9090/.well-known/openid-configuration']);
  });
});
