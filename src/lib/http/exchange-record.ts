/**
 * What a recorded exchange is: the request, the response (or why there is none) and the timing,
 * as `createRecordingFetch` (`exchange.ts`) records it and the log, HAR export, report, CORS
 * explanation and storage read it. Types and plain words only, so that a reader of the log does not
 * load the recording fetch, and the recording fetch can load its readers (`cors-error.ts`) without
 * a loop.
 */

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
  failure?: 'cors' | 'network' | 'timeout' | 'proxy' | 'cancelled';
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
  cancelled: 'cancelled',
};
