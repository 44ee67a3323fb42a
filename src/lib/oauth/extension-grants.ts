/**
 * Extension grants: one token request each, sent with oauth4webapi's `genericTokenEndpointRequest`
 * and checked with `processGenericTokenEndpointResponse`. A custom grant (any `grant_type` with free
 * parameters).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.5
 */
import * as oauth from 'oauth4webapi';
import type { OAuth2Settings } from '../config/auth-config';
import { PlaygroundError } from '../errors/playground-error';
import { extraHeaders, tokenRequestParameters } from './client-credentials';
import type { ProtocolContext } from './context';
import { withNonceRetry } from './dpop';
import { authorizationServerFrom, clientFrom, requestOptions } from './server';
import { toTokenSet, type TokenSet } from './token-set';
import { requireText, requireUrl } from './validate';

/**
 * Sends `grant_type=grantType` with `params` (scope and the extra rows already in them) to the
 * token endpoint, authenticating the client as chosen, and validates the token response.
 */
export async function requestGrant(settings: OAuth2Settings, grantType: string, params: URLSearchParams, ctx: ProtocolContext): Promise<TokenSet> {
  const tokenUrl = requireUrl(settings.tokenUrl, 'Token URL');
  const as = authorizationServerFrom(settings);
  const { client, clientAuth } = await clientFrom(settings);
  const headers = extraHeaders(settings);
  const result = await withNonceRetry(async () => {
    const response = await oauth.genericTokenEndpointRequest(as, client, clientAuth, grantType, params, requestOptions(tokenUrl, ctx, headers));
    return oauth.processGenericTokenEndpointResponse(as, client, response);
  });
  return toTokenSet(result as unknown as Record<string, unknown>, ctx.now(), settings.scope);
}

/** The custom grant's `grant_type`: trimmed, not empty, one word (no spaces). */
export function customGrantType(settings: Pick<OAuth2Settings, 'customGrantType'>): string {
  const grantType = requireText(settings.customGrantType, 'Custom grant type', 'Enter the grant_type the server expects, e.g. urn:example:params:oauth:grant-type:my-grant.');
  if (/\s/.test(grantType)) {
    throw new PlaygroundError(`Custom grant type “${grantType}” contains spaces.`, {
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
