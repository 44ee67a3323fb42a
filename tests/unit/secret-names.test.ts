import { describe, expect, it } from 'vitest';
import { looksSecretName } from '../../src/lib/http/secret-names';

describe('looksSecretName: the one rule for names whose values are secret', () => {
  it.each([
    // exact wire names
    'client_secret', 'password', 'code', 'code_verifier', 'refresh_token', 'access_token', 'id_token', 'client_assertion', 'device_code',
    'token', 'assertion', 'subject_token', 'actor_token', 'api_key', 'apikey',
    'authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'cookie', 'set-cookie', 'dpop',
    // headers seen in the wild (regression: exact names only let these through)
    'Private-Token', 'X-Auth-Token', 'X-Access-Token', 'Ocp-Apim-Subscription-Key', 'X-Hub-Signature', 'x-signature', 'X-Auth', 'X-Client-Secret', 'X-CSRF-Token',
    // query parameters
    'key', 'access-key', 'secret_key', 'sig-key', 'auth', 'oauth_verifier', 'sessionid', 'JSESSIONID', 'PHPSESSID',
    // camelCase JSON keys
    'accessToken', 'refreshToken', 'idToken', 'clientSecret', 'apiKey', 'APIKey', 'privateKey', 'privateKeyJwk', 'clientAssertion', 'userPassword', 'passphrase', 'pwd',
    'credentials', 'bearerToken',
  ])('%s looks secret', (name) => {
    expect(looksSecretName(name)).toBe(true);
  });

  // Over-matching hides what a log is for: discovery documents and token responses must stay readable.
  it.each([
    'token_type', 'token_endpoint', 'authorization_endpoint', 'token_endpoint_auth_methods_supported', 'end_session_endpoint', 'token_type_hint',
    'issued_token_type', 'client_assertion_type', 'code_challenge', 'code_challenge_method', 'grant_type', 'client_id', 'scope', 'state', 'expires_in',
    'tokenUrl', 'authorizationUrl', 'www-authenticate', 'content-type', 'accept', 'user_code', 'keys', 'public_key', 'publicKey', 'author',
    'id_token_signing_alg_values_supported', 'session_state', 'authorization_details', 'audience', 'x-request-id',
  ])('%s does not look secret', (name) => {
    expect(looksSecretName(name)).toBe(false);
  });
});
