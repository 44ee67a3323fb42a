// The ID token checks of the OpenID Connect RP conformance basic plan, one test each, through
// `completeAuthorization` (oauth4webapi does the checking) and the one message the user reads.
// Tokens are signed with WebCrypto keys generated here; the JWKS comes from a canned fetch.
// @see https://openid.net/certification/testing/ (oidcc-client-basic)
import * as oauth from 'oauth4webapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { completeAuthorization, startAuthorization, type PendingAuthorization } from '../../src/lib/oauth/authorization-code';
import { describeError } from '../../src/lib/oauth/describe-error';
import { fetchUserInfo } from '../../src/lib/oauth/token-operations';
import { cannedFetch, contextWith, jsonResponse, rejectionOf, type CannedFetch } from './support/canned-fetch';
import { oauth2Settings } from './support/settings';
import { publicJwk, rsaKey, signJwt, type TestKey } from './support/webcrypto-jwt';

const ISSUER = 'https://op.example.com';
const TOKEN_URL = `${ISSUER}/token`;
const JWKS_URL = `${ISSUER}/jwks`;
const USERINFO_URL = `${ISSUER}/userinfo`;
const CLIENT_ID = 'rp-1';

const settings = () =>
  oauth2Settings({
    grantType: 'authorization_code',
    issuer: ISSUER,
    authorizationUrl: `${ISSUER}/authorize`,
    tokenUrl: TOKEN_URL,
    jwksUri: JWKS_URL,
    userinfoUrl: USERINFO_URL,
    clientId: CLIENT_ID,
    clientSecret: '',
    clientAuth: 'none',
    scope: 'openid',
  });

let key1: TestKey;
let key2: TestKey;
beforeAll(async () => {
  [key1, key2] = await Promise.all([rsaKey('key-1'), rsaKey('key-2')]);
});

function claims(nonce: string | undefined, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const all: Record<string, unknown> = { iss: ISSUER, aud: CLIENT_ID, sub: 'user-42', iat: now, exp: now + 300, nonce, ...overrides };
  for (const [name, value] of Object.entries(all)) if (value === undefined) delete all[name];
  return all;
}

/**
 * A server whose token endpoint issues `idTokens` (one per token request, in turn) and whose JWKS
 * answers each of `jwksSeries` in turn; the last of each repeats.
 */
function server(idTokens: string | string[], ...jwksSeries: unknown[]): CannedFetch {
  const issued = typeof idTokens === 'string' ? [idTokens] : idTokens;
  let tokenCalls = 0;
  let jwksCalls = 0;
  return cannedFetch((request) => {
    if (request.url === TOKEN_URL) {
      return jsonResponse({ access_token: 'at-1', token_type: 'Bearer', expires_in: 300, id_token: issued[Math.min(tokenCalls++, issued.length - 1)] });
    }
    if (request.url === JWKS_URL) return jsonResponse(jwksSeries[Math.min(jwksCalls++, jwksSeries.length - 1)]);
    return jsonResponse({ error: 'not_found' }, 404);
  });
}

async function started(): Promise<PendingAuthorization> {
  return (await startAuthorization(settings(), 'https://rp.example.com/', contextWith(cannedFetch(() => Promise.reject(new Error('no request expected')))))).pending;
}

async function complete(pending: PendingAuthorization, fetch: CannedFetch) {
  return completeAuthorization(new URLSearchParams({ code: 'c-1', state: pending.state }), pending, '', contextWith(fetch));
}

const jwksOf = (...keys: TestKey[]) => ({ keys: keys.map((key) => publicJwk(key)) });
const jwksCalls = (fetch: CannedFetch) => fetch.calls.filter((call) => call.url === JWKS_URL).length;

describe('ID token checks (OpenID RP conformance, basic plan)', () => {
  it('a valid ID token signed with the JWKS key is accepted and its signature verified', async () => {
    const pending = await started();
    const done = await complete(pending, server(await signJwt(key1, claims(pending.nonce)), jwksOf(key1, key2)));
    expect(done.idTokenRejected).toBeUndefined();
    expect(done.idTokenSignature).toBe('verified');
    expect(done.idTokenClaims?.sub).toBe('user-42');
  });

  it('alg "none" is refused: an unsigned ID token is never accepted', async () => {
    const pending = await started();
    const done = await complete(pending, server(await signJwt(null, claims(pending.nonce)), jwksOf(key1)));
    expect(done.idTokenRejected).toMatchObject({
      check: 'alg',
      received: 'none',
      message: 'ID token rejected: alg: the ID token is unsigned (alg "none"); only a signed ID token is accepted (expected "RS256")',
    });
    expect(done).not.toHaveProperty('idTokenClaims');
  });

  it('a bad signature (payload changed after signing) is refused', async () => {
    const pending = await started();
    const [header, , signature] = (await signJwt(key1, claims(pending.nonce))).split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify(claims(pending.nonce, { sub: 'admin' }))).toString('base64url')}.${signature}`;
    const done = await complete(pending, server(forged, jwksOf(key1)));
    expect(done.idTokenRejected).toMatchObject({ check: 'signature', message: `ID token rejected: signature: it did not verify against the JWKS at ${JWKS_URL}` });
  });

  it('no kid and a JWKS of one key: the key is used and the ID token accepted', async () => {
    const pending = await started();
    const done = await complete(pending, server(await signJwt(key1, claims(pending.nonce), { kid: undefined }), jwksOf(key1)));
    expect(done.idTokenRejected).toBeUndefined();
    expect(done.idTokenSignature).toBe('verified');
  });

  it('no kid and a JWKS of several keys: refused, saying a kid is needed to choose', async () => {
    const pending = await started();
    const done = await complete(pending, server(await signJwt(key1, claims(pending.nonce), { kid: undefined }), jwksOf(key1, key2)));
    expect(done.idTokenRejected).toMatchObject({
      check: 'signature',
      message: `ID token rejected: signature: the JWKS at ${JWKS_URL} has 2 keys that fit alg "RS256" and the ID token has no kid to say which one signed it`,
    });
  });

  it('an unknown kid: the JWKS is fetched (fresh, at each sign-in), the kid named in the refusal', async () => {
    const pending = await started();
    const fetch = server(await signJwt(key2, claims(pending.nonce)), jwksOf(key1));
    const done = await complete(pending, fetch);
    expect(done.idTokenRejected).toMatchObject({
      check: 'signature',
      received: 'key-2',
      message: `ID token rejected: signature: no key in the JWKS at ${JWKS_URL} fits the ID token’s header (kid "key-2", alg "RS256")`,
    });
    expect(jwksCalls(fetch)).toBe(1);
  });

  it('key rotation: the JWKS is read again at the next sign-in, so a key the server rotated to is accepted', async () => {
    const first = await started();
    const second = await started();
    const fetch = server([await signJwt(key1, claims(first.nonce)), await signJwt(key2, claims(second.nonce))], jwksOf(key1), jwksOf(key2));
    expect((await complete(first, fetch)).idTokenSignature).toBe('verified');
    const done = await complete(second, fetch);
    expect(done.idTokenRejected).toBeUndefined();
    expect(done.idTokenSignature).toBe('verified');
    expect(jwksCalls(fetch)).toBe(2);
  });

  it('a wrong iss is refused with expected and actual', async () => {
    const pending = await started();
    const done = await complete(pending, server(await signJwt(key1, claims(pending.nonce, { iss: 'https://evil.example.com' })), jwksOf(key1)));
    expect(done.idTokenRejected).toMatchObject({ check: 'iss', message: `ID token rejected: iss, expected "${ISSUER}", got "https://evil.example.com"` });
  });

  it('a wrong aud is refused with expected and actual', async () => {
    const pending = await started();
    const done = await complete(pending, server(await signJwt(key1, claims(pending.nonce, { aud: 'another-rp' })), jwksOf(key1)));
    expect(done.idTokenRejected).toMatchObject({ check: 'aud', message: `ID token rejected: aud, expected "${CLIENT_ID}", got "another-rp"` });
  });

  it('a wrong nonce is refused with the nonce sent and the one received', async () => {
    const pending = await started();
    const done = await complete(pending, server(await signJwt(key1, claims(pending.nonce, { nonce: 'replayed-nonce' })), jwksOf(key1)));
    expect(done.idTokenRejected).toMatchObject({ check: 'nonce', message: `ID token rejected: nonce, expected "${pending.nonce}", got "replayed-nonce"` });
  });

  it('a missing sub is refused', async () => {
    const pending = await started();
    const done = await complete(pending, server(await signJwt(key1, claims(pending.nonce, { sub: undefined })), jwksOf(key1)));
    expect(done.idTokenRejected).toMatchObject({ check: 'sub', message: 'ID token rejected: sub: the ID token has no sub claim' });
  });

  it('a missing iat is refused', async () => {
    const pending = await started();
    const done = await complete(pending, server(await signJwt(key1, claims(pending.nonce, { iat: undefined })), jwksOf(key1)));
    expect(done.idTokenRejected).toMatchObject({ check: 'iat', message: 'ID token rejected: iat: the ID token has no iat claim' });
  });

  it('several audiences and no azp is refused', async () => {
    const pending = await started();
    const done = await complete(pending, server(await signJwt(key1, claims(pending.nonce, { aud: [CLIENT_ID, 'another-rp'] })), jwksOf(key1)));
    expect(done.idTokenRejected).toMatchObject({
      check: 'aud',
      message: 'ID token rejected: aud: it names other audiences too (["rp-1","another-rp"]) and has no azp claim saying which one it was issued to',
    });
  });

  it('a UserInfo sub other than the ID token’s is refused, naming both', async () => {
    const fetch = cannedFetch(() => jsonResponse({ sub: 'user-99', email: 'x@example.com' }));
    const error = await describeError(await rejectionOf(fetchUserInfo(settings(), 'at-1', 'user-42', contextWith(fetch))), 'UserInfo request');
    expect(error).toMatchObject({ kind: 'protocol', code: oauth.JSON_ATTRIBUTE_COMPARISON });
    expect(error.hint).toBe('The UserInfo response is about another user (sub "user-99") than the ID token (sub "user-42"); it was not used (OpenID Connect Core §5.3.2).');
  });
});
