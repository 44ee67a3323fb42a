/**
 * The non-interactive token requests: client credentials (form or JSON body), the legacy password
 * grant, and refresh. Authorization Code and Device flows are interactive: see their own modules.
 */
import * as oauth from 'oauth4webapi';
import { filledRows, type OAuth2Settings } from '../config/auth-config';
import { PlaygroundError } from '../errors/playground-error';
import { extraHeaders, requestClientCredentialsToken, tokenRequestParameters } from './client-credentials';
import type { ProtocolContext } from './context';
import { withNonceRetry } from './dpop';
import { requestCustomGrantToken, requestJwtBearerToken, requestTokenExchange } from './extension-grants';
import { requestJsonBodyToken } from './json-body-token';
import { authorizationServerFrom, clientForFollowUp, clientFrom, requestOptions } from './server';
import { toTokenSet, type TokenSet } from './token-set';
import { requireText, requireUrl } from './validate';

/**
 * Gets a token for `settings` with client_credentials, password, token exchange, JWT bearer or a custom grant. Throws whatever the grant throws;
 * map it with `describeError`.
 */
export async function requestToken(settings: OAuth2Settings, ctx: ProtocolContext): Promise<TokenSet> {
  switch (settings.grantType) {
    case 'client_credentials':
      return settings.clientAuth === 'json_body' ? requestJsonBodyToken(settings, ctx) : requestClientCredentialsToken(settings, ctx);
    case 'password':
      return requestPasswordToken(settings, ctx);
    case 'urn:ietf:params:oauth:grant-type:token-exchange':
      return requestTokenExchange(settings, ctx);
    case 'urn:ietf:params:oauth:grant-type:jwt-bearer':
      return requestJwtBearerToken(settings, ctx);
    case 'custom':
      return requestCustomGrantToken(settings, ctx);
    case 'refresh_token':
      throw new PlaygroundError('The refresh_token grant needs the refresh token of a token already obtained.', {
        kind: 'input',
        code: 'interactive_grant',
        hint: 'Get a token that has a refresh token, then use Get token or Renew token.',
      });
    default:
      throw new PlaygroundError(`The ${settings.grantType} grant is not a single request.`, {
        kind: 'input',
        code: 'interactive_grant',
        hint: 'Use Get token: it runs the interactive flow for this grant.',
      });
  }
}

/**
 * Resource Owner Password Credentials: legacy, removed in OAuth 2.1; kept for old servers.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.3
 */
export async function requestPasswordToken(settings: OAuth2Settings, ctx: ProtocolContext): Promise<TokenSet> {
  const tokenUrl = requireUrl(settings.tokenUrl, 'Token URL');
  const username = requireText(settings.username, 'Username');
  const as = authorizationServerFrom(settings);
  const { client, clientAuth } = await clientFrom(settings);
  const params = tokenRequestParameters(settings);
  params.set('username', username);
  params.set('password', settings.password);
  const result = await withNonceRetry(async () => {
    const response = await oauth.genericTokenEndpointRequest(as, client, clientAuth, 'password', params, requestOptions(tokenUrl, ctx, extraHeaders(settings)));
    return oauth.processGenericTokenEndpointResponse(as, client, response);
  });
  return toTokenSet(result as unknown as Record<string, unknown>, ctx.now(), settings.scope);
}

/**
 * Exchanges a refresh token for new tokens. The result keeps the old refresh token when the server
 * did not rotate it (RFC 6749 §6 lets it keep the same one).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export async function refreshTokens(settings: OAuth2Settings, refreshToken: string, ctx: ProtocolContext): Promise<TokenSet> {
  const tokenUrl = requireUrl(settings.tokenUrl, 'Token URL');
  const as = authorizationServerFrom(settings);
  const { client, clientAuth } = await clientForFollowUp(settings);
  const additionalParameters = new URLSearchParams();
  for (const { key, value } of filledRows(settings.extraParams)) additionalParameters.append(key, value);
  const result = await withNonceRetry(async () => {
    const response = await oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshToken, {
      ...requestOptions(tokenUrl, ctx, extraHeaders(settings)),
      additionalParameters,
    });
    return oauth.processRefreshTokenResponse(as, client, response);
  });
  const token = toTokenSet(result as unknown as Record<string, unknown>, ctx.now(), settings.scope);
  if (!token.refresh_token) token.refresh_token = refreshToken;
  return token;
}
