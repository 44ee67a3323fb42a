/**
 * What a server's metadata means for the settings: endpoints to fill, capabilities to show,
 * warnings, and the methods to pick where the user has not chosen. Pure: no requests, and only a
 * type import of oauth4webapi, so the UI can use it at startup.
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 */
import type { AuthorizationServer } from 'oauth4webapi';
import type { ClientAuthMethod, CodeChallengeMethod, OAuth2Settings } from '../config/auth-config';

const str = (value: unknown) => (typeof value === 'string' ? value : '');
const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** The endpoint fields Discover fills, from the metadata. */
export function endpointsFrom(metadata: AuthorizationServer): Partial<OAuth2Settings> {
  return {
    issuer: metadata.issuer,
    authorizationUrl: str(metadata.authorization_endpoint),
    tokenUrl: str(metadata.token_endpoint),
    deviceAuthorizationUrl: str(metadata.device_authorization_endpoint),
    revocationUrl: str(metadata.revocation_endpoint),
    introspectionUrl: str(metadata.introspection_endpoint),
    userinfoUrl: str(metadata.userinfo_endpoint),
    parUrl: str(metadata.pushed_authorization_request_endpoint),
    jwksUri: str(metadata.jwks_uri),
    issParameterSupported: metadata.authorization_response_iss_parameter_supported === true,
  };
}

/** What the server says it supports, for display. */
export function capabilities(metadata: AuthorizationServer) {
  return {
    grantTypes: list(metadata.grant_types_supported),
    scopes: list(metadata.scopes_supported),
    clientAuthMethods: list(metadata.token_endpoint_auth_methods_supported),
    pkceMethods: list(metadata.code_challenge_methods_supported),
    responseModes: list(metadata.response_modes_supported),
    par: typeof metadata.pushed_authorization_request_endpoint === 'string',
    parRequired: metadata.require_pushed_authorization_requests === true,
  };
}

/** Plain-words warnings where the settings ask for something the server does not advertise. */
export function settingsWarnings(settings: OAuth2Settings, metadata: AuthorizationServer): string[] {
  const caps = capabilities(metadata);
  const warnings: string[] = [];
  // RFC 8414 §2: when grant_types_supported is omitted the default is authorization_code and implicit
  const grants = caps.grantTypes.length ? caps.grantTypes : ['authorization_code', 'implicit'];
  if (!grants.includes(settings.grantType)) {
    warnings.push(`The server does not advertise the ${settings.grantType} grant (it lists: ${grants.join(', ')}).`);
  }
  if (settings.clientAuth !== 'json_body' && caps.clientAuthMethods.length && !caps.clientAuthMethods.includes(settings.clientAuth)) {
    warnings.push(`Client authentication ${settings.clientAuth} is not advertised (supported: ${caps.clientAuthMethods.join(', ')}).`);
  }
  if (settings.grantType === 'authorization_code') {
    if (!caps.pkceMethods.length) warnings.push('The server does not advertise PKCE support (code_challenge_methods_supported); it may ignore the code challenge.');
    else if (!caps.pkceMethods.includes(settings.codeChallengeMethod)) {
      warnings.push(`Code challenge method ${settings.codeChallengeMethod} is not advertised (supported: ${caps.pkceMethods.join(', ')}).`);
    }
    if (caps.parRequired && !settings.usePar) warnings.push('The server requires Pushed Authorization Requests: turn on “Use PAR”.');
  }
  const unknownScopes = caps.scopes.length ? settings.scope.split(/\s+/).filter((s) => s && !caps.scopes.includes(s)) : [];
  if (unknownScopes.length) warnings.push(`Scope ${unknownScopes.join(', ')} is not in the server’s scopes_supported (it may still be accepted).`);
  if (settings.responseMode === 'form_post') warnings.push(FORM_POST_EXPLANATION);
  return warnings;
}

export const FORM_POST_EXPLANATION =
  'response_mode=form_post makes the server POST the code to the redirect URI. A static page cannot receive a POST, so the code would never reach this app: use query or fragment.';

/** Where the user has not chosen, the client-authentication and PKCE methods to use, with why. */
export function suggestedMethods(
  metadata: AuthorizationServer,
  hasSecret: boolean,
): { clientAuth?: ClientAuthMethod; codeChallengeMethod?: CodeChallengeMethod } {
  const caps = capabilities(metadata);
  const suggestion: { clientAuth?: ClientAuthMethod; codeChallengeMethod?: CodeChallengeMethod } = {};
  const preferred: ClientAuthMethod[] = hasSecret ? ['client_secret_basic', 'client_secret_post', 'none'] : ['none', 'client_secret_basic', 'client_secret_post'];
  const methods = caps.clientAuthMethods.length ? caps.clientAuthMethods : ['client_secret_basic']; // RFC 8414 default
  const clientAuth = preferred.find((m) => methods.includes(m));
  if (clientAuth) suggestion.clientAuth = clientAuth;
  if (caps.pkceMethods.includes('S256')) suggestion.codeChallengeMethod = 'S256';
  else if (caps.pkceMethods.includes('plain')) suggestion.codeChallengeMethod = 'plain';
  return suggestion;
}

/** The one-line explanations shown beside each value the Authorization Code flow generates. */
export const PKCE_EXPLANATIONS = {
  codeVerifier: 'A random secret this app keeps; it is sent only with the token request, proving the code was redeemed by whoever started the flow.',
  codeChallenge: 'Derived from the verifier (S256: base64url of its SHA-256) and sent in the authorization request.',
  state: 'A random value echoed back on the redirect; the app refuses a response whose state it did not issue (CSRF protection).',
  nonce: 'A random value the ID token must carry, binding it to this request (OpenID Connect, with the openid scope).',
} as const;
