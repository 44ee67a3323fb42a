/**
 * The vendor variant of client credentials that posts `{"client_id","client_secret"}` as JSON
 * (Clazar's `/authenticate/`). oauth4webapi only sends forms, so this uses the injected fetch and
 * validates the answer with the same rules as RFC 6749 §5.1, except that a missing `token_type`
 * is taken as `bearer` (these endpoints often omit it).
 */
import * as oauth from 'oauth4webapi';
import { filledRows, type OAuth2Settings } from '../config/auth-config';
import { PlaygroundError } from '../errors/playground-error';
import { explainOAuthError } from '../errors/oauth-error-codes';
import { mayUseInsecureHttp } from '../http/insecure';
import type { ProtocolContext } from './context';
import { extraHeaders } from './client-credentials';
import { toTokenSet, type TokenSet } from './token-set';
import { REQUEST_TIMEOUT_MS, requireText, requireUrl } from './validate';

/** The JSON body: client_id, client_secret, scope when set, and extra parameters as string fields. */
export function jsonTokenRequestBody(settings: OAuth2Settings): Record<string, string> {
  const body: Record<string, string> = { client_id: settings.clientId.trim(), client_secret: settings.clientSecret };
  if (settings.scope.trim() !== '') body.scope = settings.scope.trim();
  for (const { key, value } of filledRows(settings.extraParams)) body[key] = value;
  return body;
}

function isJsonContentType(response: Response): boolean {
  const type = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || type.endsWith('+json');
}

async function parseBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch (cause) {
    if (!isJsonContentType(response)) {
      throw new PlaygroundError(
        `Token request failed: the server answered ${response.status} with ${response.headers.get('content-type') ?? 'no content-type'}, not JSON.`,
        {
          kind: response.ok ? 'not_json' : 'http',
          code: oauth.RESPONSE_IS_NOT_JSON,
          status: response.status,
          hint: 'The Token URL may point at a web page rather than the token endpoint.',
          cause,
        },
      );
    }
    throw new PlaygroundError('Token request failed: the body is not valid JSON (cut off or malformed).', {
      kind: 'malformed_response',
      code: oauth.PARSE_ERROR,
      status: response.status,
      hint: 'Look at the raw response below.',
      cause,
    });
  }
}

function malformed(message: string): PlaygroundError {
  return new PlaygroundError(`Token request failed: ${message}.`, {
    kind: 'malformed_response',
    code: oauth.INVALID_RESPONSE,
    hint: 'A token response needs a string `access_token`; `expires_in`, when present, must be a non-negative number.',
  });
}

/**
 * Requests a token by posting the client credentials as JSON. Throws `PlaygroundError`s for every
 * failure (bad input, HTTP error with or without an OAuth error body, non-JSON, malformed JSON).
 */
export async function requestJsonBodyToken(settings: OAuth2Settings, ctx: ProtocolContext): Promise<TokenSet> {
  const tokenUrl = requireUrl(settings.tokenUrl, 'Token URL');
  requireText(settings.clientId, 'Client ID');
  requireText(settings.clientSecret, 'Client secret');
  oauth.checkProtocol(tokenUrl, !mayUseInsecureHttp(tokenUrl, ctx.allowInsecureHttp));

  const headers = extraHeaders(settings);
  headers.set('content-type', 'application/json');
  headers.set('accept', 'application/json');
  const response = await ctx.fetch(tokenUrl.href, {
    method: 'POST',
    headers,
    body: JSON.stringify(jsonTokenRequestBody(settings)),
    redirect: 'manual',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const json = await parseBody(response);
  const fields = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : null;

  if (!response.ok) {
    const error = typeof fields?.error === 'string' ? fields.error : undefined;
    const description =
      typeof fields?.error_description === 'string' ? fields.error_description : typeof fields?.detail === 'string' ? fields.detail : undefined;
    throw new PlaygroundError(
      `Token request failed: the server answered ${response.status}${error ? ` with OAuth error “${error}”` : ''}${description ? `: ${description}` : ''}.`,
      {
        kind: error ? 'oauth_error' : 'http',
        code: error ?? `http_${response.status}`,
        error,
        error_description: description,
        status: response.status,
        hint:
          explainOAuthError(error) ??
          (response.status === 401 || response.status === 403
            ? 'The server did not accept the client ID and secret. Check both, and that this endpoint expects them as a JSON body.'
            : 'Look at the raw response below.'),
      },
    );
  }
  if (!fields) throw malformed('the body is not a JSON object');
  if (typeof fields.access_token !== 'string' || fields.access_token === '') throw malformed('"access_token" is missing or not a string');
  if (fields.token_type !== undefined && typeof fields.token_type !== 'string') throw malformed('"token_type" is not a string');
  let expiresIn = fields.expires_in;
  if (typeof expiresIn === 'string' && expiresIn.trim() !== '' && Number.isFinite(Number(expiresIn))) expiresIn = Number(expiresIn);
  if (expiresIn !== undefined && (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn < 0)) {
    throw malformed('"expires_in" is not a non-negative number');
  }
  return toTokenSet({ ...fields, token_type: fields.token_type ?? 'bearer', expires_in: expiresIn }, ctx.now(), settings.scope);
}
