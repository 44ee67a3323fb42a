/**
 * Authorization Code with PKCE, in two steps: `startAuthorization` builds the authorization URL
 * (pushing the request first when PAR is on) and the record to keep until the user comes back;
 * `completeAuthorization` checks the redirect and redeems the code.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 * @see https://www.rfc-editor.org/rfc/rfc7636 PKCE
 * @see https://www.rfc-editor.org/rfc/rfc9207 iss in the authorization response
 * @see https://www.rfc-editor.org/rfc/rfc9126 PAR
 */
import * as oauth from 'oauth4webapi';
import { filledRows, withoutOAuth2Secrets, type AuthorizeVia, type CodeChallengeMethod, type OAuth2Settings } from '../config/auth-config';
import { PlaygroundError } from '../errors/playground-error';
import type { ProtocolContext } from './context';
import { withNonceRetry } from './dpop';
import { idTokenRejectionFrom, type IdTokenRejection } from './id-token-rejection';
import { FORM_POST_EXPLANATION } from './metadata';
import { authorizationServerFrom, clientFrom, requestOptions } from './server';
import { toTokenSet, type TokenSet } from './token-set';
import { isRecord, requireUrl } from './validate';

export { PENDING_LIFETIME_MS } from './callback';
export { idTokenRejectionFrom, type IdTokenRejection } from './id-token-rejection';

/** What must survive the trip to the authorization server and back. Single use, keyed by `state`. */
export interface PendingAuthorization {
  state: string;
  codeVerifier: string;
  codeChallenge: string;
  codeChallengeMethod: CodeChallengeMethod;
  nonce?: string;
  redirectUri: string;
  createdAt: number;
  via: AuthorizeVia;
  /** The DPoP key the token will be bound to, when DPoP is on. */
  dpopKeyPair?: CryptoKeyPair;
  /**
   * The settings the flow started with, secrets excluded: the client secret is kept sealed apart;
   * a private_key_jwt key is taken again from the settings (or the saved credential) on return.
   */
  settings: OAuth2Settings;
}

export interface AuthorizationStart {
  url: URL;
  pending: PendingAuthorization;
  /** The request was pushed (PAR): the URL carries `client_id` and `request_uri` (plus the endpoint's own query). */
  pushed: boolean;
}

const hasOpenId = (scope: string) => scope.split(/\s+/).includes('openid');

/**
 * Generates verifier, challenge, state and (with `openid`) nonce through oauth4webapi, and builds
 * the authorization URL with the extras the settings name.
 */
export async function startAuthorization(
  settings: OAuth2Settings,
  redirectUri: string,
  ctx: ProtocolContext,
): Promise<AuthorizationStart> {
  const authorizationUrl = requireUrl(settings.authorizationUrl, 'Authorization URL');
  requireUrl(settings.tokenUrl, 'Token URL');
  if (settings.responseMode === 'form_post') {
    throw new PlaygroundError('response_mode=form_post cannot work with this app.', { kind: 'input', code: 'form_post_unsupported', hint: FORM_POST_EXPLANATION });
  }
  const as = authorizationServerFrom(settings);
  const { client, clientAuth } = await clientFrom(settings);

  const codeVerifier = oauth.generateRandomCodeVerifier();
  const codeChallenge = settings.codeChallengeMethod === 'S256' ? await oauth.calculatePKCECodeChallenge(codeVerifier) : codeVerifier;
  const state = oauth.generateRandomState();
  const nonce = hasOpenId(settings.scope) ? oauth.generateRandomNonce() : undefined;

  const params = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: redirectUri,
    response_type: 'code',
    state,
    code_challenge: codeChallenge,
    code_challenge_method: settings.codeChallengeMethod,
  });
  if (settings.scope.trim()) params.set('scope', settings.scope.trim());
  if (nonce) params.set('nonce', nonce);
  if (settings.prompt.trim()) params.set('prompt', settings.prompt.trim());
  if (settings.loginHint.trim()) params.set('login_hint', settings.loginHint.trim());
  if (settings.responseMode) params.set('response_mode', settings.responseMode);
  for (const { key, value } of filledRows(settings.authParams)) params.append(key, value);

  const pending: PendingAuthorization = {
    state,
    codeVerifier,
    codeChallenge,
    codeChallengeMethod: settings.codeChallengeMethod,
    redirectUri,
    createdAt: ctx.now(),
    via: settings.authorizeVia,
    settings: withoutOAuth2Secrets(settings),
  };
  if (nonce) pending.nonce = nonce;

  const url = new URL(authorizationUrl.href);
  if (settings.usePar) {
    const parUrl = requireUrl(settings.parUrl, 'PAR endpoint');
    const response = await oauth.pushedAuthorizationRequest(as, client, clientAuth, params, requestOptions(parUrl, ctx));
    const { request_uri } = await oauth.processPushedAuthorizationResponse(as, client, response);
    // the endpoint's own query is kept (RFC 6749 §3.1); the pushed parameters travel by reference
    url.searchParams.set('client_id', client.client_id);
    url.searchParams.set('request_uri', request_uri);
    return { url, pending, pushed: true };
  }
  for (const [key, value] of params) url.searchParams.append(key, value);
  return { url, pending, pushed: false };
}

export interface CompletedAuthorization {
  token: TokenSet;
  /** The validated ID token claims, with `openid`; absent when the ID token was rejected. */
  idTokenClaims?: Record<string, unknown>;
  /** Whether the ID token signature was checked against the server's JWKS; absent when the ID token was rejected. */
  idTokenSignature?: 'verified' | 'not-checked';
  /**
   * The token response was valid but its ID token failed a check (a claim, the signature, or the
   * JWKS could not be fetched). `token` holds what the server issued, `token.id_token` included,
   * unvalidated: nothing about the user may be trusted from it, and using the tokens is the user's call.
   */
  idTokenRejected?: IdTokenRejection;
}

/**
 * The token response in `copy`, processed by oauth4webapi as if it carried no ID token, with the
 * `id_token` string put back unvalidated; undefined when that processing fails too, which means
 * `error` was not about the ID token alone (or when there is no string `id_token` to blame).
 *
 * Why this way: oauth4webapi checks any `id_token` a token response holds and has no switch to
 * skip that, so it runs again on the same body without that member. Every check of the token
 * response itself (status, JSON, access_token, token_type, expires_in, refresh_token, scope) stays
 * oauth4webapi's; nothing is re-implemented. The body is our own `clone()`, taken before
 * processing: the recording fetch's response can be read twice too, but that is http/exchange.ts's
 * business, not something the protocol layer may rely on.
 */
async function withoutIdToken(as: oauth.AuthorizationServer, client: oauth.Client, copy: Response, error: unknown): Promise<oauth.TokenEndpointResponse | undefined> {
  if (!(error instanceof oauth.OperationProcessingError || error instanceof oauth.UnsupportedOperationError)) return undefined;
  let body: unknown;
  try {
    body = await copy.json();
  } catch {
    return undefined;
  }
  if (!isRecord(body) || typeof body.id_token !== 'string') return undefined;
  const { id_token, ...rest } = body;
  const stripped = new Response(JSON.stringify(rest), { status: copy.status, statusText: copy.statusText, headers: copy.headers });
  try {
    return { ...(await oauth.processAuthorizationCodeResponse(as, client, stripped)), id_token };
  } catch {
    return undefined;
  }
}

/**
 * Checks the authorization response against `pending` (state, iss, error) and redeems the code with
 * the verifier; with `openid`, validates the ID token (iss, aud, exp, iat, nonce, azp) and, when the
 * server publishes a JWKS, its signature.
 *
 * An ID token that fails a check does not throw: the code is single-use, so the tokens come back
 * with `idTokenRejected` (this includes a JWKS that cannot be fetched). Everything else throws
 * oauth4webapi's errors, as does a token response that is itself invalid; map them with `describeError`.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#CodeIDToken
 */
export async function completeAuthorization(
  params: URLSearchParams,
  pending: PendingAuthorization,
  clientSecret: string,
  ctx: ProtocolContext,
): Promise<CompletedAuthorization> {
  const settings = { ...pending.settings, clientSecret };
  const as = authorizationServerFrom(settings);
  const { client, clientAuth } = await clientFrom(settings);
  const validated = oauth.validateAuthResponse(as, client, params, pending.state);
  const tokenUrl = requireUrl(settings.tokenUrl, 'Token URL');
  let response!: Response;
  const { result, rejected } = await withNonceRetry(async (): Promise<{ result: oauth.TokenEndpointResponse; rejected?: IdTokenRejection }> => {
    response = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, validated, pending.redirectUri, pending.codeVerifier, requestOptions(tokenUrl, ctx));
    const copy = response.clone();
    try {
      return {
        result: await oauth.processAuthorizationCodeResponse(as, client, response, {
          expectedNonce: pending.nonce ?? oauth.expectNoNonce,
          requireIdToken: pending.nonce !== undefined,
        }),
      };
    } catch (error) {
      const kept = await withoutIdToken(as, client, copy, error);
      if (!kept) throw error;
      return { result: kept, rejected: idTokenRejectionFrom(error, pending.nonce === undefined ? {} : { nonce: pending.nonce }) };
    }
  });
  const completed: CompletedAuthorization = { token: toTokenSet(result as unknown as Record<string, unknown>, ctx.now(), settings.scope) };
  if (rejected) {
    completed.idTokenRejected = rejected;
    return completed;
  }
  const claims = oauth.getValidatedIdTokenClaims(result);
  if (!claims) return completed;
  if (!as.jwks_uri) {
    completed.idTokenClaims = { ...claims };
    completed.idTokenSignature = 'not-checked';
    return completed;
  }
  try {
    await oauth.validateApplicationLevelSignature(as, response, requestOptions(as.jwks_uri, { ...ctx, dpop: undefined }));
  } catch (error) {
    completed.idTokenRejected = idTokenRejectionFrom(error, { jwksUri: as.jwks_uri });
    return completed;
  }
  completed.idTokenClaims = { ...claims };
  completed.idTokenSignature = 'verified';
  return completed;
}
