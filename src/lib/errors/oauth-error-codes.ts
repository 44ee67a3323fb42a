/**
 * Plain-words explanations of the `error` codes servers send, with what to check next.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2 token endpoint errors
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1 authorization errors
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.5 device flow errors
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1 bearer token errors
 * @see https://www.rfc-editor.org/rfc/rfc8707#section-2 resource indicators
 */
export const OAUTH_ERROR_HINTS: Readonly<Record<string, string>> = {
  invalid_request:
    'The request is missing a parameter, repeats one, or has one the server does not accept. Compare the request below with the provider’s documentation.',
  invalid_client:
    'The server did not accept the client credentials. Check the Client ID and Client secret, and the Client authentication method: some servers want the secret in the Basic header (client_secret_basic), others in the form body (client_secret_post).',
  invalid_grant:
    'The grant (authorization code, refresh token or password) is invalid, expired, already used, or was issued to another client or redirect URI.',
  // RFC 6749 says "not authorized to use this grant type"; some servers (Keycloak among them) also
  // answer it for a wrong client ID or secret, so both are named.
  unauthorized_client:
    'By RFC 6749 this client is not allowed to use this grant type: enable the grant for the application in the provider’s console. Some servers (Keycloak among them) also answer unauthorized_client for a wrong Client ID and secret: check those and the Client authentication method too.',
  unsupported_grant_type: 'The server does not support this grant type at this endpoint.',
  invalid_scope:
    'A requested scope is unknown to the server or not granted to this client. Remove scopes one at a time to find which, or leave Scope empty to get the default.',
  invalid_target: 'The `resource` or `audience` parameter names a resource this server does not know or this client may not use.',
  access_denied:
    'The user declined (Cancel or Deny on the sign-in or consent page), or a server policy refused this client or scope. Try again and approve, or check the client’s permissions.',
  login_required: 'prompt=none was asked but the user is not signed in at the server. Remove prompt=none to let the user sign in.',
  consent_required: 'prompt=none was asked but the user has not yet approved this client. Remove prompt=none.',
  interaction_required: 'The server needs the user to interact (sign in, consent). Remove prompt=none.',
  invalid_request_uri: 'The pushed request (PAR) expired or was already used. Start again.',
  use_dpop_nonce: 'The server wants a DPoP proof carrying its nonce; the app retries once with the nonce it sent.',
  invalid_dpop_proof: 'The DPoP proof was refused: clock skew, a wrong URL or method, or a reused proof.',
  unsupported_response_type: 'The server does not allow this response type for this client.',
  server_error: 'The server failed while handling the request. Try again; if it persists, it is a problem on the provider’s side.',
  temporarily_unavailable: 'The server is overloaded or in maintenance. Try again later.',
  authorization_pending: 'The user has not finished signing in on the other device yet; keep polling.',
  slow_down: 'Polling too fast: wait longer between attempts.',
  expired_token: 'The code or token has expired. Start again to get a new one.',
  invalid_token:
    'The access token is expired, revoked, malformed, or meant for another API (audience). Get a new token; check that its audience and scope match this API.',
  insufficient_scope: 'The token is valid but lacks a scope this request needs. Request the scope the server names and get a new token.',
};

/** The explanation for `error`, or undefined for a code we do not know. */
export function explainOAuthError(error: string | undefined): string | undefined {
  return error === undefined ? undefined : OAUTH_ERROR_HINTS[error];
}
