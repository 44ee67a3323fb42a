/**
 * One-click operations on a token: revocation, introspection, UserInfo.
 * @see https://www.rfc-editor.org/rfc/rfc7009 revocation
 * @see https://www.rfc-editor.org/rfc/rfc7662 introspection
 * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfo
 */
import * as oauth from 'oauth4webapi';
import type { OAuth2Settings } from '../config/auth-config';
import type { ProtocolContext } from './context';
import { withNonceRetry } from './dpop';
import { authorizationServerFrom, clientForFollowUp, requestOptions } from './server';
import { requireUrl } from './validate';

export type TokenKind = 'access_token' | 'refresh_token';

/** Revokes `token`. Resolves when the server accepted (200), whether or not the token was valid. */
export async function revokeToken(settings: OAuth2Settings, token: string, kind: TokenKind, ctx: ProtocolContext): Promise<void> {
  const url = requireUrl(settings.revocationUrl, 'Revocation URL');
  const as = authorizationServerFrom(settings);
  const { client, clientAuth } = await clientForFollowUp(settings);
  const response = await oauth.revocationRequest(as, client, clientAuth, token, {
    ...requestOptions(url, ctx),
    additionalParameters: { token_type_hint: kind },
  });
  await oauth.processRevocationResponse(response);
}

/** What the server says of `token`: `active`, and for active tokens scope, client, expiry... */
export async function introspectToken(
  settings: OAuth2Settings,
  token: string,
  kind: TokenKind,
  ctx: ProtocolContext,
): Promise<Record<string, unknown>> {
  const url = requireUrl(settings.introspectionUrl, 'Introspection URL');
  const as = authorizationServerFrom(settings);
  const { client, clientAuth } = await clientForFollowUp(settings);
  const response = await oauth.introspectionRequest(as, client, clientAuth, token, {
    ...requestOptions(url, ctx),
    additionalParameters: { token_type_hint: kind },
  });
  return { ...(await oauth.processIntrospectionResponse(as, client, response)) };
}

/** The UserInfo claims for `accessToken`; `sub` is checked against the ID token's when one is known. */
export async function fetchUserInfo(
  settings: OAuth2Settings,
  accessToken: string,
  expectedSubject: string | undefined,
  ctx: ProtocolContext,
): Promise<Record<string, unknown>> {
  const url = requireUrl(settings.userinfoUrl, 'UserInfo URL');
  const as = authorizationServerFrom(settings);
  const client: oauth.Client = { client_id: settings.clientId.trim() || 'unknown' };
  return withNonceRetry(async () => {
    const response = await oauth.userInfoRequest(as, client, accessToken, requestOptions(url, ctx));
    return { ...(await oauth.processUserInfoResponse(as, client, expectedSubject ?? oauth.skipSubjectCheck, response)) };
  });
}
