/**
 * Client authentication at the token endpoint, through oauth4webapi's `ClientAuth` functions.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
import * as oauth from 'oauth4webapi';
import type { BasicEncoding, ClientAuthMethod } from '../config/auth-config';
import { basicAuthorization } from '../http/basic-credentials';

export { CLIENT_AUTH_DESCRIPTIONS } from '../config/client-auth-descriptions';

/** Whether `method` sends a client secret (and so needs one). */
export function needsClientSecret(method: ClientAuthMethod): boolean {
  return method !== 'none' && method !== 'private_key_jwt';
}

/**
 * client_secret_basic with the client ID and secret as typed, not form-encoded first: what
 * `curl -u id:secret` sends, for servers that do not decode them (RFC 6749 §2.3.1 says they should).
 * An oauth4webapi `ClientAuth`, like its `ClientSecretBasic`, which does the form-encoding.
 * @see https://www.rfc-editor.org/rfc/rfc7617#section-2
 */
export function clientSecretBasicAsTyped(clientSecret: string): oauth.ClientAuth {
  if (typeof clientSecret !== 'string') throw new TypeError('"clientSecret" must be a string');
  return (_as, client, _body, headers) => {
    headers.set('authorization', basicAuthorization(client.client_id, clientSecret));
  };
}

/**
 * oauth4webapi's `ClientAuth` for a shared-secret method; `basicEncoding` says how
 * client_secret_basic writes the credentials. `json_body` and `private_key_jwt` are not: see their own functions.
 */
export function clientAuthFor(
  method: Exclude<ClientAuthMethod, 'json_body' | 'private_key_jwt'>,
  clientSecret: string,
  basicEncoding: BasicEncoding = 'form_encoded',
): oauth.ClientAuth {
  switch (method) {
    case 'client_secret_basic':
      return basicEncoding === 'as_typed' ? clientSecretBasicAsTyped(clientSecret) : oauth.ClientSecretBasic(clientSecret);
    case 'client_secret_post':
      return oauth.ClientSecretPost(clientSecret);
    case 'none':
      return oauth.None();
  }
}
