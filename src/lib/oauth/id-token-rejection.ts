/**
 * An ID token that failed a check, described as data: which check, the two values it compared,
 * and the setting to change. `completeAuthorization` returns it next to the tokens instead of
 * throwing them away, since the authorization code they were redeemed with cannot be used again.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 */
import * as oauth from 'oauth4webapi';
import { failedCheckOf, isoSeconds, quote, type FailedCheck, type ShownValue } from './failed-check';

export interface IdTokenRejection {
  /** The check that failed: `iss`, `aud`, `azp`, `nonce`, `exp`, `iat`, `nbf`, `auth_time`, `sub`, `alg`, `signature`, `jwks`, or `id_token` (not a usable JWT). */
  check: string;
  /** What the check expected, when known (a list is shown as JSON, `["a","b"]`). */
  expected?: string;
  /** What the ID token carried, when known and safe to show. */
  received?: string;
  /**
   * One line for the UI: `ID token rejected: <check>, expected "<x>", got "<y>"` when both values
   * are known, `ID token rejected: <check>: <what happened>` otherwise.
   */
  message: string;
  /** The setting to change, by its label: `Issuer`, `Client ID`, `JWKS URI`. */
  field?: string;
  /** oauth4webapi's error (or the fetch failure). */
  cause?: unknown;
}

export interface IdTokenCheckContext {
  /** The nonce sent with the authorization request: named when the ID token has none. */
  nonce?: string;
  /**
   * Set when `error` came from verifying the signature against this JWKS
   * (`validateApplicationLevelSignature`): a failure that is not about the signature or the key
   * is then the JWKS itself not being usable (unreachable, an HTTP error, not a key set).
   */
  jwksUri?: string;
}

const FIELDS: Readonly<Record<string, string>> = { iss: 'Issuer', aud: 'Client ID', azp: 'Client ID', signature: 'JWKS URI', jwks: 'JWKS URI' };

const asText = (value: ShownValue) => (typeof value === 'string' ? value : JSON.stringify(value));
const withoutFinalStop = (text: string) => text.replace(/\.$/, '');

function rejection(check: string, message: string, cause: unknown, values: { expected?: ShownValue | null | undefined; received?: ShownValue | null | undefined } = {}): IdTokenRejection {
  const result: IdTokenRejection = { check, message: `ID token rejected: ${message}` };
  if (values.expected !== undefined && values.expected !== null) result.expected = asText(values.expected);
  if (values.received !== undefined && values.received !== null) result.received = asText(values.received);
  const field = FIELDS[check];
  if (field) result.field = field;
  result.cause = cause;
  return result;
}

/** Why the JWKS at `jwksUri` could not be used, from what its request or processing threw. */
function jwksProblem(error: unknown, jwksUri: string): string {
  if (error instanceof oauth.OperationProcessingError) {
    if (error.code === oauth.RESPONSE_IS_NOT_CONFORM && error.cause instanceof Response) return `the JWKS at ${jwksUri} could not be fetched (HTTP ${error.cause.status})`;
    if (error.code === oauth.HTTP_REQUEST_FORBIDDEN || error.code === oauth.REQUEST_PROTOCOL_FORBIDDEN) {
      return `the JWKS at ${jwksUri} could not be fetched (${error.message})`;
    }
    return `the JWKS at ${jwksUri} is not a usable key set (${error.message})`;
  }
  const reason = error instanceof Error ? withoutFinalStop(error.message) : String(error);
  return `the JWKS at ${jwksUri} could not be fetched (${reason})`;
}

/** The rejection for a check `failedCheckOf` understood, during the claims checks. */
function claimRejection(found: FailedCheck, error: unknown, context: IdTokenCheckContext): IdTokenRejection {
  const { check, time } = found;
  if (time) {
    const at = isoSeconds(time.value);
    const clock = `this computer’s clock says ${isoSeconds(time.now)}`;
    if (check === 'exp') {
      return rejection(check, `exp: it expired at ${at}; ${clock} (${time.tolerance} s tolerance)`, error, { expected: `after ${isoSeconds(time.now - time.tolerance)}`, received: at });
    }
    if (check === 'nbf') {
      return rejection(check, `nbf: it is not valid before ${at}; ${clock} (${time.tolerance} s tolerance)`, error, { expected: `before ${isoSeconds(time.now + time.tolerance)}`, received: at });
    }
    if (check === 'auth_time') return rejection(check, `auth_time: the sign-in at ${at} is longer ago than max_age allows; ${clock}`, error, { received: at });
    return rejection(check, `${check}: ${at} is not acceptable; ${clock}`, error, { received: at });
  }
  const expected = found.expected === undefined && check === 'nonce' && context.nonce !== undefined ? context.nonce : found.expected;
  const { received } = found;
  if (received === null || found.missing) {
    return rejection(check, `${check}: the ID token has no ${check} claim${expected ? `, expected ${quote(expected)}` : ''}`, error, { expected });
  }
  if (expected === null && received !== undefined) return rejection(check, `${check}: the ID token carries ${check} ${quote(received)} but none was sent`, error, { received });
  if (expected !== undefined && received !== undefined) return rejection(check, `${check}, expected ${quote(expected)}, got ${quote(received)}`, error, { expected, received });
  if (check === 'aud' && received !== undefined) {
    return rejection(check, `aud: it names other audiences too (${quote(received)}) and has no azp claim saying which one it was issued to`, error, { received });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return rejection(check, `${check}: ${reason}`, error, { expected, received });
}

/**
 * `error`, thrown by oauth4webapi while checking an ID token (`processAuthorizationCodeResponse`'s
 * claim checks, or `validateApplicationLevelSignature` with `context.jwksUri`), as an
 * `IdTokenRejection`. Values come from the error's `cause` (see failed-check.ts); nothing secret is shown.
 */
export function idTokenRejectionFrom(error: unknown, context: IdTokenCheckContext = {}): IdTokenRejection {
  const found = failedCheckOf(error);
  const { jwksUri } = context;
  if (jwksUri !== undefined) {
    if (found?.source === 'signature') return rejection('signature', `signature: it did not verify against the JWKS at ${jwksUri}`, error);
    if (found?.source === 'key_selection' && found.candidates !== undefined && found.candidates > 1 && found.received === undefined) {
      const alg = found.reason ? ` that fit alg ${quote(found.reason)}` : '';
      return rejection('signature', `signature: the JWKS at ${found.jwksUri ?? jwksUri} has ${found.candidates} keys${alg} and the ID token has no kid to say which one signed it`, error);
    }
    if (found?.source === 'key_selection') {
      const header = [found.received ? `kid ${quote(found.received)}` : 'no kid', ...(found.reason ? [`alg ${quote(found.reason)}`] : [])].join(', ');
      return rejection('signature', `signature: no key in the JWKS at ${found.jwksUri ?? jwksUri} fits the ID token’s header (${header})`, error, { received: found.received });
    }
    if (found?.check === 'alg' && typeof found.received === 'string') {
      return rejection('alg', `alg: an ID token signed with ${quote(found.received)} cannot be verified against the JWKS at ${jwksUri}`, error, { received: found.received });
    }
    return rejection('jwks', `jwks: ${jwksProblem(error, jwksUri)}`, error);
  }
  if (found?.check === 'alg' && found.received === 'none') {
    const expected = found.expected ? ` (expected ${quote(found.expected)})` : '';
    return rejection('alg', `alg: the ID token is unsigned (alg "none"); only a signed ID token is accepted${expected}`, error, { expected: found.expected, received: 'none' });
  }
  if (found) return claimRejection(found, error, context);
  return rejection('id_token', `id_token: ${error instanceof Error ? error.message : String(error)}`, error);
}
