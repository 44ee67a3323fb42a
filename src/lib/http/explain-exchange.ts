/**
 * The error explainer for one logged exchange: what its failure means and the likely fix, from what
 * the server answered (`explainResponse`, the same text the alert shows), the `error` in a redirect
 * back, or the kind of transport failure.
 */
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

/** What went wrong in `exchange`, in plain words with the likely fix; undefined when it succeeded. */
export function explainExchange(exchange: Exchange): ExchangeExplanation | undefined {
  const { response } = exchange;
  if (!response) return exchange.kind === 'navigation' ? undefined : { code: exchange.failure ?? 'network', text: FAILURES[exchange.failure ?? 'network'] };
  const header = (name: string) => response.headers.find(([n]) => n.toLowerCase() === name)?.[1];
  if (exchange.kind === 'navigation') {
    const found = fromLocation(header('location'));
    if (!found.error) return undefined;
    return { code: found.error, ...(found.description ? { description: found.description } : {}), text: meaningOfOAuthError(found.error, found.description) };
  }
  const explanation = explainResponse({ status: response.status, contentType: header('content-type'), body: response.body, wwwAuthenticate: header('www-authenticate') });
  // A success status is explained only when it carried an OAuth error.
  return response.status < 400 && explanation.code.startsWith('HTTP ') ? undefined : explanation;
}
