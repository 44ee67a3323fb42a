/** Names that look like they carry credentials. Used by share links and reports (lazily loaded). */
import { SECRET_HEADER_NAMES, SECRET_PARAM_NAMES } from './redact';

/**
 * Whether a parameter or header name looks like it carries a credential (`client_secret`,
 * `X-Api-Key`, `access_token`, `password`...), for the places that must leave such values out
 * (share links, reports) even when the app does not know the value.
 */
export function looksSecretName(name: string): boolean {
  const lower = name.trim().toLowerCase();
  return (
    SECRET_PARAM_NAMES.has(lower) ||
    SECRET_HEADER_NAMES.has(lower) ||
    /secret|passw|passwd|pwd|token|api[-_]?key|apikey|assertion|verifier|credential|session|cookie|signature|auth|private|bearer|^key$|[-_]key$/.test(lower)
  );
}
