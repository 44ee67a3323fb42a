/**
 * What the result pane shows about the current token, computed where it is shown (the pane loads
 * once `Get token` is usable, so the first paint carries none of it).
 */
import { decodeJwt, type DecodedJwt } from '../oauth/jwt';
import type { Playground } from './playground.svelte';

/** The current access token decoded, when it is a JWT (not verified here). */
export function decodedAccessToken(pg: Playground): DecodedJwt | null {
  return pg.tokens.current ? decodeJwt(pg.tokens.current.token.access_token) : null;
}

/** Whether the Token URL or client ID changed since the current token was obtained. */
export function tokenIsStale(pg: Playground): boolean {
  const source = pg.tokens.current?.source;
  if (!source) return false;
  const current = (text: string) => pg.scope.bestEffort(text).trim();
  return source.tokenUrl !== current(pg.config.auth.oauth2.tokenUrl) || source.clientId !== current(pg.config.auth.oauth2.clientId);
}
