/** Recognising an authorization response in the page's own URL. Pure: safe to load at startup. */

/** How long a started authorization may wait for the user to come back. */
export const PENDING_LIFETIME_MS = 10 * 60 * 1000;

/** Parameters of an authorization response that must not stay in the address bar. */
export const CALLBACK_PARAMETERS = ['code', 'state', 'iss', 'error', 'error_description', 'error_uri', 'session_state'] as const;

/** The authorization-response parameters in `url` (query, or fragment for response_mode=fragment), or null. */
export function callbackParameters(url: URL): URLSearchParams | null {
  for (const source of [url.searchParams, new URLSearchParams(url.hash.slice(1))]) {
    if (source.has('state') && (source.has('code') || source.has('error'))) return source;
  }
  return null;
}

/** `url` without the authorization-response parameters (query and fragment), for history.replaceState. */
export function withoutCallbackParameters(url: URL): URL {
  const clean = new URL(url.href);
  for (const name of CALLBACK_PARAMETERS) clean.searchParams.delete(name);
  const fragment = new URLSearchParams(clean.hash.slice(1));
  if (CALLBACK_PARAMETERS.some((name) => fragment.has(name))) {
    for (const name of CALLBACK_PARAMETERS) fragment.delete(name);
    clean.hash = fragment.toString();
  }
  return clean;
}
