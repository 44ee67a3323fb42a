/**
 * JWTs signed in the test with WebCrypto keys generated in the test: RS256 / PS256 / ES256 / EdDSA,
 * and unsigned (`alg: "none"`). Independent of the code under test (no oauth4webapi, no src/).
 */

export interface TestKey {
  alg: 'RS256' | 'PS256' | 'ES256' | 'EdDSA';
  kid: string;
  pair: CryptoKeyPair;
}

const exported = new WeakMap<TestKey, Record<string, unknown>>();

const GENERATE: Record<TestKey['alg'], RsaHashedKeyGenParams | EcKeyGenParams | Algorithm> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
  PS256: { name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  EdDSA: { name: 'Ed25519' },
};

const SIGN: Record<TestKey['alg'], AlgorithmIdentifier | RsaPssParams | EcdsaParams> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  PS256: { name: 'RSA-PSS', saltLength: 32 },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  EdDSA: { name: 'Ed25519' },
};

/** A new key pair for `alg`, its public JWK ready for `publicJwk`. */
export async function generateKey(alg: TestKey['alg'], kid: string): Promise<TestKey> {
  const key: TestKey = { alg, kid, pair: (await crypto.subtle.generateKey(GENERATE[alg], true, ['sign', 'verify'])) as CryptoKeyPair };
  exported.set(key, await publicJwkOf(key));
  return key;
}

export const rsaKey = (kid: string) => generateKey('RS256', kid);

/** The public JWK of `key` as a JWKS publishes it (`kid`, `alg`, `use`), with `overrides` applied. */
export async function publicJwkOf(key: TestKey, overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const jwk = (await crypto.subtle.exportKey('jwk', key.pair.publicKey)) as Record<string, unknown>;
  delete jwk.key_ops;
  delete jwk.ext;
  return { ...jwk, kid: key.kid, alg: key.alg, use: 'sig', ...overrides };
}

/** `publicJwkOf(key)` as computed when the key was generated, for synchronous use in JWKS builders. */
export function publicJwk(key: TestKey): Record<string, unknown> {
  return exported.get(key)!;
}

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const encode = (value: unknown) => b64url(new TextEncoder().encode(JSON.stringify(value)));

/**
 * A compact JWS over `claims` signed with `key` (header `{ alg, typ: "JWT", kid }` plus `header`;
 * a header member set to undefined is left out). `key` null: an unsigned token, `alg: "none"`.
 */
export async function signJwt(key: TestKey | null, claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  const full: Record<string, unknown> = key ? { alg: key.alg, typ: 'JWT', kid: key.kid, ...header } : { alg: 'none', typ: 'JWT', ...header };
  for (const [name, value] of Object.entries(full)) if (value === undefined) delete full[name];
  const input = `${encode(full)}.${encode(claims)}`;
  if (!key) return `${input}.`;
  const signature = await crypto.subtle.sign(SIGN[key.alg], key.pair.privateKey, new TextEncoder().encode(input));
  return `${input}.${b64url(new Uint8Array(signature))}`;
}
