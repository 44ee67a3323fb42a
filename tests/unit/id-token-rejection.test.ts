import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { idTokenRejectionFrom } from '../../src/lib/oauth/id-token-rejection';

const JWKS = 'https://auth.example.com/jwks';
const claimError = (claim: string, expected: unknown, claims: Record<string, unknown>, message = `unexpected JWT "${claim}" claim value`) =>
  new oauth.OperationProcessingError(message, { code: oauth.JWT_CLAIM_COMPARISON, cause: { claim, expected, claims } });

describe('idTokenRejectionFrom', () => {
  it('both values known: "<check>, expected <x>, got <y>", JSON-quoted, with the field to change', () => {
    expect(idTokenRejectionFrom(claimError('iss', 'https://a.example.com', { iss: 'https://b.example.com' }))).toMatchObject({
      check: 'iss',
      expected: 'https://a.example.com',
      received: 'https://b.example.com',
      field: 'Issuer',
      message: 'ID token rejected: iss, expected "https://a.example.com", got "https://b.example.com"',
    });
  });

  it('an aud array is shown as JSON, in the message and in received', () => {
    const rejected = idTokenRejectionFrom(claimError('aud', 'demo-spa', { aud: ['other', 'api'] }));
    expect(rejected).toMatchObject({ check: 'aud', expected: 'demo-spa', received: '["other","api"]', field: 'Client ID' });
    expect(rejected.message).toBe('ID token rejected: aud, expected "demo-spa", got ["other","api"]');
  });

  it('a nonce when none was sent: what it carries, and that none was expected', () => {
    const rejected = idTokenRejectionFrom(claimError('nonce', undefined, { nonce: 'n-1' }, 'unexpected ID Token "nonce" claim value'));
    expect(rejected).toMatchObject({ check: 'nonce', received: 'n-1', message: 'ID token rejected: nonce: the ID token carries nonce "n-1" but none was sent' });
    expect(rejected).not.toHaveProperty('expected');
  });

  it('a claim whose value is not an identifier (c_hash) is named without values', () => {
    const rejected = idTokenRejectionFrom(claimError('c_hash', undefined, { c_hash: 'hash-of-the-code' }, 'invalid ID Token "c_hash" (code hash) claim value'));
    expect(rejected.check).toBe('c_hash');
    expect(rejected).not.toHaveProperty('received');
    expect(rejected.message).toBe('ID token rejected: c_hash: invalid ID Token "c_hash" (code hash) claim value');
  });

  it('an ID token that is not a usable JWT (encrypted, no JWE key): check id_token with oauth4webapi’s message', () => {
    const error = new oauth.UnsupportedOperationError('JWE decryption is not configured', { cause: 'a.b.c.d.e' });
    expect(idTokenRejectionFrom(error)).toEqual({ check: 'id_token', message: 'ID token rejected: id_token: JWE decryption is not configured', cause: error });
  });

  it('with jwksUri: an HS256 ID token cannot be verified against a JWKS (check alg)', () => {
    const error = new oauth.UnsupportedOperationError('unsupported JWS algorithm', { cause: { alg: 'HS256' } });
    expect(idTokenRejectionFrom(error, { jwksUri: JWKS })).toMatchObject({
      check: 'alg',
      received: 'HS256',
      message: `ID token rejected: alg: an ID token signed with "HS256" cannot be verified against the JWKS at ${JWKS}`,
    });
  });

  it('with jwksUri: any other failure is the JWKS itself (check jwks, field JWKS URI)', () => {
    const error = new DOMException('The operation timed out.', 'TimeoutError');
    expect(idTokenRejectionFrom(error, { jwksUri: JWKS })).toEqual({
      check: 'jwks',
      field: 'JWKS URI',
      message: `ID token rejected: jwks: the JWKS at ${JWKS} could not be fetched (The operation timed out)`,
      cause: error,
    });
  });
});
