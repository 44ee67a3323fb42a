/**
 * Client authentication at the token endpoint, through oauth4webapi's `ClientAuth` functions.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
import * as oauth from 'oauth4webapi';
import type { ClientAuthMethod } from '../config/auth-config';

export { CLIENT_AUTH_DESCRIPTIONS } from '../config/client-auth-descriptions';

/** Whether `method` sends a client secret (and so needs one). */
export function needsClientSecret(method: ClientAuthMethod): boolean {
  return method !== 'none' && method !== 'private_key_jwt';
}

/** oauth4webapi's `ClientAuth` for a shared-secret method. `json_body` and `private_key_jwt` are not: see their own functions. */
export function clientAuthFor(method: Exclude<ClientAuthMethod, 'json_body' | 'private_key_jwt'>, clientSecret: string): oauth.ClientAuth {
  switch (method) {
    case 'client_secret_basic':
      return oauth.ClientSecretBasic(clientSecret);
    case 'client_secret_post':
      return oauth.ClientSecretPost(clientSecret);
    case 'none':
      return oauth.None();
  }
}
