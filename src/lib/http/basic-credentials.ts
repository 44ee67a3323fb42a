/**
 * HTTP Basic credentials as client_secret_basic sends them, and back: the client ID and secret
 * form-encoded first (RFC 6749 §2.3.1, oauth4webapi's `ClientSecretBasic`) or as typed (`curl -u`),
 * then Base64 of `id:secret` in UTF-8 (RFC 7617). Plain functions: the client auth, the snippets and
 * the explanation of a refusal share them.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @see https://www.rfc-editor.org/rfc/rfc7617#section-2
 */
import type { BasicEncoding } from '../config/auth-config';
import { BASIC_ENCODING_LABELS } from '../config/client-auth-descriptions';

/**
 * One value `application/x-www-form-urlencoded` exactly as oauth4webapi writes it for Basic: every
 * character but A–Z, a–z and 0–9 percent-encoded in UTF-8 with upper-case hex, a space as `+`.
 * (`URLSearchParams` leaves `*-._` as they are: not the same.) A unit test holds it to oauth4webapi's output.
 */
export function formUrlEncode(value: string): string {
  return encodeURIComponent(value).replace(/[-_.!~*'()]|%20/g, (c) => (c === '%20' ? '+' : `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
}

/** The value `text` form-encodes; undefined when it is not valid form-encoding. */
function formDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** Whether `text` is exactly what `formUrlEncode` writes for some value. */
function isFormEncoded(text: string): boolean {
  const value = formDecode(text);
  return value !== undefined && formUrlEncode(value) === text;
}

/** `Basic base64(user:password)` of the UTF-8 bytes, nothing encoded (what `curl -u` sends). */
export function basicAuthorization(username: string, password: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(`${username}:${password}`)) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** What a `Basic` header carried: the client ID (user name) and secret as typed, and how they were written. */
export interface BasicCredentials {
  username: string;
  password: string;
  encoding: BasicEncoding;
}

/**
 * The credentials in an `Authorization: Basic` header value; undefined for anything else. `encoding`
 * is the setting the request went out with, when known. Otherwise it is read from the header: both
 * halves exactly form-encoding and holding an escape (`%`), unless that is a known secret as it is.
 */
export function readBasic(header: string, { encoding, secrets = [] }: { encoding?: BasicEncoding; secrets?: readonly string[] } = {}): BasicCredentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!match) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(match[1]!), (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const username = text.slice(0, colon);
  const password = text.slice(colon + 1);
  const decodable = isFormEncoded(username) && isFormEncoded(password);
  const form = encoding ? encoding === 'form_encoded' && decodable : decodable && text.includes('%') && !(secrets.includes(password) && formUrlEncode(password) !== password);
  return form ? { username: formDecode(username)!, password: formDecode(password)!, encoding: 'form_encoded' } : { username, password, encoding: 'as_typed' };
}

/**
 * Why a server may have refused `sent` for how it was written, and the other way to write it;
 * undefined when both ways send the same bytes (letters and digits only) or the other way would
 * not help. The secret is never quoted.
 */
export function encodingAdvice(sent: BasicCredentials): { text: string; offer: BasicEncoding } | undefined {
  if (sent.encoding === 'form_encoded') {
    const id = formUrlEncode(sent.username);
    const secretChanged = formUrlEncode(sent.password) !== sent.password;
    if (id === sent.username && !secretChanged) return undefined;
    const what = id !== sent.username ? `the client ID “${sent.username}” went out as “${id}”${secretChanged ? ', and the secret was changed the same way' : ''}` : 'the secret went out changed by it';
    return {
      offer: 'as_typed',
      text: `The client ID and secret were form-encoded before Base64, as RFC 6749 §2.3.1 says: ${what}. Possibly why: servers that do not decode them refuse the client, while curl -u sends them as typed. Try Basic encoding “${BASIC_ENCODING_LABELS.as_typed}”.`,
    };
  }
  if (!/[%+]/.test(sent.username + sent.password) && !sent.username.includes(':')) return undefined;
  return {
    offer: 'form_encoded',
    text: `The client ID and secret were sent as typed, but hold % or + (or the client ID a colon), which a server that decodes them as RFC 6749 §2.3.1 says reads as other characters. Possibly why it refused the client. Try Basic encoding “${BASIC_ENCODING_LABELS.form_encoded}”.`,
  };
}
