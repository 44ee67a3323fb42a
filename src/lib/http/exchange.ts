/**
 * The one place the app's requests go through. `createRecordingFetch` wraps `fetch` so that every
 * exchange (oauth4webapi's, through its `customFetch` hook, and the app's own) is recorded with
 * its request, response and timing, and so that a bare "Failed to fetch" is diagnosed as either a
 * CORS block (explained by `cors-error.ts`) or a network failure.
 */
import { PlaygroundError } from '../errors/playground-error';
import type { Exchange, ExchangeRequest } from './exchange-record';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

// The shape of a recorded exchange lives in `exchange-record.ts`, which its readers (log, HAR,
// report, CORS explanation) import without pulling in the recording fetch; re-exported here for the
// modules that import both.
export { FAILURE_WORDS } from './exchange-record';
export type { Exchange, ExchangeRequest, ExchangeResponse } from './exchange-record';

/** Bodies longer than this are recorded cut; the app still receives them whole. */
export const MAX_RECORDED_BODY = 256 * 1024;

export interface RecordingFetchOptions {
  /** The real fetch; injected so unit tests can pass canned responses. */
  fetch: FetchLike;
  label: string;
  onExchange: (exchange: Exchange) => void;
  now?: () => number;
  /**
   * Refuse responses longer than `MAX_RECORDED_BODY` with a `PlaygroundError` (code
   * `response_too_large`) instead of handing them on: protocol responses (tokens, metadata, JWKS)
   * are a few KB, and a huge one is an error, not something to parse, store and show. JSON nested
   * deeper than `MAX_JSON_DEPTH` is refused the same way (`response_too_deep`).
   */
  refuseOversized?: boolean;
}

/** Text of a request body as it goes on the wire, for the record. */
function bodyText(body: BodyInit | null | undefined): string | null {
  if (body === null || body === undefined) return null;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  return `[${Object.prototype.toString.call(body).slice(8, -1)} body]`;
}

function concat(chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Statuses whose response may not carry a body (the `Response` constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * Reads `response`'s body once: the text for the record (at most `limit` characters) and, for the
 * caller, an unread copy of the same response built from the bytes received. One read instead of a
 * `clone()` whose two branches are each read: the token is on screen sooner.
 * With `stopAtLimit`, reading stops past `limit` (`whole` is then undefined).
 */
async function readOnce(response: Response, limit: number, stopAtLimit: boolean): Promise<{ body: string; truncated: boolean; whole?: Response }> {
  if (!response.body) return { body: '', truncated: false, whole: response };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const chunks: Uint8Array[] = [];
  let body = '';
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    if (truncated) continue;
    body += decoder.decode(value, { stream: true });
    if (body.length > limit) {
      body = body.slice(0, limit);
      truncated = true;
      if (stopAtLimit) {
        reader.cancel().catch(() => undefined);
        return { body, truncated };
      }
    }
  }
  if (!truncated) body += decoder.decode();
  // bytes in memory, not a Blob: a Blob-backed body is read back through the browser's blob store
  const bytes = NULL_BODY_STATUSES.has(response.status) ? null : concat(chunks);
  const init = { status: response.status, statusText: response.statusText, headers: response.headers };
  return { body, truncated, whole: truncated ? new Response(bytes, init) : new ReadResponse(bytes, init, body) };
}

/**
 * A response whose body was already read and decoded: `text()` and `json()` answer from that text
 * at once (the first time) instead of reading the bytes again, which takes the browser a task
 * (oauth4webapi's `json()` on a token response was one more task before the token is shown).
 * Anything else (`clone()`, `arrayBuffer()`, a second read) reads the bytes as usual.
 */
class ReadResponse extends Response {
  #text: string | undefined;

  constructor(bytes: Uint8Array<ArrayBuffer> | null, init: ResponseInit, text: string) {
    super(bytes, init);
    this.#text = text;
  }

  override text(): Promise<string> {
    const text = this.#take();
    return text === undefined ? super.text() : Promise.resolve(text);
  }

  override json(): Promise<unknown> {
    const text = this.#take();
    if (text === undefined) return super.json();
    try {
      return Promise.resolve(JSON.parse(text));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #take(): string | undefined {
    const text = this.bodyUsed ? undefined : this.#text;
    this.#text = undefined;
    return text;
  }
}

function isAbort(error: unknown): error is DOMException {
  return error instanceof DOMException && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/**
 * The `PlaygroundError` for a request given up on: by the time-out (`TimeoutError`) or by the user
 * (`AbortError`, the Cancel button), before or while the response arrived.
 */
export function abandonedError(url: string, error: DOMException): PlaygroundError {
  const host = new URL(url).host;
  return error.name === 'TimeoutError'
    ? new PlaygroundError(`No complete answer from ${host} in time; the request was abandoned.`, {
        kind: 'network',
        code: 'timeout',
        hint: 'The server is slow, unreachable, or sent a response that never ends. Check the URL and try again.',
        cause: error,
      })
    : new PlaygroundError(`Cancelled: the request to ${host} was abandoned before a complete answer came.`, {
        kind: 'cancelled',
        code: 'cancelled',
        hint: 'Nothing was changed. Click the button again to retry.',
        cause: error,
      });
}

/**
 * Tells a CORS block from a network failure after `fetch` rejected with a TypeError: a `no-cors`
 * request to the same URL succeeds (with an opaque response) when the server is reachable, so the
 * first failure was the browser withholding the response.
 */
export async function diagnoseFetchFailure(url: string, fetchImpl: FetchLike): Promise<'cors' | 'network'> {
  try {
    await fetchImpl(url, { mode: 'no-cors', method: 'GET', credentials: 'omit', signal: AbortSignal.timeout(5000) });
    return 'cors';
  } catch {
    return 'network';
  }
}

/**
 * `fetchImpl` whose every request also stops when `cancel` aborts (the Cancel button), besides its
 * own signal (the time-out). The abort reason is kept, so a time-out and a cancel stay distinct.
 */
export function withCancel(fetchImpl: FetchLike, cancel: AbortSignal): FetchLike {
  return (input, init = {}) => {
    const own = init.signal;
    if (!own) return fetchImpl(input, { ...init, signal: cancel });
    if (typeof AbortSignal.any === 'function') return fetchImpl(input, { ...init, signal: AbortSignal.any([own, cancel]) });
    const both = new AbortController(); // browsers before AbortSignal.any (Safari < 17.4)
    for (const signal of [own, cancel]) {
      if (signal.aborted) both.abort(signal.reason);
      else signal.addEventListener('abort', () => both.abort(signal.reason), { once: true });
    }
    return fetchImpl(input, { ...init, signal: both.signal });
  };
}

let counter = 0;
const nextId = () => `x${Date.now().toString(36)}${(counter++).toString(36)}`;

/**
 * A `fetch` that records every exchange through `onExchange` and turns transport failures into
 * `PlaygroundError`s of kind `cors` or `network`.
 */
export function createRecordingFetch({ fetch: fetchImpl, label, onExchange, now = Date.now, refuseOversized = false }: RecordingFetchOptions): FetchLike {
  return async (input, init = {}) => {
    const url = input instanceof URL ? input.href : input;
    const request: ExchangeRequest = {
      method: (init.method ?? 'GET').toUpperCase(),
      url,
      headers: [...new Headers(init.headers).entries()],
      body: bodyText(init.body),
    };
    const startedAt = now();
    let response: Response;
    try {
      response = await fetchImpl(input, init);
    } catch (error) {
      const durationMs = now() - startedAt;
      if (error instanceof PlaygroundError) {
        // only the proxy route (http/proxy.ts) throws these: already explained
        onExchange({ id: nextId(), label, startedAt, durationMs, request, failure: 'proxy' });
        throw error;
      }
      if (isAbort(error)) {
        onExchange({ id: nextId(), label, startedAt, durationMs, request, failure: error.name === 'TimeoutError' ? 'timeout' : 'cancelled' });
        throw abandonedError(url, error);
      }
      const failure = await diagnoseFetchFailure(url, fetchImpl);
      onExchange({ id: nextId(), label, startedAt, durationMs, request, failure });
      // the explanation of a CORS block loads only when one happens
      throw failure === 'cors' ? (await import('./cors-error')).corsError(request, error) : networkError(url, error);
    }
    const head = { status: response.status, statusText: response.statusText, headers: [...response.headers.entries()] };
    if (response.type === 'opaqueredirect') {
      // only with `redirect: 'manual'` (oauth4webapi's requests): the page may not even see where to
      onExchange({ id: nextId(), label, startedAt, durationMs: now() - startedAt, request, response: { ...head, statusText: 'redirect (not followed)', body: '', truncated: false } });
      throw redirectError(url);
    }
    let recorded: { body: string; truncated: boolean; whole?: Response };
    try {
      recorded = await readOnce(response, MAX_RECORDED_BODY, refuseOversized);
    } catch (error) {
      // the body stopped coming: time-out or Cancel while it was being read
      const failure = isAbort(error) ? (error.name === 'TimeoutError' ? 'timeout' : 'cancelled') : 'network';
      onExchange({ id: nextId(), label, startedAt, durationMs: now() - startedAt, request, response: { ...head, body: '', truncated: true }, failure });
      throw isAbort(error) ? abandonedError(url, error) : networkError(url, error);
    }
    onExchange({ id: nextId(), label, startedAt, durationMs: now() - startedAt, request, response: { ...head, body: recorded.body, truncated: recorded.truncated } });
    if (!recorded.whole) {
      throw new PlaygroundError(`The response from ${new URL(url).host} is larger than ${MAX_RECORDED_BODY / 1024} KiB and was refused.`, {
        kind: 'malformed_response',
        code: 'response_too_large',
        status: response.status,
        hint: 'A token, metadata or JWKS response is a few KB. Check that the URL is the right endpoint; the start of the body is shown below.',
      });
    }
    if (refuseOversized && nestsDeeperThan(recorded.body)) {
      throw new PlaygroundError(`The response from ${new URL(url).host} is JSON nested deeper than ${MAX_JSON_DEPTH} levels and was refused.`, {
        kind: 'malformed_response',
        code: 'response_too_deep',
        status: response.status,
        hint: 'Token, metadata and JWKS responses nest a few levels. Nothing of this response was kept; check that the URL is the right endpoint.',
      });
    }
    return recorded.whole;
  };
}

function redirectError(url: string): PlaygroundError {
  return new PlaygroundError(`${new URL(url).host} answered with a redirect, which was not followed.`, {
    kind: 'http',
    code: 'unexpected_redirect',
    hint: 'OAuth endpoints answer directly. A redirect usually means the URL is a web page (a login page), lacks a path segment, or http is redirected to https: check the URL, and use the final one.',
  });
}

function networkError(url: string, cause: unknown): PlaygroundError {
  const target = new URL(url);
  return new PlaygroundError(`Could not reach ${target.host}: no response at all.`, {
    kind: 'network',
    code: 'network_error',
    hint: 'Check the URL, that the server is running, and your connection. Mixed content (an http URL from an https page) is also blocked this way.',
    cause,
  });
}
