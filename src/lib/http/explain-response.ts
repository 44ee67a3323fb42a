/**
 * The one explanation of a refused request, for the alert (`describeError`) and the exchange log
 * (`explainExchange`) alike: first what the server said (the status, whether a body came at all,
 * its content type, `error` and `error_description`), then what that means, and only where the
 * server gave no reason, a guess, labelled as one.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-15.5
 */
import type { BasicEncoding } from '../config/auth-config';
import { explainOAuthError } from '../errors/oauth-error-codes';
import { encodingAdvice, type BasicCredentials } from './basic-credentials';
import { providerErrorMeaning } from './provider-errors';

/** What came back, as recorded (the log) or as read from the `Response` (the alert). */
export interface ResponseFacts {
  status: number;
  /** The `Content-Type` header; undefined when there was none. */
  contentType: string | undefined;
  /** The body's text; '' when none came, undefined when it could not be read again (oauth4webapi read it). */
  body: string | undefined;
  /** The `WWW-Authenticate` header; undefined when there was none. */
  wwwAuthenticate: string | undefined;
}

export interface ResponseExplanation {
  /** The OAuth `error` code, or `HTTP <status>` when the server sent none. */
  code: string;
  /** The server's `error_description`, verbatim. */
  description?: string;
  text: string;
  /** The other Basic encoding, offered when the way the credentials were written may be why they were refused. */
  offer?: BasicEncoding;
}

/** The label every guess starts with. */
export const GUESS = 'A guess: ';

type Found = { error?: string; description?: string };

/** `error` and `error_description` of a JSON body; nothing for any other body. */
export function oauthErrorInBody(body: string): Found {
  try {
    const json: unknown = JSON.parse(body);
    if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
      const { error, error_description } = json as Record<string, unknown>;
      return { ...(typeof error === 'string' && error ? { error } : {}), ...(typeof error_description === 'string' ? { description: error_description } : {}) };
    }
  } catch {
    // not JSON
  }
  return {};
}

/** `error` and `error_description` of a `WWW-Authenticate` challenge (RFC 6750 §3). */
export function oauthErrorInChallenge(header: string | undefined): Found {
  if (!header) return {};
  const error = /\berror="([^"]*)"/.exec(header)?.[1];
  const description = /\berror_description="([^"]*)"/.exec(header)?.[1];
  return { ...(error ? { error } : {}), ...(description ? { description } : {}) };
}

/**
 * A sharper explanation of an OAuth error from what its description says: PKCE required, redirect
 * URI mismatch (also the non-standard codes `redirect_uri_mismatch` and `invalid_redirect_uri`).
 */
export function refineOAuthError(error: string, description: string | undefined): string | undefined {
  const d = description?.toLowerCase() ?? '';
  if (/pkce|code_challenge/.test(d)) {
    return 'The server requires PKCE for this client: the authorization request must carry a code_challenge (S256) and the token request the matching code_verifier. Keep Code challenge method on S256.';
  }
  if (/redirect_uri|redirect uri/.test(d) || error === 'redirect_uri_mismatch' || error === 'invalid_redirect_uri') {
    return 'The redirect URI sent is not one registered for this client. Register this page’s exact Redirect URI (scheme, host, port, path and trailing slash all count).';
  }
  return undefined;
}

/** What an OAuth `error` means, sharpened by its description and by a known provider's shape; a plain sentence for a code this app does not know. */
export function meaningOfOAuthError(error: string, description: string | undefined): string {
  // what a known provider means by it (provider-errors.ts) follows the code's general meaning
  const provider = providerErrorMeaning(error, description);
  const general = refineOAuthError(error, description) ?? explainOAuthError(error);
  if (general) return provider ? `${general} ${provider}` : general;
  return provider ?? 'The server sent an error code this app does not know; read its description.';
}

/** What a status means when the server gave no OAuth error; guesses start with `GUESS`. */
const STATUS: Record<number, string> = {
  400: `400 means the server found the request malformed or unacceptable, without saying which part. ${GUESS}a parameter it does not accept or misses; compare the request with the provider’s documentation.`,
  401: '401 means the request lacks valid credentials: check the Client ID and secret (or the token), and how they are sent (Client authentication).',
  403: `403 means the server refuses this request, without saying why. ${GUESS}it did not accept this client, or does not allow it this (some servers answer 403 for a wrong client ID or secret, others for a missing permission or scope), or a gateway in front of the server refused it.`,
  404: 'Nothing at this URL: check the endpoint path (Discover fills them from the issuer).',
  405: 'This URL does not accept this method: a token endpoint wants POST.',
  429: 'Too many requests: wait before trying again.',
};

const mediaType = (contentType: string | undefined) => contentType?.split(';')[0]?.trim().toLowerCase() || undefined;

/** The first sentence: the status, the body (or none), its content type, `error` and `error_description`. */
function said(facts: ResponseFacts, found: Found & { inChallenge: boolean }): string {
  const type = mediaType(facts.contentType);
  const hasBody = facts.body === undefined || facts.body.trim() !== '';
  const body = !hasBody ? 'no body' : type ? `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type} body` : facts.body === undefined ? 'a body' : 'a body with no content type';
  const description = found.description !== undefined ? `, error_description “${found.description}”` : '';
  const error = found.error ? `${found.inChallenge ? '; WWW-Authenticate' : ''}: error “${found.error}”${description}` : !hasBody ? '' : type === 'application/json' || facts.status >= 400 ? ', no OAuth error' : ', not JSON';
  return `The server answered HTTP ${facts.status} with ${body}${error}.`;
}

/** Refusals that may be about the client's credentials: no OAuth error, or one of these. */
const CREDENTIAL_REFUSALS = new Set([undefined, 'invalid_client', 'unauthorized_client', 'invalid_request', 'access_denied']);

/**
 * What the server said in `facts`, what it means, and (when it gave no reason) a labelled guess.
 * `basic`: the client_secret_basic credentials the request carried; when a 400, 401 or 403 may be
 * about them and the other encoding would send other bytes, that is said and offered.
 * The alert and the exchange log both show this text, so they cannot contradict each other.
 */
export function explainResponse(facts: ResponseFacts, basic?: BasicCredentials): ResponseExplanation {
  const challenge = oauthErrorInChallenge(facts.wwwAuthenticate);
  const body = oauthErrorInBody(facts.body ?? '');
  // The challenge first, as oauth4webapi reads it; a Basic challenge usually has the error in the body.
  const inChallenge = challenge.error !== undefined;
  const found = inChallenge ? challenge : body;
  const parts = [said(facts, { ...found, inChallenge })];
  if (found.error) {
    parts.push(meaningOfOAuthError(found.error, found.description));
  } else {
    parts.push(STATUS[facts.status] ?? (facts.status >= 500 ? 'The server failed. Try again; if it persists, the problem is on the provider’s side.' : facts.status >= 400 ? 'The server refused the request.' : 'This is not the JSON the protocol expects here.'));
    if (mediaType(facts.contentType) === 'text/html') {
      parts.push(`${GUESS}an HTML login or error page, not the endpoint’s own answer: check that the URL is the endpoint itself, not a web page.`);
    }
  }
  const advice = basic && [400, 401, 403].includes(facts.status) && CREDENTIAL_REFUSALS.has(found.error) ? encodingAdvice(basic) : undefined;
  if (advice) parts.push(advice.text);
  return {
    code: found.error ?? `HTTP ${facts.status}`,
    ...(found.description !== undefined ? { description: found.description } : {}),
    text: parts.join(' '),
    ...(advice ? { offer: advice.offer } : {}),
  };
}
