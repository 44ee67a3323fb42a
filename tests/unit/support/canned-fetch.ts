/**
 * A `fetch` for unit tests: records every request it receives and answers with canned `Response`s.
 * The modules under test take their fetch injected (`ProtocolContext.fetch`), so no network is used.
 */
import type { FetchLike } from '../../../src/lib/http/exchange';
import type { ProtocolContext } from '../../../src/lib/oauth/context';

/** One request as the injected fetch received it, with headers and body normalised for assertions. */
export interface SentRequest {
  url: string;
  method: string;
  headers: Headers;
  /** The body as text: strings as-is, `URLSearchParams` serialised, other types as `[Type]`, null when there is none. */
  body: string | null;
  /** The raw init, for options such as `mode`, `redirect`, `signal`. */
  init: RequestInit;
}

export type Handler = (request: SentRequest) => Response | Promise<Response>;

export interface CannedFetch extends FetchLike {
  /** Every request received, in order (including ones the handler answered by throwing). */
  readonly calls: SentRequest[];
}

function bodyText(body: BodyInit | null | undefined): string | null {
  if (body === null || body === undefined) return null;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  return `[${Object.prototype.toString.call(body).slice(8, -1)}]`;
}

/** A fetch that records `(url, init)` and answers with `handler`'s `Response` (or its rejection). */
export function cannedFetch(handler: Handler): CannedFetch {
  const calls: SentRequest[] = [];
  const fetchImpl = async (input: string | URL, init: RequestInit = {}): Promise<Response> => {
    const request: SentRequest = {
      url: input instanceof URL ? input.href : input,
      method: (init.method ?? 'GET').toUpperCase(),
      headers: new Headers(init.headers),
      body: bodyText(init.body),
      init,
    };
    calls.push(request);
    return handler(request);
  };
  return Object.assign(fetchImpl, { calls });
}

/** `new Response(body, { status, headers })`, the shape every canned answer takes. */
export function respond(body: string | null, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers });
}

/** A JSON answer with `content-type: application/json`. */
export function jsonResponse(value: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return respond(JSON.stringify(value), status, { 'content-type': 'application/json', ...headers });
}

/** The body of a sent form request as a `URLSearchParams`. */
export function formOf(request: SentRequest | undefined): URLSearchParams {
  if (!request || request.body === null) throw new Error('no form body was sent');
  return new URLSearchParams(request.body);
}

/** The fixed clock the tests use. */
export const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

/** A `ProtocolContext` over `fetch`, with a fixed clock and plain http not opted in. */
export function contextWith(fetch: FetchLike, overrides: Partial<ProtocolContext> = {}): ProtocolContext {
  return { fetch, allowInsecureHttp: false, now: () => NOW, ...overrides };
}

/** `promise`'s rejection reason; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** `promise`, or a rejection naming `what` when it has not settled after `ms`: turns a hang into a clear failure. */
export function settlesWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms (hung)`)), ms);
  });
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer));
}
