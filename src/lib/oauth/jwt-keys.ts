/**
 * The public keys a JWT tool checks a signature with: a JWK or JWKS the user pasted, or a JWKS
 * fetched from its URL, and the choice of the one key a JWS header points to. The signature itself
 * is verified by WebCrypto (`importKey` + `verify`): oauth4webapi verifies only the JWTs of its own
 * flows (`validateApplicationLevelSignature` needs a response it processed), so arbitrary pasted
 * tokens go through WebCrypto with the same key-selection rules oauth4webapi applies.
 * @see https://www.rfc-editor.org/rfc/rfc7517 JWK, JWKS
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3.1 JWS algorithms
 */
import { PlaygroundError } from '../errors/playground-error';
import type { ProtocolContext } from './context';
import { mayUseInsecureHttp } from '../http/insecure';
import { isRecord, REQUEST_TIMEOUT_MS } from './validate';

export type Jwk = Record<string, unknown>;

interface AlgorithmParams {
  kty: 'RSA' | 'EC' | 'OKP';
  crv?: string;
  importAs: RsaHashedImportParams | EcKeyImportParams | Algorithm;
  verifyAs: Algorithm | RsaPssParams | EcdsaParams;
}

const rsa = (name: string, bits: number, pss: boolean): AlgorithmParams => ({
  kty: 'RSA',
  importAs: { name, hash: `SHA-${bits}` } as RsaHashedImportParams,
  verifyAs: pss ? ({ name, saltLength: bits / 8 } as RsaPssParams) : { name },
});
const ec = (crv: string, bits: number): AlgorithmParams => ({ kty: 'EC', crv, importAs: { name: 'ECDSA', namedCurve: crv } as EcKeyImportParams, verifyAs: { name: 'ECDSA', hash: `SHA-${bits}` } as EcdsaParams });
const ed25519: AlgorithmParams = { kty: 'OKP', crv: 'Ed25519', importAs: { name: 'Ed25519' }, verifyAs: { name: 'Ed25519' } };

/** The asymmetric JWS algorithms a public key can verify, as WebCrypto names them. */
export const JWS_ALGORITHMS: Readonly<Record<string, AlgorithmParams>> = {
  RS256: rsa('RSASSA-PKCS1-v1_5', 256, false),
  RS384: rsa('RSASSA-PKCS1-v1_5', 384, false),
  RS512: rsa('RSASSA-PKCS1-v1_5', 512, false),
  PS256: rsa('RSA-PSS', 256, true),
  PS384: rsa('RSA-PSS', 384, true),
  PS512: rsa('RSA-PSS', 512, true),
  ES256: ec('P-256', 256),
  ES384: ec('P-384', 384),
  ES512: ec('P-521', 512),
  EdDSA: ed25519,
  Ed25519: ed25519,
};

/** The members of a public JWK WebCrypto needs; a private key pasted by mistake is not kept. */
const PUBLIC_MEMBERS = ['kty', 'n', 'e', 'crv', 'x', 'y'] as const;

/** The keys of pasted text: one JWK (`{"kty": ...}`) or a JWKS (`{"keys": [...]}`). */
export function keysFromText(text: string): Jwk[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new PlaygroundError('The pasted key is not JSON.', { kind: 'input', code: 'invalid_jwk', hint: 'Paste a JWK ({"kty": "RSA", "n": …, "e": …}) or a JWKS ({"keys": [...]}).', cause });
  }
  return keysOf(value, 'The pasted key');
}

/** The keys of a parsed JWK or JWKS, or a `PlaygroundError` saying what is wrong with it. */
function keysOf(value: unknown, what: string): Jwk[] {
  const keys = isRecord(value) && Array.isArray(value.keys) ? (value.keys as unknown[]) : isRecord(value) && typeof value.kty === 'string' ? [value] : null;
  if (!keys || !keys.every((key) => isRecord(key) && typeof key.kty === 'string')) {
    throw new PlaygroundError(`${what} is not a JWK or a JWKS.`, { kind: 'malformed_response', code: 'invalid_jwks', hint: 'A JWKS is {"keys": [...]}, each key with at least "kty".' });
  }
  return keys as Jwk[];
}

/** The JWKS at `url`, fetched through the context's fetch (recorded like every request). */
export async function fetchJwks(url: URL, ctx: ProtocolContext): Promise<Jwk[]> {
  if (url.protocol === 'http:' && !mayUseInsecureHttp(url, ctx.allowInsecureHttp)) {
    throw new PlaygroundError(`The JWKS URL ${url.href} uses plain http.`, { kind: 'input', code: 'insecure_jwks', hint: 'Use https://, or turn on “Allow plain http” in Advanced for a server you trust.' });
  }
  const response = await ctx.fetch(url.href, { headers: { accept: 'application/jwk-set+json, application/json' }, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  if (response.status !== 200) {
    throw new PlaygroundError(`The JWKS at ${url.href} answered HTTP ${response.status}.`, { kind: 'http', code: 'jwks_http_error', status: response.status, hint: 'Check the JWKS URL (or the issuer’s jwks_uri).' });
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (cause) {
    throw new PlaygroundError(`The JWKS at ${url.href} is not JSON.`, { kind: 'not_json', code: 'jwks_not_json', cause });
  }
  if (!isRecord(body) || !Array.isArray(body.keys)) throw new PlaygroundError(`The JWKS at ${url.href} has no "keys" list.`, { kind: 'malformed_response', code: 'invalid_jwks' });
  return keysOf(body, `The JWKS at ${url.href}`);
}

/**
 * The keys that may have signed a JWS with this `alg` and `kid`: the key type and curve the alg
 * needs, the same `kid` when the header has one, the same `alg` and `use: "sig"` when the key says,
 * `verify` among its `key_ops` when it lists them (the rules oauth4webapi applies).
 */
export function candidateKeys(keys: readonly Jwk[], alg: string, kid: string | undefined): Jwk[] {
  const params = JWS_ALGORITHMS[alg];
  if (!params) return [];
  return keys.filter((key) => {
    if (key.kty !== params.kty) return false;
    if (params.crv !== undefined && key.crv !== params.crv) return false;
    if (kid !== undefined && key.kid !== kid) return false;
    if (key.alg !== undefined && key.alg !== alg) return false;
    if (key.use !== undefined && key.use !== 'sig') return false;
    if (Array.isArray(key.key_ops) && !key.key_ops.includes('verify')) return false;
    return true;
  });
}

const b64urlBytes = (segment: string) => Uint8Array.from(atob(segment.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (segment.length % 4)) % 4)), (c) => c.charCodeAt(0));

/**
 * Whether the compact JWS `token`'s signature verifies with `key` under `alg` (WebCrypto);
 * throws when the key cannot be imported for that alg (say, an RSA key under 2048 bits for WebCrypto, or a broken JWK).
 */
export async function verifySignature(token: string, key: Jwk, alg: string): Promise<boolean> {
  const params = JWS_ALGORITHMS[alg];
  if (!params) throw new PlaygroundError(`alg "${alg}" cannot be verified with a public key.`, { kind: 'input', code: 'unsupported_alg' });
  const [header, payload, signature] = token.split('.');
  const jwk: Jwk = {};
  for (const member of PUBLIC_MEMBERS) if (key[member] !== undefined) jwk[member] = key[member];
  const publicKey = await crypto.subtle.importKey('jwk', jwk as JsonWebKey, params.importAs, false, ['verify']);
  let bytes: Uint8Array;
  try {
    bytes = b64urlBytes(signature ?? '');
  } catch {
    return false;
  }
  return crypto.subtle.verify(params.verifyAs, publicKey, bytes as BufferSource, new TextEncoder().encode(`${header}.${payload}`));
}
