/**
 * The authorization server and client as oauth4webapi needs them, built from what the user entered
 * (or Discover filled in). Also the request options every call shares.
 */
import * as oauth from 'oauth4webapi';
import type { OAuth2Settings } from '../config/auth-config';
import { mayUseInsecureHttp } from '../http/insecure';
import { clientAuthFor } from './client-auth';
import { privateKeyJwtAuth } from './private-key-jwt';
import type { ProtocolContext } from './context';
import { PlaygroundError } from '../errors/playground-error';
import { REQUEST_TIMEOUT_MS, requireText } from './validate';

const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());

/**
 * `settings` as oauth4webapi's `AuthorizationServer`. The issuer is the `Issuer` field, or the
 * origin of the first endpoint given: oauth4webapi compares it with `iss` values exactly.
 */
export function authorizationServerFrom(settings: OAuth2Settings): oauth.AuthorizationServer {
  const firstEndpoint = [settings.tokenUrl, settings.authorizationUrl, settings.deviceAuthorizationUrl].map((u) => u.trim()).find(Boolean);
  let issuer = optional(settings.issuer);
  if (!issuer && firstEndpoint) {
    try {
      issuer = new URL(firstEndpoint).origin;
    } catch {
      // reported when the endpoint itself is checked
    }
  }
  const as: oauth.AuthorizationServer = { issuer: issuer ?? 'urn:unknown-issuer' };
  const endpoints: [keyof oauth.AuthorizationServer, string][] = [
    ['authorization_endpoint', settings.authorizationUrl],
    ['token_endpoint', settings.tokenUrl],
    ['device_authorization_endpoint', settings.deviceAuthorizationUrl],
    ['revocation_endpoint', settings.revocationUrl],
    ['introspection_endpoint', settings.introspectionUrl],
    ['userinfo_endpoint', settings.userinfoUrl],
    ['pushed_authorization_request_endpoint', settings.parUrl],
    ['jwks_uri', settings.jwksUri],
  ];
  for (const [name, value] of endpoints) {
    const url = optional(value);
    if (url) (as as Record<string, unknown>)[name] = url;
  }
  if (settings.issParameterSupported) (as as Record<string, unknown>).authorization_response_iss_parameter_supported = true;
  return as;
}

/** The client, with its client authentication. `json_body` only exists for client credentials. */
export async function clientFrom(settings: OAuth2Settings): Promise<{ client: oauth.Client; clientAuth: oauth.ClientAuth }> {
  const clientId = requireText(settings.clientId, 'Client ID');
  if (settings.clientAuth === 'json_body') {
    throw new PlaygroundError('Client authentication json_body only works for the client_credentials grant.', {
      kind: 'input',
      code: 'unsupported_client_auth',
      hint: 'Choose client_secret_basic, client_secret_post or none for this grant.',
    });
  }
  if (settings.clientAuth === 'private_key_jwt') {
    return { client: { client_id: clientId }, clientAuth: await privateKeyJwtAuth(settings.privateKeyJwk) };
  }
  if (settings.clientAuth !== 'none') {
    requireText(settings.clientSecret, 'Client secret', 'Enter the Client secret, or choose Client authentication “none” for a public client.');
  }
  return { client: { client_id: clientId }, clientAuth: clientAuthFor(settings.clientAuth, settings.clientSecret, settings.basicEncoding) };
}

/**
 * The client for requests after the token was obtained (refresh, revocation, introspection): a
 * json_body client (a vendor variant with no such endpoints in its dialect) sends its secret in the form.
 */
export function clientForFollowUp(settings: OAuth2Settings): Promise<{ client: oauth.Client; clientAuth: oauth.ClientAuth }> {
  return clientFrom({ ...settings, clientAuth: settings.clientAuth === 'json_body' ? 'client_secret_post' : settings.clientAuth });
}

/** Options every oauth4webapi request takes: the recording fetch, plain-http permission, a time-out, the DPoP handle. */
export function requestOptions(url: string | URL, ctx: ProtocolContext, headers?: Headers) {
  return {
    ...(headers ? { headers } : {}),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    ...(ctx.dpop ? { DPoP: ctx.dpop } : {}),
    [oauth.customFetch]: ctx.fetch,
    [oauth.allowInsecureRequests]: mayUseInsecureHttp(url, ctx.allowInsecureHttp),
  };
}
