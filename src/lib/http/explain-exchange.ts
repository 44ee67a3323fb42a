/**
 * The error explainer for one logged exchange: what its failure means and the likely fix, from what
 * the server answered (`explainResponse`, the same text the alert shows), the `error` in a redirect
 * back, or the kind of transport failure.
 */
import type { BasicEncoding } from '../config/auth-config';
import { PlaygroundError } from '../errors/playground-error';
import { readBasic, type BasicCredentials } from './basic-credentials';
import type { Exchange } from './exchange-record';
import { explainResponse, meaningOfOAuthError, type ResponseExplanation } from './explain-response';

export type ExchangeExplanation = ResponseExplanation;

const FAILURES = {
  cors: 'The browser withheld the response: the server sent no CORS headers allowing this page’s origin. The request may even have succeeded. Ask the provider to allow this origin, or send the request from a server or with curl (see Code snippets).',
  network: 'No answer at all: wrong host or port, the server is down, you are offline, or an http URL was called from an https page (mixed content).',
  timeout: 'The server did not answer in time. Check the URL and try again.',
  cancelled: 'You cancelled the request; nothing from it was used.',
  proxy: 'The local proxy refused to forward the request or could not reach the target; its error says why. Check the Proxy URL, the pairing token, and that the target is an https host.',
} as const;

function fromLocation(location: string | undefined): { error?: string; description?: string } {
  if (!location) return {};
  try {
    const url = new URL(location);
    const params = url.searchParams.has('error') ? url.searchParams : new URLSearchParams(url.hash.slice(1));
    const error = params.get('error') ?? undefined;
    const description = params.get('error_description') ?? undefined;
    return { ...(error ? { error } : {}), ...(description ? { description } : {}) };
  } catch {
    return {};
  }
}

/**
 * The client_secret_basic credentials `exchange` carried: the Basic header of a POST (token,
 * introspection, revocation requests), read with `encoding` when the setting it went out with is
 * known. Not for test requests, whose Basic header is the Basic auth type's, always as typed.
 */
export function sentBasic(exchange: Exchange, encoding?: BasicEncoding): BasicCredentials | undefined {
  if (exchange.label.startsWith('Test request') || exchange.request.method !== 'POST') return undefined;
  const header = exchange.request.headers.find(([name]) => name.toLowerCase() === 'authorization')?.[1];
  return header === undefined ? undefined : readBasic(header, encoding ? { encoding } : {});
}

/**
 * What went wrong in `exchange`, in plain words with the likely fix; undefined when it succeeded.
 * `basic`: the Basic credentials it carried (by default read from it; pass them read from the
 * unmasked exchange when `exchange` is a masked copy).
 */
export function explainExchange(exchange: Exchange, basic: BasicCredentials | undefined = sentBasic(exchange)): ExchangeExplanation | undefined {
  const { response } = exchange;
  if (!response) return exchange.kind === 'navigation' ? undefined : { code: exchange.failure ?? 'network', text: FAILURES[exchange.failure ?? 'network'] };
  const header = (name: string) => response.headers.find(([n]) => n.toLowerCase() === name)?.[1];
  if (exchange.kind === 'navigation') {
    const found = fromLocation(header('location'));
    if (!found.error) return undefined;
    return { code: found.error, ...(found.description ? { description: found.description } : {}), text: meaningOfOAuthError(found.error, found.description) };
  }
  const explanation = explainResponse({ status: response.status, contentType: header('content-type'), body: response.body, wwwAuthenticate: header('www-authenticate') }, basic);
  // A success status is explained only when it carried an OAuth error.
  return response.status < 400 && explanation.code.startsWith('HTTP ') ? undefined : explanation;
}

/**
 * `error` explained by the exchange it came from (the last of `exchanges` answered with its status),
 * so the alert says what that exchange's log entry says, and offers the other Basic encoding when
 * that may help. `basicEncoding`: the setting the request went out with. Unchanged when no such
 * exchange was recorded.
 */
export function explainedError(error: PlaygroundError, exchanges: readonly Exchange[], basicEncoding?: BasicEncoding): PlaygroundError {
  if (error.status === undefined) return error;
  let exchange: Exchange | undefined;
  for (let i = exchanges.length - 1; i >= 0 && !exchange; i--) if (exchanges[i]!.kind !== 'navigation' && exchanges[i]!.response?.status === error.status) exchange = exchanges[i];
  const explanation = exchange && explainExchange(exchange, sentBasic(exchange, basicEncoding));
  if (!explanation) return error;
  const { message, kind, code, error: oauthError, error_description, status, wwwAuthenticate, cause } = error;
  return new PlaygroundError(message, { kind, code, error: oauthError, error_description, status, wwwAuthenticate, cause, hint: explanation.text, switchBasicEncoding: explanation.offer });
}
