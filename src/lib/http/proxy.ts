/**
 * "Send through local proxy": a `FetchLike` that sends every request to the forwarding proxy
 * (`npm run proxy`, or one a team hosts) instead of the target, for providers that send no CORS
 * headers. Protocol: `POST|GET|… <proxy>/forward` with `X-Proxy-Target: <absolute URL>` and
 * `X-Proxy-Token: <pairing token>`, method, headers and body unchanged; the proxy answers with the
 * target's status, headers and body (a redirect's `Location` renamed `X-Proxy-Location`), or with
 * its own refusal marked `X-Proxy-Error` and a JSON `{error, error_description}`.
 * Loaded only when the setting is on.
 */
import type { ProxySettings } from '../config/proxy';
import { PlaygroundError } from '../errors/playground-error';
import { diagnoseFetchFailure, type FetchLike } from './exchange';
import { isLoopbackUrl } from './insecure';

/** What to do about each refusal the proxy can answer with. */
const HINTS: Record<string, string> = {
  origin_not_allowed: 'Restart the proxy with --origin set to this page’s origin (exact: scheme, host and port).',
  pairing_token_missing: 'Paste the pairing token the proxy printed when it started into “Proxy pairing token”, or open the pairing link it printed.',
  pairing_token_invalid: 'The token changes each time the proxy starts: paste the one it printed this time into “Proxy pairing token”, or open the pairing link it printed.',
  host_not_allowed: 'Use the address the proxy printed as Proxy URL (http://127.0.0.1:8787 by default).',
  target_forbidden: 'The proxy forwards only to public https hosts. For a server on this machine start it with --allow-loopback, for a private network with --allow-private.',
  missing_target: 'This app always sends the target; check that the Proxy URL points to an OAuth Playground proxy.',
  invalid_target: 'Check the URL you entered.',
  request_too_large: 'The request body is over the proxy’s limit: start it with a larger --max-body.',
  upstream_timeout: 'The target server is slow or unreachable from the proxy’s machine. Check the URL and try again.',
  upstream_unreachable: 'The proxy could not connect: check the host name (DNS), the port, and that the server accepts TLS connections.',
  response_too_large: 'The answer is over the proxy’s response limit.',
  upstream_invalid_response:
    'The target sent something that is not a valid HTTP answer (an odd status, control characters in a header, or it hung up half-way). Check that the URL is the right endpoint; try the request with curl to see the raw answer.',
  proxy_error: 'The proxy hit an unexpected problem with this request and kept running; try again, and report it if it repeats.',
};

function inputError(code: string, message: string, hint: string): PlaygroundError {
  return new PlaygroundError(message, { kind: 'input', code, hint });
}

/**
 * The proxy's `/forward` URL for the `Proxy URL` setting. Refuses anything but https, or plain
 * http to loopback: the proxy sees every secret the requests carry.
 */
export function forwardUrl(proxyUrl: string): URL {
  let base: URL;
  try {
    base = new URL(proxyUrl.trim());
  } catch {
    throw inputError('invalid_proxy_url', `The Proxy URL “${proxyUrl}” is not an absolute URL.`, 'Enter the address the proxy printed, such as http://127.0.0.1:8787.');
  }
  if (base.protocol !== 'https:' && !(base.protocol === 'http:' && isLoopbackUrl(base))) {
    throw inputError('insecure_proxy_url', `The Proxy URL must be https, or http on this machine (loopback); got ${base.origin}.`, 'Every secret of the request goes to the proxy: use the local proxy or a team proxy served over https.');
  }
  base.pathname = `${base.pathname.replace(/\/+$/, '')}/forward`;
  base.search = '';
  base.hash = '';
  return base;
}

/** The proxy's refusal, read from its JSON answer, as a `PlaygroundError` of kind `proxy`. */
async function refusal(response: Response, target: string, code: string): Promise<PlaygroundError> {
  let body: { error?: unknown; error_description?: unknown } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // keep the header's code
  }
  const error = typeof body.error === 'string' ? body.error : code;
  const description = typeof body.error_description === 'string' ? body.error_description : undefined;
  return new PlaygroundError(`The proxy did not forward the request to ${new URL(target).host}${description ? `: ${description}` : '.'}`, {
    kind: 'proxy',
    code: error,
    error,
    error_description: description,
    status: response.status,
    hint: HINTS[error],
  });
}

/** The target's answer as the proxy relayed it: its status, headers (Location restored) and body. */
function relayed(response: Response): Response {
  const headers = new Headers();
  for (const [name, value] of response.headers) if (!name.startsWith('x-proxy-')) headers.append(name, value);
  const location = response.headers.get('x-proxy-location');
  if (location !== null) headers.set('location', location);
  const noBody = [204, 205, 304].includes(response.status);
  return new Response(noBody ? null : response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * `fetchImpl` routed through the proxy of `settings`: every request goes to its `/forward` with
 * the target and the pairing token in headers. Transport failures and the proxy's refusals become
 * `PlaygroundError`s (kind `proxy`, or `network` when the proxy does not answer at all); an abort
 * (time-out) is passed on unchanged.
 */
export function viaProxy(fetchImpl: FetchLike, settings: ProxySettings): FetchLike {
  return async (input, init = {}) => {
    const target = input instanceof URL ? input.href : input;
    const forward = forwardUrl(settings.url);
    if (settings.token.trim() === '') {
      throw inputError('pairing_token_missing', 'Send through local proxy is on, but the Proxy pairing token is empty.', HINTS.pairing_token_missing!);
    }
    const headers = new Headers(init.headers);
    headers.set('x-proxy-target', target);
    headers.set('x-proxy-token', settings.token.trim());
    let response: Response;
    try {
      response = await fetchImpl(forward.href, {
        method: init.method ?? 'GET',
        headers,
        body: init.body ?? null,
        signal: init.signal ?? null,
        redirect: 'manual',
        credentials: 'omit',
        mode: 'cors',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
      });
    } catch (error) {
      if (error instanceof DOMException && (error.name === 'AbortError' || error.name === 'TimeoutError')) throw error;
      const running = (await diagnoseFetchFailure(forward.href, fetchImpl)) === 'cors';
      throw running
        ? new PlaygroundError(`The proxy at ${forward.origin} is running but does not accept requests from this page’s origin.`, {
            kind: 'proxy',
            code: 'origin_not_allowed',
            hint: HINTS.origin_not_allowed,
            cause: error,
          })
        : new PlaygroundError(`The proxy at ${forward.origin} did not answer.`, {
            kind: 'network',
            code: 'proxy_unreachable',
            hint: 'Start it with npm run proxy (it prints a pairing link), check the Proxy URL, or turn off “Send through local proxy”.',
            cause: error,
          });
    }
    const refused = response.headers.get('x-proxy-error');
    if (refused !== null) throw await refusal(response, target, refused);
    return relayed(response);
  };
}
