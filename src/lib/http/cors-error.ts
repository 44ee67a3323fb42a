/**
 * The explanation of a CORS block: which URL, that the browser (not the server) withheld the
 * answer, whether a preflight was needed and why, and the three ways out. Loaded only when a
 * request was blocked.
 */
import { PlaygroundError } from '../errors/playground-error';
import type { ExchangeRequest } from './exchange-record';
import { explainPreflight } from './preflight';

/** `url` without its query string, which may hold an API key. */
export function urlForDisplay(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}${parsed.search ? '?…' : ''}`;
}

/** Joins phrases as "a", "a and b", "a, b and c". */
function sentence(parts: string[]): string {
  return parts.length < 2 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** The `PlaygroundError` (kind `cors`) for `request`, whose response the browser withheld. */
export function corsError(request: ExchangeRequest, cause: unknown): PlaygroundError {
  const { needed, reasons } = explainPreflight(request.method, request.headers);
  const preflight = needed
    ? `A CORS preflight was needed because ${sentence(reasons)}: the browser first asked the server with an OPTIONS request, and either that answer or the response itself did not allow this page’s origin, so the ${request.method} may never have been sent.`
    : `No preflight was needed (a simple ${request.method} request): the request reached the server, which may have acted on it; only its answer was hidden from this page.`;
  return new PlaygroundError(
    `The browser blocked the response from ${urlForDisplay(request.url)}: the server sent no CORS headers allowing this page’s origin to read it. It was the browser that refused to show the response, not the server. ${preflight}`,
    {
      kind: 'cors',
      code: 'cors_blocked',
      hint: 'Three ways out. 1. Ask the provider to allow this origin (SPA client registrations often do). 2. Turn on “Send through local proxy” (start it with npm run proxy; it forwards the request from your machine). 3. Copy the request as curl (the “Copy” button by the request) and run it in a terminal.',
      cause,
    },
  );
}
