/**
 * The Client Credentials grant, form-encoded, through oauth4webapi.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
import * as oauth from 'oauth4webapi';
import { filledRows, type OAuth2Settings } from '../config/auth-config';
import { PlaygroundError } from '../errors/playground-error';
import { mayUseInsecureHttp } from '../http/insecure';
import { clientAuthFor, needsClientSecret } from './client-auth';
import { withNonceRetry } from './dpop';
import { privateKeyJwtAuth } from './private-key-jwt';
import type { ProtocolContext } from './context';
import { toTokenSet, type TokenSet } from './token-set';
import { REQUEST_TIMEOUT_MS, requireText, requireUrl } from './validate';

/** The authorization server as oauth4webapi needs it, from what the user entered. */
export function authorizationServerFrom(settings: OAuth2Settings, tokenUrl: URL): oauth.AuthorizationServer {
  const issuer = settings.issuer.trim() || tokenUrl.origin;
  return { issuer, token_endpoint: tokenUrl.href };
}

/** Scope and extra rows as token-request parameters. Rows are appended, so `resource` may repeat (RFC 8707). */
export function tokenRequestParameters(settings: OAuth2Settings): URLSearchParams {
  const params = new URLSearchParams();
  if (settings.scope.trim() !== '') params.set('scope', settings.scope.trim());
  for (const { key, value } of filledRows(settings.extraParams)) params.append(key, value);
  return params;
}

/** Extra header rows as a `Headers`; an invalid name or value is a `PlaygroundError` of kind `input`. */
export function extraHeaders(settings: OAuth2Settings): Headers {
  try {
    return new Headers(filledRows(settings.extraHeaders).map(({ key, value }) => [key, value] as [string, string]));
  } catch (cause) {
    throw new PlaygroundError('An extra header has an invalid name or value.', {
      kind: 'input',
      code: 'invalid_header',
      hint: 'Header names are letters, digits and - (no spaces); values are one line.',
      cause,
    });
  }
}

/**
 * Requests a token with the client_credentials grant and validates the response.
 * Throws oauth4webapi's errors (`ResponseBodyError`, `WWWAuthenticateChallengeError`,
 * `OperationProcessingError`) or a `PlaygroundError` for bad input: callers map them with `describeError`.
 */
export async function requestClientCredentialsToken(settings: OAuth2Settings, ctx: ProtocolContext): Promise<TokenSet> {
  if (settings.clientAuth === 'json_body') throw new TypeError('json_body is handled by requestJsonBodyToken');
  const tokenUrl = requireUrl(settings.tokenUrl, 'Token URL');
  const clientId = requireText(settings.clientId, 'Client ID');
  if (needsClientSecret(settings.clientAuth)) {
    requireText(settings.clientSecret, 'Client secret', `Enter the Client secret, or choose Client authentication “none” for a public client.`);
  }
  const as = authorizationServerFrom(settings, tokenUrl);
  const client: oauth.Client = { client_id: clientId };
  const clientAuth =
    settings.clientAuth === 'private_key_jwt' ? await privateKeyJwtAuth(settings.privateKeyJwk) : clientAuthFor(settings.clientAuth, settings.clientSecret, settings.basicEncoding);
  const result = await withNonceRetry(async () => {
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      client,
      clientAuth,
      tokenRequestParameters(settings),
      {
        headers: extraHeaders(settings),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        ...(ctx.dpop ? { DPoP: ctx.dpop } : {}),
        [oauth.customFetch]: ctx.fetch,
        [oauth.allowInsecureRequests]: mayUseInsecureHttp(tokenUrl, ctx.allowInsecureHttp),
      },
    );
    return oauth.processClientCredentialsResponse(as, client, response);
  });
  return toTokenSet(result as unknown as Record<string, unknown>, ctx.now(), settings.scope);
}
