/**
 * Extension grants: one token request each, sent with oauth4webapi's `genericTokenEndpointRequest`
 * and checked with `processGenericTokenEndpointResponse`. A custom grant (any `grant_type` with free
 * parameters), Token Exchange and JWT Bearer.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.5
 * @see https://www.rfc-editor.org/rfc/rfc8693
 * @see https://www.rfc-editor.org/rfc/rfc7523
 */
import * as oauth from 'oauth4webapi';
import type { OAuth2Settings } from '../config/auth-config';
import { PlaygroundError } from '../errors/playground-error';
import { extraHeaders, tokenRequestParameters } from './client-credentials';
import type { ProtocolContext } from './context';
import { withNonceRetry } from './dpop';
import { privateKeyJwtAuth } from './private-key-jwt';
import { authorizationServerFrom, clientFrom, requestOptions } from './server';
import { toTokenSet, type TokenSet } from './token-set';
import { requireText, requireUrl } from './validate';

/**
 * Sends `grant_type=grantType` with `params` (scope and the extra rows already in them) to the
 * token endpoint, authenticating the client as chosen, and validates the token response.
 */
export async function requestGrant(
  settings: OAuth2Settings,
  grantType: string,
  params: URLSearchParams,
  ctx: ProtocolContext,
  recognizedTokenTypes?: oauth.RecognizedTokenTypes,
): Promise<TokenSet> {
  const tokenUrl = requireUrl(settings.tokenUrl, 'Token URL');
  const as = authorizationServerFrom(settings);
  const { client, clientAuth } = await clientFrom(settings);
  const headers = extraHeaders(settings);
  const result = await withNonceRetry(async () => {
    const response = await oauth.genericTokenEndpointRequest(as, client, clientAuth, grantType, params, requestOptions(tokenUrl, ctx, headers));
    return oauth.processGenericTokenEndpointResponse(as, client, response, recognizedTokenTypes ? { recognizedTokenTypes } : {});
  });
  return toTokenSet(result as unknown as Record<string, unknown>, ctx.now(), settings.scope);
}

/** The custom grant's `grant_type`: trimmed, not empty, one word (no spaces). */
export function customGrantType(settings: Pick<OAuth2Settings, 'customGrantType'>): string {
  const grantType = requireText(settings.customGrantType, 'Custom grant_type', 'Enter the grant_type the server expects, e.g. urn:example:params:oauth:grant-type:my-grant.');
  if (/\s/.test(grantType)) {
    throw new PlaygroundError(`Custom grant_type “${grantType}” contains spaces.`, {
      kind: 'input',
      code: 'invalid_grant_type',
      hint: 'A grant_type is one word: an absolute URI (urn:…, https://…) for an extension grant, RFC 6749 §4.5.',
    });
  }
  return grantType;
}

/**
 * A custom (extension) grant: `grant_type` as typed, then scope and the extra parameter rows, as they are.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.5
 */
export function requestCustomGrantToken(settings: OAuth2Settings, ctx: ProtocolContext): Promise<TokenSet> {
  const grantType = customGrantType(settings);
  return requestGrant(settings, grantType, tokenRequestParameters(settings), ctx);
}

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';

/**
 * Token Exchange: `subject_token` and its type, `actor_token` and its type when an actor token is
 * given, then `audience`, `resource` and `requested_token_type` when set, then scope and the extra
 * rows. The answer's `issued_token_type` is kept with the token; `token_type: N_A` (an issued token
 * that is not an access token, §2.2.1) is accepted.
 * @see https://www.rfc-editor.org/rfc/rfc8693#section-2.1
 */
export function requestTokenExchange(settings: OAuth2Settings, ctx: ProtocolContext): Promise<TokenSet> {
  const params = new URLSearchParams();
  params.set('subject_token', requireText(settings.subjectToken, 'Subject token', 'Paste the token to exchange, or use the current access token.'));
  params.set('subject_token_type', settings.subjectTokenType);
  if (settings.actorToken.trim() !== '') {
    params.set('actor_token', settings.actorToken.trim());
    params.set('actor_token_type', settings.actorTokenType);
  }
  if (settings.audience.trim() !== '') params.set('audience', settings.audience.trim());
  if (settings.resource.trim() !== '') params.set('resource', settings.resource.trim());
  if (settings.requestedTokenType !== '') params.set('requested_token_type', settings.requestedTokenType);
  for (const [key, value] of tokenRequestParameters(settings)) params.append(key, value);
  return requestGrant(settings, TOKEN_EXCHANGE_GRANT, params, ctx, { n_a: () => undefined });
}

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * JWT Bearer: the `assertion` (a signed JWT, as pasted: one line, three dot-separated parts), then
 * scope and the extra rows. The server checks its signature, `iss`, `sub`, `aud` and `exp`.
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.1
 */
export function requestJwtBearerToken(settings: OAuth2Settings, ctx: ProtocolContext): Promise<TokenSet> {
  const assertion = requireText(settings.assertion, 'Assertion', 'Paste the signed JWT the server is to accept as the grant.');
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(assertion)) {
    throw new PlaygroundError('Assertion is not a signed JWT (three base64url parts separated by dots).', {
      kind: 'input',
      code: 'invalid_assertion',
      hint: 'Paste the whole JWT (header.payload.signature), without quotes or line breaks.',
    });
  }
  const params = new URLSearchParams({ assertion });
  for (const [key, value] of tokenRequestParameters(settings)) params.append(key, value);
  return requestGrant(settings, JWT_BEARER_GRANT, params, ctx);
}

/**
 * A JWT Bearer assertion signed here with the private key (the Private key (JWK) field), by
 * oauth4webapi's `PrivateKeyJwt`, the signing of client assertions (no JWS written by hand): `iss`
 * and `sub` as given, `aud` the issuer (as `authorizationServerFrom` has it), `iat`, `nbf`, `exp`
 * one minute on, a random `jti`.
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 */
export async function signJwtBearerAssertion(settings: OAuth2Settings, claims: { iss: string; sub: string }): Promise<string> {
  const iss = requireText(claims.iss, 'Assertion issuer');
  const sub = requireText(claims.sub, 'Assertion subject');
  const sign = await privateKeyJwtAuth(settings.privateKeyJwk, {
    [oauth.modifyAssertion]: (_header, payload) => {
      payload.iss = iss;
      payload.sub = sub;
    },
  });
  const body = new URLSearchParams();
  await sign(authorizationServerFrom(settings), { client_id: iss }, body, new Headers());
  return body.get('client_assertion') ?? '';
}
