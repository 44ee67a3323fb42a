import type { BasicEncoding } from '../config/auth-config';

/**
 * The one error type the UI shows. Every failure (network, CORS, a server's OAuth error, a
 * malformed response, bad input) becomes a `PlaygroundError` whose fields the alert renders.
 */

/** What went wrong, in the categories a person can act on. */
export type ErrorKind =
  /** The request never got an answer: DNS, connection refused, offline, time-out. */
  | 'network'
  /** The user cancelled the request while it was in flight. */
  | 'cancelled'
  /** The server answered but the browser hid the answer: no CORS headers for this origin. */
  | 'cors'
  /** The server sent an OAuth error body (`{"error": "invalid_client"}`), RFC 6749 §5.2. */
  | 'oauth_error'
  /** The server answered with a `WWW-Authenticate` challenge (RFC 6750 §3, RFC 7235). */
  | 'challenge'
  /** An HTTP error status without an OAuth error body. */
  | 'http'
  /** The response is not JSON (an HTML login page, plain text). */
  | 'not_json'
  /** JSON that breaks the protocol: truncated, `access_token` missing, `expires_in` not a number. */
  | 'malformed_response'
  /** oauth4webapi refused to go on: a protocol check failed (state, iss, nonce, signature...). */
  | 'protocol'
  /** The forwarding proxy ("Send through local proxy") refused or could not forward the request. */
  | 'proxy'
  /** The request was not sent: plain http to a non-loopback host, an invalid URL, a missing field. */
  | 'input'
  /** Anything not recognised; the original error is kept as `cause`. */
  | 'unknown';

export interface PlaygroundErrorDetails {
  kind: ErrorKind;
  /** A stable machine code: the OAuth `error`, an oauth4webapi code, or one of ours. */
  code: string;
  /** What to check next, in plain words. */
  hint?: string | undefined;
  /** The server's `error` parameter, verbatim. */
  error?: string | undefined;
  /** The server's `error_description`, verbatim. */
  error_description?: string | undefined;
  /** HTTP status, when there was a response. */
  status?: number | undefined;
  /** The raw `WWW-Authenticate` header, when there was one. */
  wwwAuthenticate?: string | undefined;
  /** The alert offers to switch client_secret_basic to this encoding: the refusal may come from how the credentials were written. */
  switchBasicEncoding?: BasicEncoding | undefined;
  cause?: unknown;
}

export class PlaygroundError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly hint: string | undefined;
  readonly error: string | undefined;
  readonly error_description: string | undefined;
  readonly status: number | undefined;
  readonly wwwAuthenticate: string | undefined;
  readonly switchBasicEncoding: BasicEncoding | undefined;

  constructor(message: string, details: PlaygroundErrorDetails) {
    super(message, { cause: details.cause });
    this.name = 'PlaygroundError';
    this.kind = details.kind;
    this.code = details.code;
    this.hint = details.hint;
    this.error = details.error;
    this.error_description = details.error_description;
    this.status = details.status;
    this.wwwAuthenticate = details.wwwAuthenticate;
    this.switchBasicEncoding = details.switchBasicEncoding;
  }
}

/** Headings for the alert, one per kind. */
export const ERROR_KIND_TITLES: Record<ErrorKind, string> = {
  network: 'Network failure',
  cancelled: 'Cancelled',
  cors: 'Blocked by the browser (CORS)',
  oauth_error: 'The server refused the request',
  challenge: 'The server asked for other credentials',
  http: 'HTTP error',
  not_json: 'The response is not JSON',
  malformed_response: 'Malformed response',
  protocol: 'Protocol check failed',
  proxy: 'The proxy did not forward the request',
  input: 'Cannot send this request',
  unknown: 'Unexpected error',
};
