/**
 * The JWT tool's verdict on any pasted JWT: decoded (jwt.ts), then each check with what it
 * expected and what the token carries: alg, kid (which key), signature, iss, aud, exp, nbf, iat.
 * The keys come from an issuer (discovery, oauth4webapi, then its `jwks_uri`), a JWKS URL, or a
 * pasted JWK/JWKS; a fetched JWKS is cached by URL and fetched once more when a `kid` is not in it
 * (the server may have rotated its keys).
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-7.2 validating a JWT
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-4.1.4 kid
 */
import { PlaygroundError } from '../errors/playground-error';
import type { ProtocolContext } from './context';
import { describeError } from './describe-error';
import { discover } from './discovery';
import { decodeJwt } from './jwt';
import { candidateKeys, fetchJwks, JWS_ALGORITHMS, keysFromText, verifySignature, type Jwk } from './jwt-keys';
import { requireUrl } from './validate';

/** Where the verification keys come from. */
export type KeySource = { kind: 'issuer'; issuer: string } | { kind: 'jwks_uri'; url: string } | { kind: 'jwk'; text: string };

export interface JwtExpectations {
  /** The `iss` expected; empty: the issuer the keys come from, when they come from one. */
  issuer?: string;
  /** The audience that must be among `aud`; empty: not compared. */
  audience?: string;
}

export type CheckName = 'alg' | 'kid' | 'signature' | 'iss' | 'aud' | 'exp' | 'nbf' | 'iat';
/** `skip`: not compared (nothing expected, the claim is absent where that is allowed, or an earlier check failed). */
export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface JwtCheck {
  name: CheckName;
  status: CheckStatus;
  expected?: string;
  actual?: string;
  /** Time claims: the claim's value in seconds since the epoch, for the UI to show as a local and a relative time. */
  time?: number;
  /** One plain sentence: what was found, and for a failure what it means. */
  message: string;
}

export interface JwtReport {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  checks: JwtCheck[];
  /** No check failed. */
  valid: boolean;
  /** Where the keys came from, in words: `the JWKS at https://…/jwks`, `the pasted key`. */
  keysFrom?: string;
  /** Why no key could be had (discovery or the JWKS failed): kid and signature are then not checked. */
  keyProblem?: PlaygroundError;
  /** The time the checks were made at, in seconds. */
  now: number;
}

/** JWKS fetched this session, by URL. */
export type JwksCache = Map<string, Jwk[]>;

/** Clock tolerance for exp, nbf and iat, as oauth4webapi's default. */
export const CLOCK_TOLERANCE_S = 30;

const quoted = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? 'none');

/** The keys of `source`, where they came from, and a way to fetch them again (a JWKS URL only). */
async function keysOf(source: KeySource, ctx: ProtocolContext, cache: JwksCache): Promise<{ keys: Jwk[]; from: string; cached: boolean; refetch?: () => Promise<Jwk[]> }> {
  if (source.kind === 'jwk') return { keys: keysFromText(source.text), from: 'the pasted key', cached: false };
  let url: URL;
  if (source.kind === 'issuer') {
    const { metadata } = await discover(source.issuer, ctx);
    if (!metadata.jwks_uri) throw new PlaygroundError(`The metadata of ${metadata.issuer} has no jwks_uri.`, { kind: 'malformed_response', code: 'no_jwks_uri', hint: 'Paste the server’s JWKS URL or a key instead.' });
    url = requireUrl(metadata.jwks_uri, 'jwks_uri');
  } else {
    url = requireUrl(source.url, 'JWKS URL');
  }
  const refetch = async () => {
    const keys = await fetchJwks(url, ctx);
    cache.set(url.href, keys);
    return keys;
  };
  const known = cache.get(url.href);
  return { keys: known ?? (await refetch()), from: `the JWKS at ${url.href}`, cached: known !== undefined, refetch };
}

function algCheck(alg: unknown): JwtCheck {
  const expected = 'an asymmetric alg (RS256, PS256, ES256, EdDSA…)';
  if (alg === 'none') return { name: 'alg', status: 'fail', expected, actual: 'none', message: 'The token is unsigned (alg "none"): nothing vouches for its claims.' };
  if (typeof alg !== 'string') return { name: 'alg', status: 'fail', expected, message: 'The header has no alg.' };
  if (alg.startsWith('HS')) return { name: 'alg', status: 'fail', expected, actual: alg, message: `${alg} is signed with a shared secret: a public key (JWKS) cannot verify it.` };
  if (!JWS_ALGORITHMS[alg]) return { name: 'alg', status: 'fail', expected, actual: alg, message: `alg ${quoted(alg)} is not one this tool can verify.` };
  return { name: 'alg', status: 'pass', expected, actual: alg, message: `Signed with ${alg}.` };
}

/** The kid check and the chosen key; a kid the cached JWKS lacks makes it fetch the JWKS once more. */
async function keyCheck(header: Record<string, unknown>, alg: string, got: Awaited<ReturnType<typeof keysOf>>): Promise<{ check: JwtCheck; key?: Jwk }> {
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  let keys = got.keys;
  let found = candidateKeys(keys, alg, kid);
  if (found.length === 0 && got.cached && got.refetch) {
    keys = await got.refetch();
    found = candidateKeys(keys, alg, kid);
  }
  // a single pasted JWK often has no kid of its own: it is the key the user means
  const lone = !got.refetch && keys.length === 1 && keys[0]!.kid === undefined ? candidateKeys(keys, alg, undefined) : [];
  if (found.length === 0 && lone.length === 1) {
    return { check: { name: 'kid', status: 'pass', expected: `a ${alg} key`, actual: kid ?? '(none)', message: `The pasted key has no kid of its own; it is used for kid ${quoted(kid)}.` }, key: lone[0]! };
  }
  const kids = keys.map((key) => key.kid).filter((id): id is string => typeof id === 'string');
  const actual = kid ?? '(none)';
  if (found.length === 1) {
    const message = kid ? `Key ${quoted(kid)} of ${got.from} is used.` : `No kid: the one key of ${got.from} that fits ${alg} is used.`;
    return { check: { name: 'kid', status: 'pass', expected: kid ? `a ${alg} key with kid ${quoted(kid)}` : `one ${alg} key`, actual, message }, key: found[0]! };
  }
  if (found.length > 1) {
    return { check: { name: 'kid', status: 'fail', expected: `a kid choosing one of ${found.length} ${alg} keys`, actual, message: `${got.from[0]!.toUpperCase()}${got.from.slice(1)} has ${found.length} keys that fit ${alg} and the token has no kid to say which one signed it.` } };
  }
  const expected = kids.length ? `one of ${kids.map(quoted).join(', ')}` : `a ${alg} key`;
  const message = kid ? `No ${alg} key in ${got.from} has kid ${quoted(kid)}${got.refetch ? ' (fetched again to look for a rotated key)' : ''}.` : `No key in ${got.from} fits ${alg}.`;
  return { check: { name: 'kid', status: 'fail', expected, actual, message } };
}

async function signatureCheck(token: string, key: Jwk, alg: string): Promise<JwtCheck> {
  const expected = `verifies with key ${typeof key.kid === 'string' ? quoted(key.kid) : '(no kid)'}`;
  try {
    if (await verifySignature(token, key, alg)) return { name: 'signature', status: 'pass', expected, actual: 'verifies', message: 'The signature verifies: the token is as the key holder signed it.' };
    return { name: 'signature', status: 'fail', expected, actual: 'does not verify', message: 'The signature does not verify: the token was changed after signing, or another key signed it.' };
  } catch (error) {
    return { name: 'signature', status: 'fail', expected, actual: 'key unusable', message: `The key could not be used for ${alg} (${error instanceof Error ? error.message : String(error)}).` };
  }
}

function claimChecks(claims: Record<string, unknown>, issuer: string | undefined, audience: string | undefined, now: number): JwtCheck[] {
  const checks: JwtCheck[] = [];
  const { iss, aud } = claims;
  const issActual = iss === undefined ? undefined : String(iss);
  if (!issuer) checks.push({ name: 'iss', status: 'skip', ...(issActual ? { actual: issActual } : {}), message: 'Not compared: no expected issuer.' });
  else if (iss === undefined) checks.push({ name: 'iss', status: 'fail', expected: issuer, message: 'The token has no iss claim.' });
  else if (iss === issuer) checks.push({ name: 'iss', status: 'pass', expected: issuer, actual: String(iss), message: 'The issuer is the one expected.' });
  else {
    const slash = typeof iss === 'string' && iss.replace(/\/$/, '') === issuer.replace(/\/$/, '') ? ' They differ only by a trailing slash: the comparison is exact.' : '';
    checks.push({ name: 'iss', status: 'fail', expected: issuer, actual: String(iss), message: `Another issuer made this token.${slash}` });
  }
  const audActual = typeof aud === 'string' ? aud : aud === undefined ? undefined : JSON.stringify(aud);
  if (!audience) checks.push({ name: 'aud', status: 'skip', ...(audActual ? { actual: audActual } : {}), message: 'Not compared: no expected audience.' });
  else if (aud === undefined) checks.push({ name: 'aud', status: 'fail', expected: audience, message: 'The token has no aud claim.' });
  else if (aud === audience || (Array.isArray(aud) && aud.includes(audience))) checks.push({ name: 'aud', status: 'pass', expected: audience, actual: audActual!, message: 'The token is meant for the expected audience.' });
  else checks.push({ name: 'aud', status: 'fail', expected: audience, actual: audActual!, message: 'The token is meant for another audience.' });

  const times: [CheckName & ('exp' | 'nbf' | 'iat'), string, (t: number) => boolean, string, string][] = [
    ['exp', `after now − ${CLOCK_TOLERANCE_S} s`, (t) => t > now - CLOCK_TOLERANCE_S, 'Not expired.', 'Expired.'],
    ['nbf', `before now + ${CLOCK_TOLERANCE_S} s`, (t) => t <= now + CLOCK_TOLERANCE_S, 'Already valid.', 'Not valid yet.'],
    ['iat', `before now + ${CLOCK_TOLERANCE_S} s`, (t) => t <= now + CLOCK_TOLERANCE_S, 'Issued in the past.', 'Issued in the future: this computer’s clock or the server’s is wrong.'],
  ];
  for (const [name, expected, ok, pass, fail] of times) {
    const value = claims[name];
    if (value === undefined) checks.push({ name, status: 'skip', message: name === 'exp' ? 'No exp: the token does not say when it expires.' : `No ${name} claim.` });
    else if (typeof value !== 'number' || !Number.isFinite(value)) checks.push({ name, status: 'fail', expected: 'a number of seconds', actual: JSON.stringify(value), message: `${name} is not a NumericDate.` });
    else checks.push({ name, status: ok(value) ? 'pass' : 'fail', expected, actual: String(value), time: value, message: ok(value) ? pass : fail });
  }
  return checks;
}

/**
 * Decodes `token` and checks it: the signature with the key `source` gives, the claims against
 * `expected` and this computer's clock (`ctx.now`, 30 s tolerance). A token that is not a JWS is a
 * `PlaygroundError` (input); a failed check is not thrown but reported, as is a key that cannot be had.
 */
export async function verifyJwt(token: string, source: KeySource, expected: JwtExpectations, ctx: ProtocolContext, cache: JwksCache = new Map()): Promise<JwtReport> {
  const compact = token.trim();
  const decoded = decodeJwt(compact);
  if (!decoded) {
    const jwe = compact.split('.').length === 5;
    throw new PlaygroundError(jwe ? 'This is an encrypted JWT (JWE): only its recipient’s private key can open it.' : 'This is not a JWT: a JWT is three base64url parts joined by dots, header.claims.signature.', { kind: 'input', code: 'not_a_jwt' });
  }
  const { header, claims } = decoded;
  const now = Math.floor(ctx.now() / 1000);
  const checks: JwtCheck[] = [algCheck(header.alg)];
  const report: JwtReport = { header, claims, checks, valid: false, now };
  const alg = checks[0]!.status === 'pass' ? (header.alg as string) : undefined;
  if (!alg) {
    checks.push({ name: 'kid', status: 'skip', message: 'Not checked: the alg cannot be verified.' }, { name: 'signature', status: 'fail', message: 'Not verified: the alg cannot be verified with a public key.' });
  } else {
    try {
      const got = await keysOf(source, ctx, cache);
      report.keysFrom = got.from;
      const { check, key } = await keyCheck(header, alg, got);
      checks.push(check, key ? await signatureCheck(compact, key, alg) : { name: 'signature', status: 'fail', message: 'Not verified: no key to verify it with.' });
    } catch (error) {
      report.keyProblem = error instanceof PlaygroundError ? error : await describeError(error, source.kind === 'issuer' ? 'Discovery' : 'JWKS request');
      checks.push({ name: 'kid', status: 'skip', message: 'Not checked: no keys.' }, { name: 'signature', status: 'fail', message: `Not verified: ${report.keyProblem.message}` });
    }
  }
  const issuer = expected.issuer?.trim() || (source.kind === 'issuer' ? source.issuer.trim() : undefined);
  checks.push(...claimChecks(claims, issuer, expected.audience?.trim() || undefined, now));
  report.valid = checks.every((check) => check.status !== 'fail');
  return report;
}
