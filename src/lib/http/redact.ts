/**
 * Redaction of secrets in recorded exchanges, for display and export. A redacted value keeps its
 * first four characters (when long enough to spare them) and its length, so support staff can still
 * tell two values apart without seeing either.
 */
import { SENSITIVE_HEADER_NAMES } from '../config/auth-config';
import type { Exchange, ExchangeRequest, ExchangeResponse } from './exchange';

/** Parameter and JSON field names whose values are always secret. */
export const SECRET_PARAM_NAMES = new Set([
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
export const SECRET_HEADER_NAMES = SENSITIVE_HEADER_NAMES;

/** `value` masked: `abcd…(40 chars)`, or `…(6 chars)` when too short to show a prefix safely. */
export function mask(value: string): string {
  return value.length >= 12 ? `${value.slice(0, 4)}…(${value.length} chars)` : `…(${value.length} chars)`;
}

/** Replaces every occurrence of each known secret in `text`, longest first (masked with `mask`). */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= 3) out = out.split(secret).join(mask(secret));
  }
  return out;
}

function redactHeader([name, value]: [string, string], secrets: readonly string[]): [string, string] {
  if (!SECRET_HEADER_NAMES.has(name.toLowerCase())) return [name, scrub(value, secrets)];
  const scheme = /^(Basic|Bearer|DPoP)\s+(.+)$/i.exec(value);
  return [name, scheme ? `${scheme[1]} ${mask(scheme[2]!)}` : mask(value)];
}

function redactJson(value: unknown, secrets: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => redactJson(item, secrets));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        SECRET_PARAM_NAMES.has(key.toLowerCase()) && typeof inner === 'string' ? mask(inner) : redactJson(inner, secrets),
      ]),
    );
  }
  return typeof value === 'string' ? scrub(value, secrets) : value;
}

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
  if (/^[\w.%+-]+=[^&]*(&[\w.%+-]+=[^&]*)*$/.test(trimmed)) {
    // Masks are shown as readable text, not percent-encoded: this is for people, not for replay.
    return [...new URLSearchParams(trimmed)]
      .map(([key, value]) => {
        const scrubbed = SECRET_PARAM_NAMES.has(key.toLowerCase()) ? mask(value) : scrub(value, secrets);
        const shown = scrubbed !== value ? scrubbed : new URLSearchParams({ v: value }).toString().slice(2);
        return `${encodeURIComponent(key)}=${shown}`;
      })
      .join('&');
  }
  return scrub(body, secrets);
}

/** Redacts secret query parameters and any known secret in a URL. */
export function redactUrl(url: string, secrets: readonly string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return scrub(url, secrets);
  }
  // Query values are compared decoded (a key may be percent-encoded or use `+`); masks stay readable.
  const query = [...parsed.searchParams]
    .map(([key, value]) => {
      const shown = SECRET_PARAM_NAMES.has(key.toLowerCase()) ? mask(value) : scrub(value, secrets);
      return `${encodeURIComponent(key)}=${shown !== value ? shown : encodeURIComponent(value)}`;
    })
    .join('&');
  const path = scrub(`${parsed.origin}${decodeURIComponent(parsed.pathname)}`, secrets);
  return `${path}${query ? `?${query}` : ''}${scrub(parsed.hash, secrets)}`;
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
 */
export function redactExchange(exchange: Exchange, secrets: readonly string[]): Exchange {
  const copy: Exchange = { ...exchange, request: redactRequest(exchange.request, secrets) };
  if (exchange.response) copy.response = redactResponse(exchange.response, secrets);
  return copy;
}
