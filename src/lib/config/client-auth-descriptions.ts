/** Plain-words descriptions of the `Client authentication` choices, shown beside the select and the request. */
import type { BasicEncoding, ClientAuthMethod } from './auth-config';

/** One sentence per method saying where the credentials travel: the UI shows it beside the request. */
export const CLIENT_AUTH_DESCRIPTIONS: Record<ClientAuthMethod, string> = {
  client_secret_basic:
    'client_secret_basic: the client ID and secret are sent in the Authorization header as HTTP Basic (base64 of client_id:client_secret, each form-encoded first, as RFC 6749 §2.3.1 says); the body carries no secret.',
  client_secret_post: 'client_secret_post: the client ID and secret are sent as client_id and client_secret fields in the form body; no Authorization header.',
  none: 'none: public client. Only client_id is sent, in the form body; no secret at all.',
  private_key_jwt:
    'private_key_jwt: no shared secret. The client signs a short-lived JWT (client_assertion) with its private key; the server checks it with the public key registered for the client.',
  json_body:
    'json_body (vendor variant, not an OAuth method): the client ID and secret are sent as a JSON body {"client_id","client_secret"} with Content-Type application/json.',
};

/** client_secret_basic with Basic encoding “as typed”. */
export const BASIC_AS_TYPED_DESCRIPTION =
  'client_secret_basic: the client ID and secret are sent in the Authorization header as HTTP Basic (base64 of client_id:client_secret as typed, not form-encoded: what curl -u sends); the body carries no secret.';

/** The words of each choice, as the `Basic encoding` select and the alert's button say them. */
export const BASIC_ENCODING_LABELS: Record<BasicEncoding, string> = {
  form_encoded: 'form-encoded (RFC 6749)',
  as_typed: 'as typed (like curl -u)',
};
