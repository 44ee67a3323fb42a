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
import { filledRows, type AuthorizeVia, type CodeChallengeMethod, type OAuth2Settings } from '../config/auth-config';
import { PlaygroundError } from '../errors/playground-error';
import type { ProtocolContext } from './context';
import { withNonceRetry } from './dpop';
import { FORM_POST_EXPLANATION } from './metadata';
import { authorizationServerFrom, clientFrom, requestOptions } from './server';
import { toTokenSet, type TokenSet } from './token-set';
import { requireUrl } from './validate';

export { PENDING_LIFETIME_MS } from './callback';

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
    settings: { ...settings, clientSecret: '', password: '', privateKeyJwk: '' },
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
  /** The validated ID token claims, with `openid`. */
  idTokenClaims?: Record<string, unknown>;
  /** Whether the ID token signature was checked against the server's JWKS. */
  idTokenSignature?: 'verified' | 'not-checked';
  /** The ID token failed a check: the tokens are returned to study, not to use. */
  idTokenRejected?: { message: string; check: string; expected?: string; received?: string; field?: string };
}

/**
 * Checks the authorization response against `pending` (state, iss, error) and redeems the code with
 * the verifier; with `openid`, validates the ID token (iss, aud, exp, iat, nonce) and, when the
 * server publishes a JWKS, its signature. Throws oauth4webapi's errors; map them with `describeError`.
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
  const result = await withNonceRetry(async () => {
    response = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, validated, pending.redirectUri, pending.codeVerifier, requestOptions(tokenUrl, ctx));
    return oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: pending.nonce ?? oauth.expectNoNonce,
      requireIdToken: pending.nonce !== undefined,
    });
  });
  const completed: CompletedAuthorization = { token: toTokenSet(result as unknown as Record<string, unknown>, ctx.now(), settings.scope) };
  const claims = oauth.getValidatedIdTokenClaims(result);
  if (claims) {
    completed.idTokenClaims = { ...claims };
    if (as.jwks_uri) {
      await oauth.validateApplicationLevelSignature(as, response, requestOptions(as.jwks_uri, { ...ctx, dpop: undefined }));
      completed.idTokenSignature = 'verified';
    } else completed.idTokenSignature = 'not-checked';
  }
  return completed;
}
