/**
 * Embed and tutorial options from the page's query string. They are not secrets (a docs page
 * writes them into an `<iframe src>`): which preset to open, whether it is locked, which parent
 * origin receives events, whether the parent may receive the access token, and the tutorial.
 *
 * `?embed=1&preset=local-demo-pkce&lock=1&parent-origin=https://docs.example.com&tutorial=1&deliver-token=1`
 *
 * Nothing here is trusted: every value is checked, and a parent origin that is not exactly an
 * origin (`https://host[:port]`) turns events off, with the reason kept in `problems`.
 */

import { isLoopbackUrl } from '../http/insecure';

/** Which preset ids a link may name: short, lower-case, digits and dashes. */
const PRESET_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export interface EmbedOptions {
  /** `embed=1`: the compact view for an `<iframe>` (no sidebar, popup authorization). */
  embed: boolean;
  /** `tutorial=1`: the step-by-step explanation and the sequence diagram. */
  tutorial: boolean;
  /** `preset=<id>`: the preset to open with; null to keep the default. */
  presetId: string | null;
  /** `lock=1`: the settings are shown but cannot be changed (Get token and Send still work). */
  lock: boolean;
  /** `parent-origin=<origin>`: the only origin events are posted to; null for no events. */
  parentOrigin: string | null;
  /** `deliver-token=1` (with a valid parent origin): `token` events carry the access token itself. */
  deliverToken: boolean;
  /** Why a parameter was ignored, in plain words, for the page to show. */
  problems: string[];
}

const on = (params: URLSearchParams, name: string) => ['1', 'true', 'yes'].includes((params.get(name) ?? '').toLowerCase());

/**
 * `value` when it is exactly the origin of an http(s) URL (`https://docs.example.com`,
 * `http://127.0.0.1:8080`): no path, no trailing slash, no user info, no wildcard. Otherwise null.
 */
export function exactOrigin(value: string): string | null {
  if (value === '' || value === '*' || value === 'null') return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  return url.origin === value ? value : null;
}

/** Reads the embed and tutorial options from a query string (`location.search`). */
export function parseEmbedOptions(search: string): EmbedOptions {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const preset = params.get('preset');
  let presetId: string | null = null;
  if (preset !== null) {
    if (PRESET_ID.test(preset)) presetId = preset;
    else problems.push('The preset named in the link is not a valid preset id; the default preset is open.');
  }
  const origin = params.get('parent-origin');
  let parentOrigin: string | null = null;
  if (origin !== null) {
    parentOrigin = exactOrigin(origin);
    if (!parentOrigin) problems.push(`Events are off: “${origin.slice(0, 100)}” is not an exact origin such as https://docs.example.com (scheme, host and port only).`);
  }
  let deliverToken = on(params, 'deliver-token');
  if (deliverToken && !parentOrigin) {
    deliverToken = false;
    problems.push('The link asks to hand the token to the embedding page, but names no valid parent origin: the token stays here.');
  } else if (deliverToken && parentOrigin?.startsWith('http:') && !isLoopbackUrl(parentOrigin)) {
    // step events carry no secret and still go there; a token over plain http could be read on the way
    deliverToken = false;
    problems.push(`The token is handed only to an https page (or one on this computer), not to ${parentOrigin}: the token stays here.`);
  }
  return { embed: on(params, 'embed'), tutorial: on(params, 'tutorial'), presetId, lock: on(params, 'lock'), parentOrigin, deliverToken, problems };
}

/**
 * The `targetOrigin` to post events with: the named parent origin when this page is embedded,
 * otherwise null (no events). Never `*`: a page that is not the named origin receives nothing.
 */
export function eventTargetOrigin(options: Pick<EmbedOptions, 'embed' | 'parentOrigin'>, framed: boolean): string | null {
  return options.embed && framed && options.parentOrigin ? options.parentOrigin : null;
}
