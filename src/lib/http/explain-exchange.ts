/**
 * The error explainer for one logged exchange: what its failure means and the likely fix, from the
 * OAuth `error` in its body, its `WWW-Authenticate` challenge, the `error` in a redirect back, or
 * the kind of transport failure.
 */
import { explainOAuthError } from '../errors/oauth-error-codes';
import type { Exchange } from './exchange-record';

export interface ExchangeExplanation {
  /** The OAuth `error` code or our failure kind. */
  code: string;
  description?: string;
  text: string;
}

const FAILURES = {
  cors: 'The browser withheld the response: the server sent no CORS headers allowing this page’s origin. The request may even have succeeded. Ask the provider to allow this origin, or send the request from a server or with curl (see Code snippets).',
  network: 'No answer at all: wrong host or port, the server is down, you are offline, or an http URL was called from an https page (mixed content).',
  timeout: 'The server did not answer in time. Check the URL and try again.',
  cancelled: 'You cancelled the request; nothing from it was used.',
  proxy: 'The local proxy refused to forward the request or could not reach the target; its error says why. Check the Proxy URL, the pairing token, and that the target is an https host.',
} as const;

const STATUS: Record<number, string> = {
  400: 'The server refused the request as malformed. Compare the parameters with the provider’s documentation.',
  401: 'The server did not accept the credentials sent. Check the client ID and secret (or the token), and how they are sent.',
  403: 'The credentials were accepted but do not allow this. Check the scopes and the client’s or user’s permissions.',
  404: 'Nothing at this URL: check the endpoint path (Discover fills them from the issuer).',
  405: 'This URL does not accept this method: a token endpoint wants POST.',
  429: 'Too many requests: wait before trying again.',
};

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

function fromBody(body: string): { error?: string; description?: string } {
  try {
    const json: unknown = JSON.parse(body);
    if (typeof json === 'object' && json !== null) {
      const { error, error_description } = json as Record<string, unknown>;
      return { ...(typeof error === 'string' ? { error } : {}), ...(typeof error_description === 'string' ? { description: error_description } : {}) };
    }
  } catch {
    // not JSON
  }
  return {};
}

function fromChallenge(header: string | undefined): { error?: string; description?: string } {
  if (!header) return {};
  const error = /\berror="([^"]*)"/.exec(header)?.[1];
  const description = /\berror_description="([^"]*)"/.exec(header)?.[1];
  return { ...(error ? { error } : {}), ...(description ? { description } : {}) };
}

function fromLocation(location: string | undefined): { error?: string; description?: string } {
  if (!location) return {};
  try {
    const url = new URL(location);
    const params = url.searchParams.has('error') ? url.searchParams : new URLSearchParams(url.hash.slice(1));
    const error = params.get('error') ?? undefined;
    const description = params.get('error_description') ?? undefined;
    return { ...(error ? { error } : {}), ...(description ? { description } : {}) };
  } catch {
    return {};
  }
}

/** What went wrong in `exchange`, in plain words with the likely fix; undefined when it succeeded. */
export function explainExchange(exchange: Exchange): ExchangeExplanation | undefined {
  const { response } = exchange;
  if (!response) return exchange.kind === 'navigation' ? undefined : { code: exchange.failure ?? 'network', text: FAILURES[exchange.failure ?? 'network'] };
  const header = (name: string) => response.headers.find(([n]) => n.toLowerCase() === name)?.[1];
  const found = exchange.kind === 'navigation' ? fromLocation(header('location')) : { ...fromChallenge(header('www-authenticate')), ...fromBody(response.body) };
  if (found.error) {
    const text = refineOAuthError(found.error, found.description) ?? explainOAuthError(found.error) ?? 'The server sent an error code this app does not know; read its description.';
    return { code: found.error, ...(found.description ? { description: found.description } : {}), text };
  }
  if (response.status < 400) return undefined;
  return { code: `HTTP ${response.status}`, text: STATUS[response.status] ?? (response.status >= 500 ? 'The server failed. Try again; if it persists, the problem is on the provider’s side.' : 'The server refused the request.') };
}
