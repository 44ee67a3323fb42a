/**
 * private_key_jwt client authentication: the client proves itself with a JWT signed by its private
 * key. The key is pasted as a JWK, or generated here (its public half is then registered with the
 * provider).
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 */
import * as oauth from 'oauth4webapi';
import { PlaygroundError } from '../errors/playground-error';

type Jwk = JsonWebKey & { kid?: string; alg?: string };

const ALGORITHMS: Record<string, { import: EcKeyImportParams | RsaHashedImportParams | Algorithm; alg: string }> = {
  'EC/P-256': { import: { name: 'ECDSA', namedCurve: 'P-256' }, alg: 'ES256' },
  'EC/P-384': { import: { name: 'ECDSA', namedCurve: 'P-384' }, alg: 'ES384' },
  'RSA/': { import: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, alg: 'RS256' },
  'OKP/Ed25519': { import: { name: 'Ed25519' }, alg: 'Ed25519' },
};

function keyError(message: string, cause?: unknown): PlaygroundError {
  return new PlaygroundError(message, {
    kind: 'input',
    code: 'invalid_private_key',
    hint: 'Paste the private key as a JWK (JSON with "kty", "d" and, for EC keys, "crv"), or generate one and register its public half.',
    cause,
  });
}

/** The JWK text as a parsed private JWK, or a `PlaygroundError`. */
export function parsePrivateJwk(text: string): Jwk {
  let jwk: unknown;
  try {
    jwk = JSON.parse(text);
  } catch (cause) {
    throw keyError('The private key is not valid JSON.', cause);
  }
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) throw keyError('The private key must be a JWK object.');
  const key = jwk as Jwk;
  if (typeof key.kty !== 'string' || typeof key.d !== 'string') throw keyError('The JWK is not a private key (it has no "d").');
  return key;
}

/**
 * oauth4webapi's `PrivateKeyJwt` client authentication for the pasted JWK (imported non-extractable).
 * `options` reach `PrivateKeyJwt` as they are (`modifyAssertion`).
 */
export async function privateKeyJwtAuth(jwkText: string, options?: oauth.ModifyAssertionOptions): Promise<oauth.ClientAuth> {
  if (jwkText.trim() === '') throw keyError('private_key_jwt needs the client’s private key.');
  const jwk = parsePrivateJwk(jwkText);
  const algorithm = ALGORITHMS[`${jwk.kty}/${jwk.kty === 'RSA' ? '' : (jwk.crv ?? '')}`];
  if (!algorithm) throw keyError(`Keys of type ${jwk.kty} ${jwk.crv ?? ''} are not supported (use EC P-256/P-384, RSA or Ed25519).`);
  let key: CryptoKey;
  try {
    const { key_ops: _ops, ext: _ext, ...material } = jwk;
    key = await crypto.subtle.importKey('jwk', material, algorithm.import, false, ['sign']);
  } catch (cause) {
    throw keyError('The private key could not be imported.', cause);
  }
  return oauth.PrivateKeyJwt(jwk.kid ? { key, kid: jwk.kid } : key, options);
}

/** A new ES256 key pair as JWKs: the private one for the field, the public one to register. */
export async function generateClientKeyPair(): Promise<{ privateJwk: string; publicJwk: string }> {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const kid = oauth.generateRandomState().slice(0, 16);
  const privateJwk = { ...(await crypto.subtle.exportKey('jwk', pair.privateKey)), kid, alg: 'ES256', use: 'sig' };
  const { d: _d, key_ops: _ops, ext: _ext, ...publicJwk } = privateJwk;
  return { privateJwk: JSON.stringify(privateJwk), publicJwk: JSON.stringify({ ...publicJwk }) };
}

