/**
 * Client authentication at the token endpoint, through oauth4webapi's `ClientAuth` functions.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
import * as oauth from 'oauth4webapi';
import type { ClientAuthMethod } from '../config/auth-config';

/** One sentence per method saying where the credentials travel: the UI shows it beside the request. */
export const CLIENT_AUTH_DESCRIPTIONS: Record<ClientAuthMethod, string> = {
  client_secret_basic:
    'client_secret_basic: the client ID and secret are sent in the Authorization header as HTTP Basic (base64 of client_id:client_secret, each form-encoded first); the body carries no secret.',
  client_secret_post: 'client_secret_post: the client ID and secret are sent as client_id and client_secret fields in the form body; no Authorization header.',
  none: 'none: public client. Only client_id is sent, in the form body; no secret at all.',
  json_body:
    'json_body (vendor variant, not an OAuth method): the client ID and secret are sent as a JSON body {"client_id","client_secret"} with Content-Type application/json.',
};

/** Whether `method` sends a client secret (and so needs one). */
export function needsClientSecret(method: ClientAuthMethod): boolean {
  return method !== 'none';
}

/** oauth4webapi's `ClientAuth` for a form-encoded method. `json_body` is not one: see `json-body-token.ts`. */
export function clientAuthFor(method: Exclude<ClientAuthMethod, 'json_body'>, clientSecret: string): oauth.ClientAuth {
  switch (method) {
    case 'client_secret_basic':
      return oauth.ClientSecretBasic(clientSecret);
    case 'client_secret_post':
      return oauth.ClientSecretPost(clientSecret);
    case 'none':
      return oauth.None();
  }
}
