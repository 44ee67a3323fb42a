/**
 * Redaction of secrets in recorded exchanges, for display and export. A redacted value keeps its
 * first four characters (when long enough to spare them) and its length, so support staff can still
 * tell two values apart without seeing either.
 */
import type { Exchange, ExchangeRequest, ExchangeResponse } from './exchange-record';
import { looksSecretName } from './secret-names';

/** `value` masked: `abcd…(40 chars)`, or `…(6 chars)` when too short to show a prefix safely. */
export function mask(value: string): string {
  return value.length >= 12 ? `${value.slice(0, 4)}…(${value.length} chars)` : `…(${value.length} chars)`;
}

const holdsAny = (text: string, secrets: readonly string[]) => secrets.some((secret) => secret.length >= 3 && text.includes(secret));

/** While `redactExchange` runs: every text it scrubs, and whether any held a known secret. */
let scrubbed: { texts: string[]; hit: boolean } | null = null;

/** Replaces every occurrence of each known secret in `text`, longest first. */
export function scrub(text: string, secrets: readonly string[]): string {
  scrubbed?.texts.push(text);
  // Most text holds no secret: then no replacement below would happen, so skip the sort and copies.
  if (!holdsAny(text, secrets)) return text;
  if (scrubbed) scrubbed.hit = true;
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= 3) out = out.split(secret).join(mask(secret));
  }
  return out;
}

function redactHeader([name, value]: [string, string], secrets: readonly string[]): [string, string] {
  if (!looksSecretName(name)) return [name, scrub(value, secrets)];
  const scheme = /^(Basic|Bearer|DPoP)\s+(.+)$/i.exec(value);
  return [name, scheme ? `${scheme[1]} ${mask(scheme[2]!)}` : mask(value)];
}

function redactJson(value: unknown, secrets: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => redactJson(item, secrets));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        looksSecretName(key) && typeof inner === 'string' ? mask(inner) : redactJson(inner, secrets),
      ]),
    );
  }
  return typeof value === 'string' ? scrub(value, secrets) : value;
}

/** A form-encoded text: `key=value&key=value`. */
const FORM = /^[\w.%+-]+=[^&]*(&[\w.%+-]+=[^&]*)*$/;

/** Redacts a body that may be JSON, a form, or text. JSON keeps its formatting style (compact). */
export function redactBody(body: string, secrets: readonly string[]): string {
  const trimmed = body.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.stringify(redactJson(JSON.parse(trimmed), secrets));
    } catch {
      // not JSON after all: fall through to text scrubbing
    }
  }
  if (FORM.test(trimmed)) {
    // Masks are shown as readable text, not percent-encoded: this is for people, not for replay.
    return [...new URLSearchParams(trimmed)]
      .map(([key, value]) => {
        const scrubbed = looksSecretName(key) ? mask(value) : scrub(value, secrets);
        const shown = scrubbed !== value ? scrubbed : new URLSearchParams({ v: value }).toString().slice(2);
        return `${encodeURIComponent(key)}=${shown}`;
      })
      .join('&');
  }
  return scrub(body, secrets);
}

/**
 * `key=value&…` with each secret-named value masked and known secrets scrubbed (values compared
 * decoded: a key may be percent-encoded or use `+`); masks stay readable. `masked`: whether any was.
 */
function redactParams(params: string, secrets: readonly string[]): { text: string; masked: boolean } {
  let masked = false;
  const text = [...new URLSearchParams(params)]
    .map(([key, value]) => {
      const shown = looksSecretName(key) ? mask(value) : scrub(value, secrets);
      if (shown !== value) masked = true;
      return `${encodeURIComponent(key)}=${shown !== value ? shown : encodeURIComponent(value)}`;
    })
    .join('&');
  return { text, masked };
}

function scrubbedText(text: string, secrets: readonly string[]): { text: string; masked: boolean } {
  const out = scrub(text, secrets);
  return { text: out, masked: out !== text };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Redacts a URL: query and fragment parameters whose names look secret, any known secret (compared
 * decoded), and user info (left out). A URL with nothing to redact is returned as written, so an
 * issuer keeps its exact spelling (`http://127.0.0.1:9090` is not `…:9090/`, RFC 9207).
 */
export function redactUrl(url: string, secrets: readonly string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return scrub(url, secrets);
  }
  const query = redactParams(parsed.search.slice(1), secrets);
  const hash = parsed.hash.slice(1);
  const fragment = FORM.test(hash) ? redactParams(hash, secrets) : scrubbedText(safeDecode(hash), secrets);
  const decodedPath = `${parsed.origin}${safeDecode(parsed.pathname)}`;
  const path = scrub(decodedPath, secrets);
  const masked = parsed.username !== '' || parsed.password !== '' || path !== decodedPath || query.masked || fragment.masked;
  if (!masked) return url;
  return `${path}${query.text ? `?${query.text}` : ''}${hash ? `#${fragment.text}` : ''}`;
}

function redactRequest(request: ExchangeRequest, secrets: readonly string[]): ExchangeRequest {
  return {
    method: request.method,
    url: redactUrl(request.url, secrets),
    headers: request.headers.map((header) => redactHeader(header, secrets)),
    body: request.body === null ? null : redactBody(request.body, secrets),
  };
}

function redactResponse(response: ExchangeResponse, secrets: readonly string[]): ExchangeResponse {
  return {
    ...response,
    headers: response.headers.map((header) => redactHeader(header, secrets)),
    body: redactBody(response.body, secrets),
  };
}

/**
 * A copy of `exchange` with every secret masked: secret headers, secret form/JSON fields, and any
 * occurrence of the given known secret values (client secret, API key, password, tokens) anywhere.
 * Neither `exchange` nor `secrets` may be changed in place afterwards (pass a new array when the
 * secrets change): copies are reused by identity.
 */
export function redactExchange(exchange: Exchange, secrets: readonly string[]): Exchange {
  // The known secrets only matter through `scrub`, whose inputs come from the exchange alone. A copy
  // made when none of those texts held a known secret stays right until one of them holds one, so
  // the same copy is returned, after checking only the secrets added since (a new token does not
  // make every logged exchange redo its work; a forgotten secret was in none of them anyway).
  const cached = redactedCopies.get(exchange);
  if (cached && (cached.checked === secrets || !cached.texts.some((text) => holdsAny(text, added(cached.checked, secrets))))) {
    cached.checked = secrets;
    return cached.copy;
  }
  scrubbed = { texts: [], hit: false };
  try {
    const copy: Exchange = { ...exchange, request: redactRequest(exchange.request, secrets) };
    if (exchange.response) copy.response = redactResponse(exchange.response, secrets);
    if (scrubbed.hit) redactedCopies.delete(exchange);
    else redactedCopies.set(exchange, { texts: scrubbed.texts, copy, checked: secrets });
    return copy;
  } finally {
    scrubbed = null;
  }
}

/**
 * Copies in which no known secret was found, by exchange (exchanges are never changed in place):
 * the texts scrubbed, and the secrets they were last found free of.
 */
const redactedCopies = new WeakMap<Exchange, { texts: string[]; copy: Exchange; checked: readonly string[] }>();

let lastAdded: { from: readonly string[]; to: readonly string[]; added: string[] } | undefined;
/** The secrets in `to` that are not in `from` (remembered for the last pair: a log checks all its entries against one). */
function added(from: readonly string[], to: readonly string[]): string[] {
  if (lastAdded?.from !== from || lastAdded.to !== to) {
    const known = new Set(from);
    lastAdded = { from, to, added: to.filter((secret) => !known.has(secret)) };
  }
  return lastAdded.added;
}
