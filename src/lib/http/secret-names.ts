/**
 * The one rule for names (parameters, headers, JSON keys, form fields) whose values are secret.
 * Redaction of the log and HAR, snippets, reports, share links and what the draft stores all ask
 * `looksSecretName`, so a name masked in one output is masked in all of them.
 */

/** Parameter and JSON field names whose values are always secret (RFC 6749, 7521, 8628, 8693). */
export const SECRET_PARAM_NAMES: ReadonlySet<string> = new Set([
  'client_secret',
  'password',
  'code',
  'code_verifier',
  'refresh_token',
  'access_token',
  'id_token',
  'client_assertion',
  'device_code',
  'token',
  'assertion',
  'subject_token',
  'actor_token',
  'api_key',
  'apikey',
]);

/** Header names whose values are always secret. */
export const SECRET_HEADER_NAMES: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'api-key',
  'cookie',
  'set-cookie',
  'dpop',
]);

/** Words that make a name secret wherever they stand in it (`client_secret_hash`, `userPassword`). */
const SECRET_ANYWHERE = /^(secret|secrets|password|passwd|passphrase|pwd|apikey|bearer|private|privatekey)$/;
/**
 * Words that make a name secret when they end it: `X-Auth-Token`, `privateKey`, `X-Hub-Signature`,
 * but not `token_type`, `token_endpoint`, `authorization_endpoint`, `client_assertion_type`.
 */
const SECRET_LAST = /^(token|tokens|key|signature|assertion|verifier|cookie|auth|authorization|credential|credentials|session|sessionid|sessid|phpsessid|jsessionid)$/;

/** `accessToken`, `X-Auth-Token`, `APIKey` → `['access', 'token']`, `['x', 'auth', 'token']`, `['api', 'key']`. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * Whether a parameter, header or JSON key name looks like it carries a credential: the exact wire
 * names (`client_secret`, `Authorization`), names holding a secret word anywhere (`clientSecret`,
 * `userPassword`), and names ending in one (`Private-Token`, `X-Auth-Token`, `key`, `privateKey`,
 * `X-Hub-Signature`, `JSESSIONID`). Names that only describe a secret (`token_type`,
 * `token_endpoint`, `public_key`) do not.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.3
 */
export function looksSecretName(name: string): boolean {
  const lower = name.trim().toLowerCase();
  if (SECRET_PARAM_NAMES.has(lower) || SECRET_HEADER_NAMES.has(lower)) return true;
  const parts = words(name);
  const last = parts[parts.length - 1];
  if (last === undefined) return false;
  if (parts.some((word) => SECRET_ANYWHERE.test(word))) return true;
  if (!SECRET_LAST.test(last)) return false;
  // A public key is not a secret; `keys` (a JWKS) is not caught above either.
  return !(last === 'key' && parts[parts.length - 2] === 'public');
}
