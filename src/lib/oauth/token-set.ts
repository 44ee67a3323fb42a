/**
 * The tokens one token response gave, with when they were obtained and when they expire.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */

export interface TokenSet {
  access_token: string;
  /** Lower-cased, as oauth4webapi normalises it (`bearer`, `dpop`). */
  token_type: string;
  refresh_token?: string;
  id_token?: string;
  /** The granted scope when the server said; otherwise the requested one is assumed (RFC 6749 §3.3). */
  scope?: string;
  /** Whether `scope` came from the server (true) or is the requested one (false). */
  scopeFromServer: boolean;
  expires_in?: number;
  /** Epoch milliseconds. */
  obtainedAt: number;
  /** Epoch milliseconds; absent when the server gave no `expires_in`. */
  expiresAt?: number;
  /** Other fields of the response, kept for display. */
  extra: Record<string, unknown>;
}

const KNOWN = new Set(['access_token', 'token_type', 'refresh_token', 'id_token', 'scope', 'expires_in']);

/**
 * A `TokenSet` from a token response already validated (by oauth4webapi or `json-body-token.ts`).
 * `requestedScope` stands in for `scope` when the server omitted it.
 */
export function toTokenSet(response: Record<string, unknown>, obtainedAt: number, requestedScope: string): TokenSet {
  const { access_token, token_type, refresh_token, id_token, scope, expires_in } = response;
  if (typeof access_token !== 'string' || typeof token_type !== 'string') {
    throw new TypeError('"response" must hold string "access_token" and "token_type"');
  }
  const token: TokenSet = {
    access_token,
    token_type: token_type.toLowerCase(),
    scopeFromServer: typeof scope === 'string',
    obtainedAt,
    extra: Object.fromEntries(Object.entries(response).filter(([key]) => !KNOWN.has(key))),
  };
  if (typeof refresh_token === 'string') token.refresh_token = refresh_token;
  if (typeof id_token === 'string') token.id_token = id_token;
  if (typeof scope === 'string') token.scope = scope;
  else if (requestedScope.trim() !== '') token.scope = requestedScope.trim();
  if (typeof expires_in === 'number' && Number.isFinite(expires_in)) {
    token.expires_in = expires_in;
    token.expiresAt = obtainedAt + expires_in * 1000;
  }
  return token;
}

/** Whole seconds until `token` expires (negative once expired), or undefined when unknown. */
export function secondsLeft(token: Pick<TokenSet, 'expiresAt'>, now: number): number | undefined {
  return token.expiresAt === undefined ? undefined : Math.floor((token.expiresAt - now) / 1000);
}
