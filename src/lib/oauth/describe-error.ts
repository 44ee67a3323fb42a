/**
 * The one function that turns whatever a flow threw (oauth4webapi's three error kinds, its
 * `UnsupportedOperationError`, a fetch failure already diagnosed by the http layer, a TypeError for
 * bad input) into a `PlaygroundError` the UI can show.
 */
import * as oauth from 'oauth4webapi';
import { PlaygroundError } from '../errors/playground-error';
import { explainResponse, meaningOfOAuthError, type ResponseFacts } from '../http/explain-response';
import { failedCheckOf, isoSeconds, quote, valuesText, type FailedCheck } from './failed-check';

/** Plain-words meaning of oauth4webapi's `OperationProcessingError` codes. */
const PROCESSING_HINTS: Readonly<Record<string, string>> = {
  [oauth.PARSE_ERROR]: 'The body is not valid JSON: it may be cut off, or not JSON at all. Look at the raw response below.',
  [oauth.INVALID_RESPONSE]:
    'The JSON does not have the fields the protocol requires (for a token response: a string `access_token` and a `token_type`; `expires_in` a number). The server is not following RFC 6749 §5.1, or this is not a token endpoint.',
  [oauth.RESPONSE_IS_NOT_JSON]: 'The server answered with something other than JSON. Look at the raw response below.',
  [oauth.RESPONSE_IS_NOT_CONFORM]: 'The server answered with an unexpected HTTP status and no OAuth error body. Look at the raw response below.',
  [oauth.HTTP_REQUEST_FORBIDDEN]:
    'Plain http would send credentials unencrypted. Use an https URL, or turn on “Allow plain http” if you really mean it (loopback hosts are always allowed).',
  [oauth.REQUEST_PROTOCOL_FORBIDDEN]: 'Only http and https URLs can be used.',
  [oauth.JWT_TIMESTAMP_CHECK]: 'A JWT is expired or not yet valid. Check that your computer’s clock is right.',
  [oauth.JWT_CLAIM_COMPARISON]: 'A JWT claim (iss, aud, nonce, azp) does not match what was expected.',
  [oauth.JSON_ATTRIBUTE_COMPARISON]: 'A response field does not match what was expected (for example the issuer in discovery or in the redirect).',
  [oauth.MISSING_SERVER_METADATA]: 'The server’s metadata lacks an endpoint this operation needs. Fill the URL by hand or use Discover.',
  [oauth.INVALID_SERVER_METADATA]: 'The server’s metadata is invalid.',
};

const hasBody = (cause: unknown) => typeof cause === 'object' && cause !== null && 'body' in cause;

/** What a failed protocol check means, from oauth4webapi's message. */
function protocolHint(message: string, code: string): string {
  if (message.includes('"nbf"') || message.includes('"iat"')) {
    return 'The JWT is not valid yet by this computer’s clock (nbf/iat in the future): the clocks of this computer and the server differ by more than the 30 s tolerance. Set the clock to update automatically and try again.';
  }
  if (message.includes('"exp"')) {
    return 'The JWT has expired (exp is past). Get a new token; if it was just issued, this computer’s clock is ahead of the server’s: set it to update automatically.';
  }
  if (message.includes('"state"')) {
    return 'The state returned does not match the one sent: the response was altered or belongs to another attempt (possible CSRF). Start again; nothing was exchanged.';
  }
  if (message.includes('"issuer" property')) {
    return 'The metadata document names another issuer than the one asked for: it belongs to another server (or the Issuer field differs by a path or a trailing slash). Its endpoints were not used. Check the Issuer.';
  }
  if (message.includes('"iss"')) {
    return 'The response names another issuer than the one configured (RFC 9207): a mix-up between servers, or the Issuer field is wrong (a trailing slash counts). Check Issuer; nothing was exchanged.';
  }
  if (message.includes('signature')) return 'A signature did not verify against the server’s JWKS: the token was altered, or the JWKS URI is wrong.';
  if (message.includes('nonce')) return 'The ID token’s nonce is not the one sent with this request: it belongs to another request or was replayed.';
  return PROCESSING_HINTS[code] ?? 'A check the protocol requires failed; the message above says which.';
}

const ALG_REASONS: Readonly<Record<string, string>> = {
  'default value': 'the default when the server’s metadata lists no id_token_signing_alg_values_supported',
  'authorization server metadata': 'from the server’s metadata',
  'client configuration': 'from the client configuration',
};

/** What a failed check means, with the two values it compared and the setting to change; undefined when the values are not known. */
function checkHint({ check, source, expected, received, time, reason, jwksUri }: FailedCheck): string | undefined {
  const got = received === undefined ? undefined : quote(received);
  const want = expected === undefined ? undefined : quote(expected);
  if (source === 'authorization_response' && check === 'iss') {
    if (received === null) {
      return 'The server advertises that it sends iss in the authorization response (authorization_response_iss_parameter_supported), but this one has none (RFC 9207): a mix-up between servers, or a server that does not do what its metadata says. Nothing was exchanged.';
    }
    if (got && want) {
      return `The authorization response’s iss is ${got}, the Issuer field says ${want}: set Issuer to ${got} if that server is the right one. Otherwise this is a mix-up between servers (RFC 9207); nothing was exchanged.`;
    }
  }
  if (source === 'authorization_response' && check === 'state') {
    const tail = 'the response was altered or belongs to another attempt (possible CSRF). Start again; nothing was exchanged.';
    if (expected === null && got) return `The response carries a state (${got}) though none was sent: ${tail}`;
    if (received === null && want) return `The response has no state, but ${want} was sent: ${tail}`;
    if (got && want) return `The state returned (${got}) is not the one sent (${want}): ${tail}`;
  }
  if (source === 'metadata' && got && want) {
    if (check === 'issuer') {
      return `The metadata document names another issuer than the one asked for: it says ${got}, the Issuer field gives ${want}. It belongs to another server, or the Issuer field differs by a path or a trailing slash; its endpoints were not used. Set Issuer to ${got} if that server is the right one.`;
    }
    return `The metadata document names another ${check} (${got}) than the one asked for (${want}): it belongs to another server; it was not used.`;
  }
  if (source === 'response_body' && check === 'sub' && got && want) {
    return `The UserInfo response is about another user (sub ${got}) than the ID token (sub ${want}); it was not used (OpenID Connect Core §5.3.2).`;
  }
  if (source === 'response_body' && check === 'token_type' && got) {
    return `The server sent token_type ${got}; expected "Bearer" or "DPoP".`;
  }
  if (source === 'jwt' && time) {
    const at = isoSeconds(time.value);
    const clock = `this computer’s clock says ${isoSeconds(time.now)}`;
    if (check === 'exp') {
      return `The JWT expired at ${at} (exp); ${clock}, past the ${time.tolerance} s tolerance. Get a new token; if it was just issued, this computer’s clock is ahead of the server’s: set it to update automatically.`;
    }
    if (check === 'nbf') {
      return `The JWT is not valid before ${at} (nbf); ${clock}, more than the ${time.tolerance} s tolerance earlier: the clocks of this computer and the server differ. Set the clock to update automatically and try again.`;
    }
    if (check === 'auth_time') return `The sign-in happened at ${at} (auth_time), longer ago than max_age allows; ${clock}. Sign in again.`;
    return `The JWT’s ${check} is ${at}; ${clock}. Check that this computer’s clock is right.`;
  }
  if (source === 'jwt' && check === 'iss' && got && want) {
    return `The token’s iss is ${got}, the Issuer field says ${want}: set Issuer to ${got} if that server is the right one.`;
  }
  if (source === 'jwt' && check === 'aud' && got) {
    if (want) return `The token’s aud is ${got}, the Client ID is ${want}: it was issued to another client. Check the Client ID.`;
    return `The ID token’s aud names other audiences too (${got}) and it has no azp claim saying which one it was issued to (OpenID Connect Core §3.1.3.7). Check the Client ID.`;
  }
  if (source === 'jwt' && check === 'azp' && got && want) {
    return `The ID token’s azp (authorized party) is ${got}, the Client ID is ${want}: it was issued to another client. Check the Client ID.`;
  }
  if (source === 'jwt' && check === 'nonce') {
    const tail = 'it belongs to another request or was replayed.';
    if (expected === null && got) return `The ID token carries a nonce (${got}) though none was sent: ${tail}`;
    if (received === null && want) return `The ID token has no nonce, though ${want} was sent: ${tail}`;
    if (got && want) return `The ID token’s nonce is ${got}, the one sent with this request was ${want}: ${tail}`;
  }
  if (source === 'jwt_header' && check === 'alg' && got) {
    const why = reason ? ALG_REASONS[reason] ?? reason : undefined;
    return `The JWT is signed with alg ${got}${want ? `; expected ${want}${why ? ` (${why})` : ''}` : ', which this app cannot verify'}.`;
  }
  if (source === 'signature') {
    return 'The signature did not verify against the server’s JWKS: the token was altered, or the JWKS URI points to another server’s keys. Check the JWKS URI.';
  }
  if (source === 'key_selection') {
    return `No key in the JWKS${jwksUri ? ` at ${jwksUri}` : ''} fits the JWT’s header (${got ? `kid ${got}` : 'no kid'}${reason ? `, alg ${quote(reason)}` : ''}): the JWKS URI points to another server, or the server has rotated its keys. Check the JWKS URI.`;
  }
  return undefined;
}

function responseOf(cause: unknown): Response | undefined {
  return cause instanceof Response ? cause : undefined;
}

/**
 * What `response` said, for `explainResponse` (the text the exchange log shows too); `body` when
 * oauth4webapi already read it. `clone()` throws once the body was read: the body is then unknown.
 */
async function factsOf(response: Response, body?: string): Promise<ResponseFacts> {
  const header = (name: string) => response.headers.get(name) ?? undefined;
  let text = body;
  try {
    text ??= await response.clone().text();
  } catch {
    // read already: unknown
  }
  return { status: response.status, contentType: header('content-type'), body: text, wwwAuthenticate: header('www-authenticate') };
}

/** The explanation of what `response` said (`explainResponse`, as the exchange log shows it). */
async function explained(response: Response, body?: string): Promise<string> {
  return explainResponse(await factsOf(response, body)).text;
}

/** Reads `{error, error_description}` from a JSON body without consuming the original. */
async function oauthBodyOf(response: Response): Promise<{ error?: string; error_description?: string }> {
  try {
    const json: unknown = await response.clone().json();
    if (typeof json === 'object' && json !== null) {
      const { error, error_description } = json as Record<string, unknown>;
      return {
        ...(typeof error === 'string' ? { error } : {}),
        ...(typeof error_description === 'string' ? { error_description } : {}),
      };
    }
  } catch {
    // not JSON: nothing to add
  }
  return {};
}

/**
 * `error` as a `PlaygroundError`. `what` names the operation for the message ("Token request").
 * Async because a challenge response's body may still hold an OAuth error body worth showing.
 */
export async function describeError(error: unknown, what: string): Promise<PlaygroundError> {
  if (error instanceof PlaygroundError) return error;

  if (error instanceof oauth.ResponseBodyError) {
    return new PlaygroundError(`${what} failed: the server answered ${error.status} with OAuth error “${error.error}”.`, {
      kind: 'oauth_error',
      code: error.error,
      error: error.error,
      error_description: error.error_description,
      status: error.status,
      // oauth4webapi has read (and cancelled) the body: the JSON it parsed is what came.
      hint: await explained(error.response, JSON.stringify(error.cause)),
      cause: error,
    });
  }

  if (error instanceof oauth.AuthorizationResponseError) {
    return new PlaygroundError(`The authorization server sent the user back with error “${error.error}”; no code was issued, nothing was exchanged.`, {
      kind: 'oauth_error',
      code: error.error,
      error: error.error,
      error_description: error.error_description,
      hint: meaningOfOAuthError(error.error, error.error_description),
      cause: error,
    });
  }

  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    const challenge = error.cause[0];
    const fromBody = await oauthBodyOf(error.response);
    const code = challenge?.parameters.error ?? fromBody.error;
    return new PlaygroundError(
      `${what} failed: the server answered ${error.status} with a ${challenge?.scheme ?? ''} authentication challenge${code ? ` (“${code}”)` : ''}.`,
      {
        kind: 'challenge',
        code: code ?? 'www_authenticate_challenge',
        error: code,
        error_description: challenge?.parameters.error_description ?? fromBody.error_description,
        status: error.status,
        wwwAuthenticate: error.response.headers.get('www-authenticate') ?? undefined,
        hint: await explained(error.response),
        cause: error,
      },
    );
  }

  if (error instanceof oauth.OperationProcessingError) {
    const code = error.code ?? 'processing_error';
    const response = responseOf(error.cause);
    const status = response?.status;
    const isHttpError = status !== undefined && (status < 200 || status > 299);
    const contentType = response?.headers.get('content-type');
    // INVALID_RESPONSE is also oauth4webapi's code for failed checks (state, iss, signature); only a
    // cause carrying the response `body` means the body itself was malformed.
    const bodyProblem = code === oauth.PARSE_ERROR || (code === oauth.INVALID_RESPONSE && hasBody(error.cause));
    const kind =
      code === oauth.HTTP_REQUEST_FORBIDDEN || code === oauth.REQUEST_PROTOCOL_FORBIDDEN
        ? 'input'
        : isHttpError || code === oauth.RESPONSE_IS_NOT_CONFORM
          ? 'http'
          : code === oauth.RESPONSE_IS_NOT_JSON
            ? 'not_json'
            : bodyProblem
              ? 'malformed_response'
              : 'protocol';
    const detail =
      kind === 'not_json' ? ` (content-type: ${contentType ?? 'none'})` : isHttpError ? ` (HTTP ${status}${contentType ? `, ${contentType}` : ''})` : '';
    const found = kind === 'protocol' ? failedCheckOf(error) : undefined;
    const answered = response && (kind === 'http' || kind === 'not_json') ? await explained(response) : undefined;
    return new PlaygroundError(`${what} failed: ${error.message}${found ? valuesText(found) : ''}${detail}.`, {
      kind,
      code,
      status,
      hint: kind === 'protocol' ? ((found && checkHint(found)) ?? protocolHint(error.message, code)) : (answered ?? PROCESSING_HINTS[code]),
      cause: error,
    });
  }

  if (error instanceof oauth.UnsupportedOperationError) {
    const found = failedCheckOf(error);
    const tokenType = found?.check === 'token_type' && typeof found.received === 'string' ? found.received : undefined;
    return new PlaygroundError(`${what} failed: ${error.message}${tokenType ? ` (“${tokenType}”)` : ''}.`, {
      kind: 'protocol',
      code: error.code,
      hint: tokenType
        ? `${checkHint(found!)} Only Bearer and DPoP tokens can be used (RFC 6750, RFC 9449); the token was not kept. The server may need another grant or client setting to issue Bearer tokens.`
        : found && checkHint(found),
      cause: error,
    });
  }

  const typeErrorCode = error instanceof TypeError ? (error as unknown as { code?: unknown }).code : undefined;
  if (error instanceof TypeError && typeof typeErrorCode === 'string') {
    // oauth4webapi's argument checks: something the user entered is not usable.
    return new PlaygroundError(`${what} not sent: ${error.message}.`, { kind: 'input', code: typeErrorCode, cause: error });
  }

  const message = error instanceof Error ? error.message : String(error);
  return new PlaygroundError(`${what} failed: ${message}`, { kind: 'unknown', code: 'unknown', cause: error });
}
