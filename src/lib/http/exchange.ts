/**
 * The one place the app's requests go through. `createRecordingFetch` wraps `fetch` so that every
 * exchange (oauth4webapi's, through its `customFetch` hook, and the app's own) is recorded with
 * its request, response and timing, and so that a bare "Failed to fetch" is diagnosed as either a
 * CORS block (explained by `cors-error.ts`) or a network failure.
 */
import { PlaygroundError } from '../errors/playground-error';

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

export interface ExchangeRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body: string | null;
}

export interface ExchangeResponse {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
  /** True when the body was longer than `MAX_RECORDED_BODY` and was cut. */
  truncated: boolean;
}

export interface Exchange {
  id: string;
  /** What the exchange was for: "Token request", "Test request", "CORS probe". */
  label: string;
  startedAt: number;
  durationMs: number;
  request: ExchangeRequest;
  response?: ExchangeResponse;
  /** Why there is no response (`proxy`: the forwarding proxy refused or could not forward it). */
  failure?: 'cors' | 'network' | 'timeout' | 'proxy';
  /**
   * `navigation`: not a fetch but the browser leaving for a URL (the authorization request); its
   * response, once the user is back, is the redirect to the redirect URI.
   */
  kind?: 'navigation';
}

/** Why an exchange has no response, in a few words (log, HAR, report). */
export const FAILURE_WORDS: Record<NonNullable<Exchange['failure']>, string> = {
  cors: 'blocked by the browser (CORS)',
  network: 'network failure',
  timeout: 'timed out',
  proxy: 'refused by the proxy',
};

/** Bodies longer than this are recorded cut; the app still receives them whole. */
export const MAX_RECORDED_BODY = 256 * 1024;

export interface RecordingFetchOptions {
  /** The real fetch; injected so unit tests can pass canned responses. */
  fetch: FetchLike;
  label: string;
  onExchange: (exchange: Exchange) => void;
  now?: () => number;
}

/** Text of a request body as it goes on the wire, for the record. */
function bodyText(body: BodyInit | null | undefined): string | null {
  if (body === null || body === undefined) return null;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  return `[${Object.prototype.toString.call(body).slice(8, -1)} body]`;
}

/** Reads at most `limit` characters of `response`'s body from a clone, leaving the original unread. */
async function readCapped(response: Response, limit: number): Promise<{ body: string; truncated: boolean }> {
  const clone = response.clone();
  if (!clone.body) return { body: '', truncated: false };
  const reader = clone.body.getReader();
  const decoder = new TextDecoder();
  let body = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    body += decoder.decode(value, { stream: true });
    if (body.length > limit) {
      // Not awaited: cancelling one branch of a tee settles only once the other branch is read,
      // and the caller cannot read it until we return.
      reader.cancel().catch(() => undefined);
      return { body: body.slice(0, limit), truncated: true };
    }
  }
  return { body: body + decoder.decode(), truncated: false };
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'AbortError' || error.name === 'TimeoutError');
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

let counter = 0;
const nextId = () => `x${Date.now().toString(36)}${(counter++).toString(36)}`;

/**
 * A `fetch` that records every exchange through `onExchange` and turns transport failures into
 * `PlaygroundError`s of kind `cors` or `network`.
 */
export function createRecordingFetch({ fetch: fetchImpl, label, onExchange, now = Date.now }: RecordingFetchOptions): FetchLike {
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
        onExchange({ id: nextId(), label, startedAt, durationMs, request, failure: 'timeout' });
        throw new PlaygroundError(`No answer from ${new URL(url).host} in time; the request was abandoned.`, {
          kind: 'network',
          code: 'timeout',
          hint: 'The server is slow or unreachable. Check the URL and try again.',
          cause: error,
        });
      }
      const failure = await diagnoseFetchFailure(url, fetchImpl);
      onExchange({ id: nextId(), label, startedAt, durationMs, request, failure });
      // the explanation of a CORS block loads only when one happens
      throw failure === 'cors' ? (await import('./cors-error')).corsError(request, error) : networkError(url, error);
    }
    const durationMs = now() - startedAt;
    const { body, truncated } = await readCapped(response, MAX_RECORDED_BODY);
    onExchange({
      id: nextId(),
      label,
      startedAt,
      durationMs,
      request,
      response: {
        status: response.status,
        statusText: response.statusText,
        headers: [...response.headers.entries()],
        body,
        truncated,
      },
    });
    return response;
  };
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
