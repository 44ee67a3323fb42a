/**
 * What a failed oauth4webapi check compared, read from the error's `cause`, so messages can name
 * the expected and the received value. oauth4webapi (3.8) puts there:
 * - JWT claim comparisons (iss, aud, azp, nonce): `{ claim, expected, claims }`;
 * - JWT timestamp checks (exp, nbf, auth_time, iat): `{ claim, now, tolerance, claims }`;
 * - metadata attributes (discovery `issuer`, resource metadata `resource`, UserInfo `sub`): `{ attribute, expected, body }`;
 * - the authorization response (iss, state): `{ expected, parameters }`;
 * - a JWT's alg: `{ header, expected, reason }`; a key that cannot be selected: `{ header, candidates, jwks_uri }`;
 * - an unsupported token_type: `{ body }`; an unsupported JWS alg: `{ alg }`.
 *
 * Only names and identifiers are shown (iss, aud, azp, nonce, sub, alg, kid, issuer...); `state` is
 * cut to its first 4 characters; tokens, codes and secrets never leave this module.
 */
import * as oauth from 'oauth4webapi';
import { isRecord } from './validate';

/** A value as shown: a string, or a list (an `aud` array, the algs a server allows). */
export type ShownValue = string | readonly string[];

/** Where the checked value came from. */
export type CheckSource =
  /** A JWT claim (an ID token, a JWT access token, a UserInfo JWT). */
  | 'jwt'
  /** A JWT header parameter (alg). */
  | 'jwt_header'
  /** The JWT's signature did not verify against the key the JWKS gave. */
  | 'signature'
  /** No key (or more than one) in the JWKS fits the JWT's header. */
  | 'key_selection'
  /** A parameter of the authorization response (RFC 9207 iss, state). */
  | 'authorization_response'
  /** A metadata document attribute (discovery `issuer`, resource metadata `resource`). */
  | 'metadata'
  /** A member of a JSON response body (UserInfo `sub`, `token_type`). */
  | 'response_body';

export interface FailedCheck {
  /** The claim, parameter, attribute or header checked: `iss`, `aud`, `nonce`, `state`, `issuer`, `alg`, `exp`, `kid`... */
  check: string;
  source: CheckSource;
  /** What was expected; `null`: nothing was (no nonce sent, no state sent); absent: not known. */
  expected?: ShownValue | null;
  /** What was received; `null`: the value is missing; absent: not known or not shown. */
  received?: ShownValue | null;
  /** Timestamp checks: the claim's value, this computer's time and the tolerance, in seconds. */
  time?: { value: number; now: number; tolerance: number };
  /** How the expected alg was decided, as oauth4webapi says it (`default value`, `authorization server metadata`, `client configuration`). */
  reason?: string;
  /** The JWKS the key was looked for in (key selection). */
  jwksUri?: string;
  /** Key selection: how many keys of the JWKS fit the header (0: none, more than 1: a `kid` is needed to choose). */
  candidates?: number;
  /** The claim is required and absent (shown for any claim, identifier or not). */
  missing?: true;
}

/** The checks whose values are identifiers, safe to show. Anything else (c_hash, ath, cnf...) is named without values. */
const SHOWN = new Set(['iss', 'aud', 'azp', 'nonce', 'sub', 'alg', 'kid', 'typ', 'issuer', 'resource', 'htm', 'htu', 'client_id', 'token_type', 'state']);

/** At most the first 4 characters of a state: enough to tell two apart, too little to replay one. */
export const shortState = (state: string) => `${state.slice(0, 4)}…`;

function shown(value: unknown): ShownValue | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return undefined;
}

/** A received value: missing (`null`) when absent, not shown when of another type. */
const receivedOf = (value: unknown) => (value === undefined ? null : shown(value));

/** `check` with the values kept, only those that may be shown. */
function withValues(check: string, source: CheckSource, expected: ShownValue | null | undefined, received: ShownValue | null | undefined): FailedCheck {
  const found: FailedCheck = { check, source };
  if (!SHOWN.has(check)) return found;
  if (expected !== undefined) found.expected = expected;
  if (received !== undefined) found.received = received;
  return found;
}

function fromAuthorizationResponse(error: oauth.OperationProcessingError, cause: Record<string, unknown>): FailedCheck | undefined {
  const parameters = cause.parameters instanceof URLSearchParams ? cause.parameters : undefined;
  if (error.message.includes('"iss"')) {
    return withValues('iss', 'authorization_response', shown(cause.expected), receivedOf(parameters?.get('iss') ?? undefined));
  }
  if (error.message.includes('"state"')) {
    const sent = typeof cause.expected === 'string' ? shortState(cause.expected) : 'expected' in cause ? null : undefined;
    const state = parameters?.get('state');
    return withValues('state', 'authorization_response', sent, parameters ? (typeof state === 'string' ? shortState(state) : null) : undefined);
  }
  return undefined;
}

/** The check `error` reports, with what was compared, or undefined when it is not a check with known parts. */
export function failedCheckOf(error: unknown): FailedCheck | undefined {
  if (error instanceof oauth.UnsupportedOperationError) {
    const cause = isRecord(error.cause) ? error.cause : {};
    const body = isRecord(cause.body) ? cause.body : undefined;
    if (typeof body?.token_type === 'string') return withValues('token_type', 'response_body', ['Bearer', 'DPoP'], body.token_type);
    if (typeof cause.alg === 'string') return withValues('alg', 'jwt_header', undefined, cause.alg);
    return undefined;
  }
  if (!(error instanceof oauth.OperationProcessingError) || !isRecord(error.cause)) return undefined;
  const cause = error.cause;
  const claims = isRecord(cause.claims) ? cause.claims : {};

  if (error.code === oauth.JWT_CLAIM_COMPARISON && typeof cause.claim === 'string') {
    // a nonce check with no expected value means none was sent (expectNoNonce)
    const expected = cause.expected === undefined && cause.claim === 'nonce' ? null : shown(cause.expected);
    return withValues(cause.claim, 'jwt', expected, receivedOf(claims[cause.claim]));
  }
  if (error.code === oauth.JWT_TIMESTAMP_CHECK && typeof cause.claim === 'string') {
    const value = claims[cause.claim];
    const found: FailedCheck = { check: cause.claim, source: 'jwt' };
    if (typeof value === 'number' && typeof cause.now === 'number') {
      found.time = { value, now: cause.now, tolerance: typeof cause.tolerance === 'number' ? cause.tolerance : 0 };
    }
    return found;
  }
  if (error.code === oauth.JSON_ATTRIBUTE_COMPARISON && typeof cause.attribute === 'string') {
    const body = isRecord(cause.body) ? cause.body : {};
    const source = cause.attribute === 'sub' ? 'response_body' : 'metadata';
    return withValues(cause.attribute, source, shown(cause.expected), receivedOf(body[cause.attribute]));
  }
  if (error.code === oauth.KEY_SELECTION) {
    const header = isRecord(cause.header) ? cause.header : {};
    const found = withValues('kid', 'key_selection', undefined, shown(header.kid));
    if (typeof header.alg === 'string') found.reason = header.alg;
    if (cause.jwks_uri instanceof URL) found.jwksUri = cause.jwks_uri.href;
    if (Array.isArray(cause.candidates)) found.candidates = cause.candidates.length;
    return found;
  }
  if (error.code !== oauth.INVALID_RESPONSE) return undefined;
  if ('parameters' in cause) return fromAuthorizationResponse(error, cause);
  if (error.message === 'JWT signature verification failed') return { check: 'signature', source: 'signature' };
  if (error.message.includes('"alg" header parameter')) {
    const header = isRecord(cause.header) ? cause.header : {};
    const found = withValues('alg', 'jwt_header', shown(cause.expected), receivedOf(header.alg));
    if (typeof cause.reason === 'string') found.reason = cause.reason;
    return found;
  }
  const missing = /^JWT "(\w+)" \([^)]*\) claim missing$/.exec(error.message);
  if (missing) return { ...withValues(missing[1]!, 'jwt', undefined, null), missing: true };
  const wrongType = /^unexpected JWT "(\w+)" \([^)]*\) claim type$/.exec(error.message);
  if (wrongType) return { check: wrongType[1]!, source: 'jwt' };
  return undefined;
}

/** `value` as the messages show it: JSON-quoted (`"demo-spa"`, `["a","b"]`), `none` for null. */
export function quote(value: ShownValue | null): string {
  return value === null ? 'none' : JSON.stringify(value);
}

/** Seconds since the epoch as an ISO 8601 UTC time without milliseconds: `2025-01-15T12:00:00Z`. */
export function isoSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The values of `found` for the end of a message: ` (expected "a", got "b")`, ` (exp 2025-…Z, this
 * computer’s clock 2025-…Z, 30 s tolerance)`, or '' when nothing is known.
 */
export function valuesText(found: FailedCheck): string {
  if (found.time) {
    const { value, now, tolerance } = found.time;
    return ` (${found.check} ${isoSeconds(value)}, this computer’s clock ${isoSeconds(now)}, ${tolerance} s tolerance)`;
  }
  if (found.source === 'key_selection') {
    const parts = [found.received ? `kid ${quote(found.received)}` : 'no kid', ...(found.reason ? [`alg ${quote(found.reason)}`] : []), ...(found.jwksUri ? [`JWKS ${found.jwksUri}`] : [])];
    return ` (${parts.join(', ')})`;
  }
  const parts: string[] = [];
  if (found.expected !== undefined) parts.push(`expected ${quote(found.expected)}`);
  // "got none" only reads well next to what was expected
  if (found.received !== undefined && (found.received !== null || found.expected !== undefined)) parts.push(`got ${quote(found.received)}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}
