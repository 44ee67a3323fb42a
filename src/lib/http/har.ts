/**
 * The exchange log as HAR 1.2, the format Chrome DevTools' network panel and HAR viewers open.
 * Pure: takes exchanges (already redacted by the caller) and returns the HAR object.
 * @see http://www.softwareishard.com/blog/har-12-spec/
 */
import { FAILURE_WORDS, type Exchange } from './exchange-record';

export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    queryString: HarNameValue[];
    postData?: { mimeType: string; text: string; params?: HarNameValue[] };
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    content: { size: number; mimeType: string; text: string; comment?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  comment?: string;
}

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    pages: [];
    entries: HarEntry[];
    comment?: string;
  };
}

export interface HarOptions {
  creatorName?: string;
  creatorVersion?: string;
  /** Said in `log.comment` (for example that secrets are masked). */
  comment?: string;
}

const pairs = (headers: readonly [string, string][]): HarNameValue[] => headers.map(([name, value]) => ({ name, value }));

const headerOf = (headers: readonly [string, string][], name: string): string | undefined =>
  headers.find(([key]) => key.toLowerCase() === name)?.[1];

/**
 * Query parameters of `url` as written, split by hand: masks in a redacted URL (`abcd…(40 chars)`)
 * stay readable instead of being percent-decoded or refused.
 */
export function queryStringOf(url: string): HarNameValue[] {
  const start = url.indexOf('?');
  if (start < 0) return [];
  const end = url.indexOf('#', start);
  const query = url.slice(start + 1, end < 0 ? undefined : end);
  if (query === '') return [];
  return query.split('&').map((part) => {
    const eq = part.indexOf('=');
    const [name, value] = eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    return { name: safeDecode(name), value: safeDecode(value) };
  });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

const byteLength = (text: string) => new TextEncoder().encode(text).length;

function entryOf(exchange: Exchange): HarEntry {
  const { request, response } = exchange;
  const requestType = headerOf(request.headers, 'content-type') ?? (request.body !== null ? 'text/plain' : '');
  const entry: HarEntry = {
    startedDateTime: new Date(exchange.startedAt).toISOString(),
    time: Math.max(0, exchange.durationMs),
    request: {
      method: request.method,
      url: request.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: pairs(request.headers),
      queryString: queryStringOf(request.url),
      headersSize: -1,
      bodySize: request.body === null ? 0 : byteLength(request.body),
    },
    response: {
      status: response?.status ?? 0,
      statusText: response?.statusText ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: pairs(response?.headers ?? []),
      content: {
        size: response ? byteLength(response.body) : 0,
        mimeType: (response && headerOf(response.headers, 'content-type')) ?? 'x-unknown',
        text: response?.body ?? '',
        ...(response?.truncated ? { comment: 'Body cut by the recorder.' } : {}),
      },
      redirectURL: (response && headerOf(response.headers, 'location')) ?? '',
      headersSize: -1,
      bodySize: response ? byteLength(response.body) : -1,
    },
    cache: {},
    // The browser does not expose phases to fetch: all of the time is counted as waiting.
    timings: { send: 0, wait: Math.max(0, exchange.durationMs), receive: 0 },
    comment: exchange.kind === 'navigation' ? `${exchange.label} (browser navigation)` : exchange.label,
  };
  if (request.body !== null) {
    entry.request.postData = { mimeType: requestType, text: request.body };
    if (/application\/x-www-form-urlencoded/i.test(requestType)) entry.request.postData.params = queryStringOf(`?${request.body}`);
  }
  if (!response) {
    entry.response._error = exchange.failure ? FAILURE_WORDS[exchange.failure] : 'no response';
  }
  return entry;
}

/**
 * `exchanges` as a HAR 1.2 log, oldest first. Redact before calling: this function copies values as given.
 * An exchange without a response (CORS block, network failure) gets status 0 and `_error`, as Chrome writes them.
 */
export function toHar(exchanges: readonly Exchange[], options: HarOptions = {}): Har {
  return {
    log: {
      version: '1.2',
      creator: { name: options.creatorName ?? 'OAuth Playground', version: options.creatorVersion ?? '0.1.0' },
      pages: [],
      entries: [...exchanges].sort((a, b) => a.startedAt - b.startedAt).map(entryOf),
      ...(options.comment ? { comment: options.comment } : {}),
    },
  };
}
