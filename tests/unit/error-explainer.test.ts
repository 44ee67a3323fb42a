/**
 * The error explainer's completeness: every OAuth error code of RFC 6749 §5.2 and §4.1.2.1, RFC 8628
 * and RFC 6750 has a plain-words explanation, and the failure kinds the app detects get a specific fix.
 */
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { OAUTH_ERROR_HINTS } from '../../src/lib/errors/oauth-error-codes';
import { describeError } from '../../src/lib/oauth/describe-error';
import { jsonResponse, rejectionOf } from './support/canned-fetch';

const as: oauth.AuthorizationServer = { issuer: 'https://auth.example.com', token_endpoint: 'https://auth.example.com/token' };
const client: oauth.Client = { client_id: 'c' };

const RFC_CODES = {
  'RFC 6749 §5.2': ['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope'],
  'RFC 6749 §4.1.2.1': ['invalid_request', 'unauthorized_client', 'access_denied', 'unsupported_response_type', 'invalid_scope', 'server_error', 'temporarily_unavailable'],
  'RFC 8628 §3.5': ['authorization_pending', 'slow_down', 'access_denied', 'expired_token'],
  'RFC 6750 §3.1': ['invalid_request', 'invalid_token', 'insufficient_scope'],
};

describe('every standard OAuth error code is explained', () => {
  for (const [rfc, codes] of Object.entries(RFC_CODES)) {
    it(rfc, () => {
      for (const code of codes) expect(OAUTH_ERROR_HINTS[code]?.length ?? 0, code).toBeGreaterThan(40);
    });
  }
});

describe('detected failure kinds get a specific fix', () => {
  it('PKCE required (invalid_request whose description says so)', async () => {
    const raw = await rejectionOf(oauth.processAuthorizationCodeResponse(as, client, jsonResponse({ error: 'invalid_request', error_description: 'Authorization Server policy requires PKCE to be used for this request' }, 400)));
    expect((await describeError(raw, 'Token request')).hint).toMatch(/requires PKCE/);
  });

  it('redirect URI mismatch, standard or vendor code', async () => {
    for (const body of [{ error: 'invalid_grant', error_description: 'redirect_uri mismatch' }, { error: 'redirect_uri_mismatch' }]) {
      const raw = await rejectionOf(oauth.processAuthorizationCodeResponse(as, client, jsonResponse(body, 400)));
      expect((await describeError(raw, 'Token request')).hint).toMatch(/exact Redirect URI/);
    }
  });

  it('clock skew on nbf, and an expired JWT, are told apart', async () => {
    const nbf = new oauth.OperationProcessingError('unexpected JWT "nbf" (not before) claim value', { code: oauth.JWT_TIMESTAMP_CHECK });
    const exp = new oauth.OperationProcessingError('unexpected JWT "exp" (expiration time) claim value, expiration is past current timestamp', { code: oauth.JWT_TIMESTAMP_CHECK });
    expect((await describeError(nbf, 'Authorization')).hint).toMatch(/clocks of this computer and the server differ/);
    expect((await describeError(exp, 'Authorization')).hint).toMatch(/has expired/);
  });
});
