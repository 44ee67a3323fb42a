import { beforeAll, describe, expect, it } from 'vitest';
import { verifyJwt, type JwtCheck, type JwtReport, type KeySource } from '../../src/lib/oauth/jwt-verify';
import { PlaygroundError } from '../../src/lib/errors/playground-error';
import { NOW, cannedFetch, contextWith, jsonResponse, rejectionOf, respond, type CannedFetch } from './support/canned-fetch';
import { generateKey, publicJwk, rsaKey, signJwt, type TestKey } from './support/webcrypto-jwt';

const ISSUER = 'https://op.example.com';
const JWKS_URL = `${ISSUER}/jwks`;
const DISCOVERY_URL = `${ISSUER}/.well-known/openid-configuration`;
const now = NOW / 1000;

let rs: TestKey;
let rs2: TestKey;
let es: TestKey;
let ps: TestKey;
let ed: TestKey;
beforeAll(async () => {
  [rs, rs2, es, ps, ed] = await Promise.all([rsaKey('rs-1'), rsaKey('rs-2'), generateKey('ES256', 'es-1'), generateKey('PS256', 'ps-1'), generateKey('EdDSA', 'ed-1')]);
});

const claims = (overrides: Record<string, unknown> = {}) => ({ iss: ISSUER, aud: 'api', sub: 'user-42', iat: now - 60, nbf: now - 60, exp: now + 240, ...overrides });
const jwks = (...keys: TestKey[]) => ({ keys: keys.map(publicJwk) });

/** An issuer whose discovery points to its JWKS, which answers each of `series` in turn (the last repeats). */
function issuer(...series: unknown[]): CannedFetch {
  let calls = 0;
  return cannedFetch((request) => {
    if (request.url === DISCOVERY_URL) return jsonResponse({ issuer: ISSUER, jwks_uri: JWKS_URL });
    if (request.url === JWKS_URL) return jsonResponse(series[Math.min(calls++, series.length - 1)]);
    return respond('not found', 404);
  });
}

const byName = (report: JwtReport) => Object.fromEntries(report.checks.map((check) => [check.name, check])) as Record<JwtCheck['name'], JwtCheck>;
const statuses = (report: JwtReport) => Object.fromEntries(report.checks.map((check) => [check.name, check.status]));
const FROM_ISSUER: KeySource = { kind: 'issuer', issuer: ISSUER };

describe('verifyJwt', () => {
  it('against an issuer: discovers its JWKS, and every check passes with what it expected and what it found', async () => {
    const fetch = issuer(jwks(rs, es));
    const report = await verifyJwt(await signJwt(rs, claims()), FROM_ISSUER, { audience: 'api' }, contextWith(fetch));
    expect(report.valid).toBe(true);
    expect(statuses(report)).toEqual({ alg: 'pass', kid: 'pass', signature: 'pass', iss: 'pass', aud: 'pass', exp: 'pass', nbf: 'pass', iat: 'pass' });
    const checks = byName(report);
    expect(checks.alg).toMatchObject({ actual: 'RS256' });
    expect(checks.kid).toMatchObject({ expected: 'a RS256 key with kid "rs-1"', actual: 'rs-1', message: `Key "rs-1" of the JWKS at ${JWKS_URL} is used.` });
    expect(checks.signature).toMatchObject({ expected: 'verifies with key "rs-1"', actual: 'verifies' });
    expect(checks.iss).toMatchObject({ expected: ISSUER, actual: ISSUER });
    expect(checks.aud).toMatchObject({ expected: 'api', actual: 'api' });
    expect(checks.exp).toMatchObject({ time: now + 240, expected: 'after now − 30 s' });
    expect(report.keysFrom).toBe(`the JWKS at ${JWKS_URL}`);
    expect(fetch.calls.map((call) => call.url)).toEqual([DISCOVERY_URL, JWKS_URL]);
  });

  it.each(['ES256', 'PS256', 'EdDSA'] as const)('verifies %s signatures', async (alg) => {
    const key = { ES256: es, PS256: ps, EdDSA: ed }[alg];
    const report = await verifyJwt(await signJwt(key, claims()), { kind: 'jwks_uri', url: JWKS_URL }, {}, contextWith(issuer(jwks(rs, es, ps, ed))));
    expect(byName(report).signature.status).toBe('pass');
  });

  it('one character changed in the signature: the signature check fails, saying what that means', async () => {
    const token = await signJwt(rs, claims());
    const tampered = token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.at(-1);
    const report = await verifyJwt(tampered, FROM_ISSUER, {}, contextWith(issuer(jwks(rs))));
    expect(report.valid).toBe(false);
    expect(byName(report).signature).toMatchObject({
      status: 'fail',
      expected: 'verifies with key "rs-1"',
      actual: 'does not verify',
      message: 'The signature does not verify: the token was changed after signing, or another key signed it.',
    });
  });

  it('claims changed after signing: the signature fails', async () => {
    const [header, , signature] = (await signJwt(rs, claims())).split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify(claims({ sub: 'admin' }))).toString('base64url')}.${signature}`;
    expect(byName(await verifyJwt(forged, FROM_ISSUER, {}, contextWith(issuer(jwks(rs))))).signature.status).toBe('fail');
  });

  it('a wrong expected issuer and audience: both fail showing expected and actual', async () => {
    const report = await verifyJwt(await signJwt(rs, claims()), FROM_ISSUER, { issuer: 'https://other.example.com', audience: 'billing' }, contextWith(issuer(jwks(rs))));
    expect(byName(report).iss).toMatchObject({ status: 'fail', expected: 'https://other.example.com', actual: ISSUER, message: 'Another issuer made this token.' });
    expect(byName(report).aud).toMatchObject({ status: 'fail', expected: 'billing', actual: 'api', message: 'The token is meant for another audience.' });
    expect(byName(report).signature.status).toBe('pass');
  });

  it('an issuer differing by a trailing slash is named as such', async () => {
    const report = await verifyJwt(await signJwt(rs, claims({ iss: `${ISSUER}/` })), FROM_ISSUER, {}, contextWith(issuer(jwks(rs))));
    expect(byName(report).iss.message).toBe('Another issuer made this token. They differ only by a trailing slash: the comparison is exact.');
  });

  it('an aud array containing the expected audience passes; nothing expected: not compared', async () => {
    const token = await signJwt(rs, claims({ aud: ['api', 'other'] }));
    expect(byName(await verifyJwt(token, FROM_ISSUER, { audience: 'api' }, contextWith(issuer(jwks(rs))))).aud).toMatchObject({ status: 'pass', actual: '["api","other"]' });
    expect(byName(await verifyJwt(token, FROM_ISSUER, {}, contextWith(issuer(jwks(rs))))).aud).toMatchObject({ status: 'skip', message: 'Not compared: no expected audience.' });
  });

  it('expired, not yet valid, issued in the future: each time check fails on its own', async () => {
    const report = await verifyJwt(await signJwt(rs, claims({ exp: now - 31, nbf: now + 120, iat: now + 120 })), FROM_ISSUER, {}, contextWith(issuer(jwks(rs))));
    expect(byName(report).exp).toMatchObject({ status: 'fail', time: now - 31, message: 'Expired.' });
    expect(byName(report).nbf).toMatchObject({ status: 'fail', message: 'Not valid yet.' });
    expect(byName(report).iat).toMatchObject({ status: 'fail', message: 'Issued in the future: this computer’s clock or the server’s is wrong.' });
  });

  it('within the 30 s tolerance an exp just past still passes', async () => {
    const report = await verifyJwt(await signJwt(rs, claims({ exp: now - 29 })), FROM_ISSUER, {}, contextWith(issuer(jwks(rs))));
    expect(byName(report).exp.status).toBe('pass');
  });

  it('alg "none" fails and nothing is fetched', async () => {
    const fetch = issuer(jwks(rs));
    const report = await verifyJwt(await signJwt(null, claims()), FROM_ISSUER, {}, contextWith(fetch));
    expect(byName(report).alg).toMatchObject({ status: 'fail', actual: 'none', message: 'The token is unsigned (alg "none"): nothing vouches for its claims.' });
    expect(byName(report).signature.status).toBe('fail');
    expect(fetch.calls).toEqual([]);
  });

  it('an HS256 token cannot be verified with a public key', async () => {
    const token = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.c2ln`;
    expect(byName(await verifyJwt(token, FROM_ISSUER, {}, contextWith(issuer(jwks(rs))))).alg.message).toBe('HS256 is signed with a shared secret: a public key (JWKS) cannot verify it.');
  });

  it('no kid and one key fits: that key is used', async () => {
    const report = await verifyJwt(await signJwt(rs, claims(), { kid: undefined }), FROM_ISSUER, {}, contextWith(issuer(jwks(rs, es))));
    expect(byName(report).kid).toMatchObject({ status: 'pass', actual: '(none)', message: `No kid: the one key of the JWKS at ${JWKS_URL} that fits RS256 is used.` });
    expect(byName(report).signature.status).toBe('pass');
  });

  it('no kid and several keys fit: refused, a kid is needed to choose', async () => {
    const report = await verifyJwt(await signJwt(rs, claims(), { kid: undefined }), FROM_ISSUER, {}, contextWith(issuer(jwks(rs, rs2))));
    expect(byName(report).kid).toMatchObject({ status: 'fail', message: `The JWKS at ${JWKS_URL} has 2 keys that fit RS256 and the token has no kid to say which one signed it.` });
    expect(byName(report).signature).toMatchObject({ status: 'fail', message: 'Not verified: no key to verify it with.' });
  });

  it('key rotation: a kid the cached JWKS lacks makes it fetch the JWKS once more, and the new key is used', async () => {
    const fetch = issuer(jwks(rs), jwks(rs2));
    const cache = new Map();
    expect((await verifyJwt(await signJwt(rs, claims()), FROM_ISSUER, {}, contextWith(fetch), cache)).valid).toBe(true);
    const report = await verifyJwt(await signJwt(rs2, claims()), FROM_ISSUER, {}, contextWith(fetch), cache);
    expect(report.valid).toBe(true);
    expect(fetch.calls.filter((call) => call.url === JWKS_URL)).toHaveLength(2);
  });

  it('an unknown kid even after fetching again: refused, naming the kids the JWKS has; fetched again only once', async () => {
    const fetch = issuer(jwks(rs));
    const cache = new Map();
    await verifyJwt(await signJwt(rs, claims()), FROM_ISSUER, {}, contextWith(fetch), cache);
    const report = await verifyJwt(await signJwt(rs2, claims()), FROM_ISSUER, {}, contextWith(fetch), cache);
    expect(byName(report).kid).toMatchObject({ status: 'fail', expected: 'one of "rs-1"', actual: 'rs-2', message: `No RS256 key in the JWKS at ${JWKS_URL} has kid "rs-2" (fetched again to look for a rotated key).` });
    expect(fetch.calls.filter((call) => call.url === JWKS_URL)).toHaveLength(2);
  });

  it('a pasted JWK (public part of a private key too): verifies, using only the public members', async () => {
    const jwk = { ...publicJwk(rs), d: 'not-a-real-private-exponent' };
    const report = await verifyJwt(await signJwt(rs, claims()), { kind: 'jwk', text: JSON.stringify(jwk) }, {}, contextWith(cannedFetch(() => Promise.reject(new Error('no request expected')))));
    expect(byName(report).signature.status).toBe('pass');
    expect(report.keysFrom).toBe('the pasted key');
    expect(byName(report).iss.status).toBe('skip');
  });

  it('a pasted JWK without kid is used for the token’s kid', async () => {
    const { kid: _kid, ...jwk } = publicJwk(rs);
    const report = await verifyJwt(await signJwt(rs, claims()), { kind: 'jwk', text: JSON.stringify(jwk) }, {}, contextWith(cannedFetch(() => Promise.reject(new Error('none')))));
    expect(byName(report).kid).toMatchObject({ status: 'pass', message: 'The pasted key has no kid of its own; it is used for kid "rs-1".' });
  });

  it('pasted text that is not a key: the claims are still checked, the key problem reported', async () => {
    const report = await verifyJwt(await signJwt(rs, claims()), { kind: 'jwk', text: 'hello' }, {}, contextWith(cannedFetch(() => Promise.reject(new Error('none')))));
    expect(report.keyProblem).toMatchObject({ kind: 'input', code: 'invalid_jwk', message: 'The pasted key is not JSON.' });
    expect(byName(report).signature).toMatchObject({ status: 'fail', message: 'Not verified: The pasted key is not JSON.' });
    expect(byName(report).exp.status).toBe('pass');
  });

  it('a JWKS URL answering 404: the key problem names the URL and status', async () => {
    const report = await verifyJwt(await signJwt(rs, claims()), { kind: 'jwks_uri', url: `${ISSUER}/nope` }, {}, contextWith(issuer(jwks(rs))));
    expect(report.keyProblem).toMatchObject({ kind: 'http', status: 404, message: `The JWKS at ${ISSUER}/nope answered HTTP 404.` });
  });

  it('a plain-http JWKS URL on another host is refused before sending', async () => {
    const fetch = issuer(jwks(rs));
    const report = await verifyJwt(await signJwt(rs, claims()), { kind: 'jwks_uri', url: 'http://op.example.com/jwks' }, {}, contextWith(fetch));
    expect(report.keyProblem?.code).toBe('insecure_jwks');
    expect(fetch.calls).toEqual([]);
  });

  it('discovery failing (issuer mismatch) is a key problem in the playground’s words', async () => {
    const fetch = cannedFetch(() => jsonResponse({ issuer: 'https://elsewhere.example.com', jwks_uri: JWKS_URL }));
    const report = await verifyJwt(await signJwt(rs, claims()), FROM_ISSUER, {}, contextWith(fetch));
    expect(report.keyProblem).toBeInstanceOf(PlaygroundError);
    expect(report.keyProblem?.kind).toBe('protocol');
    expect(byName(report).signature.status).toBe('fail');
  });

  it('not a JWT, or an encrypted one: an input error', async () => {
    const ctx = contextWith(cannedFetch(() => Promise.reject(new Error('none'))));
    expect(await rejectionOf(verifyJwt('opaque-token', FROM_ISSUER, {}, ctx))).toMatchObject({ kind: 'input', code: 'not_a_jwt', message: 'This is not a JWT: a JWT is three base64url parts joined by dots, header.claims.signature.' });
    expect(await rejectionOf(verifyJwt('a.b.c.d.e', FROM_ISSUER, {}, ctx))).toMatchObject({ code: 'not_a_jwt', message: 'This is an encrypted JWT (JWE): only its recipient’s private key can open it.' });
  });
});
