import { describe, expect, it } from 'vitest';
import { TIME_CLAIMS, decodeJwt } from '../../src/lib/oauth/jwt';

/** base64url of UTF-8 bytes, written out here so the test does not reuse the code under test. */
function b64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
const segment = (value: unknown) => b64url(new TextEncoder().encode(JSON.stringify(value)));

/** A real compact JWS signed with HS256. */
async function signHs256(header: object, claims: object): Promise<string> {
  const input = `${segment(header)}.${segment(claims)}`;
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode('test-hmac-key-0123456789'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(input)));
  return `${input}.${b64url(signature)}`;
}

describe('decodeJwt', () => {
  it('decodes the header and claims of a signed compact JWS, including UTF-8 text', async () => {
    const header = { alg: 'HS256', typ: 'JWT', kid: 'k1' };
    const claims = { sub: 'user-1', name: 'Zoë Ñandú ✓', aud: ['api', 'other'], exp: 1_700_000_600, iat: 1_700_000_000, scope: 'a b' };
    const jwt = await signHs256(header, claims);
    expect(jwt.split('.')).toHaveLength(3);
    expect(decodeJwt(jwt)).toEqual({ header, claims });
  });

  it('decodes an unsecured JWT (empty signature)', () => {
    expect(decodeJwt(`${segment({ alg: 'none' })}.${segment({ sub: 'x' })}.`)).toEqual({ header: { alg: 'none' }, claims: { sub: 'x' } });
  });

  it.each([
    ['an opaque token', 'mF_9.B5f-4.1JqM-opaque'.replace(/\./g, '')],
    ['a random opaque string with dots', 'abc.def.ghi'],
    ['a 2-part string', `${segment({ alg: 'HS256' })}.${segment({ sub: 'x' })}`],
    ['a 5-part JWE', `${segment({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d`],
    ['a non-JSON claims segment', `${segment({ alg: 'HS256' })}.${b64url(new TextEncoder().encode('not json'))}.sig`],
    ['claims that are a JSON array', `${segment({ alg: 'HS256' })}.${segment([1, 2])}.sig`],
    ['a header that is a JSON array', `${segment(['HS256'])}.${segment({ sub: 'x' })}.sig`],
    ['claims that are JSON null', `${segment({ alg: 'HS256' })}.${segment(null)}.sig`],
    ['claims that are a JSON string', `${segment({ alg: 'HS256' })}.${segment('sub')}.sig`],
    ['standard base64 with padding instead of base64url', `${segment({ alg: 'HS256' })}.${btoa('{"sub":"x"}')}.sig`],
    ['bytes that are not UTF-8', `${segment({ alg: 'HS256' })}.${b64url(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))}.sig`],
    ['an empty string', ''],
  ])('returns null for %s', (_, token) => {
    expect(decodeJwt(token)).toBeNull();
  });

  it('lists the time claims shown as dates', () => {
    expect([...TIME_CLAIMS]).toEqual(['exp', 'iat', 'nbf', 'auth_time']);
  });
});
