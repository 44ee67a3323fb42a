/**
 * The test request: what the user typed, with the current auth attached, sent and read back.
 * Bearer requests go through oauth4webapi's `protectedResourceRequest` (RFC 6750); Basic and API
 * key requests through the same recording fetch.
 */
import * as oauth from 'oauth4webapi';
import { filledRows, type ApiKeyPlacement, type TestRequestConfig } from '../config/auth-config';
import { PlaygroundError } from '../errors/playground-error';
import type { ProtocolContext } from '../oauth/context';
import { REQUEST_TIMEOUT_MS, requireUrl } from '../oauth/validate';
import { withNonceRetry } from '../oauth/dpop';
import { basicAuthorization } from './basic-credentials';
import { mayUseInsecureHttp } from './insecure';

/** The credentials attached to a test request. */
export type AttachedAuth =
  | { kind: 'bearer'; token: string }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'api_key'; placement: ApiKeyPlacement; name: string; value: string }
  | { kind: 'none' };

export interface PreparedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string | null;
}

export interface TestResponse {
  status: number;
  statusText: string;
  headers: [string, string][];
  contentType: string;
  body: string;
  durationMs: number;
  /** The raw `WWW-Authenticate` header of a challenge. */
  wwwAuthenticate?: string;
  /** The challenge as oauth4webapi parsed it (Bearer requests). */
  challenges?: { scheme: string; parameters: Record<string, string | undefined> }[];
}

/** `Basic base64(user:password)` with UTF-8 bytes. @see https://www.rfc-editor.org/rfc/rfc7617#section-2 */
export { basicAuthorization };

function inputError(message: string, hint?: string): PlaygroundError {
  return new PlaygroundError(message, { kind: 'input', code: 'invalid_request_input', hint });
}

function graphqlBody(config: TestRequestConfig): string {
  if (config.query.trim() === '') throw inputError('The GraphQL query is empty.', 'Write a query such as { me { id } }.');
  let variables: unknown;
  if (config.variables.trim() !== '') {
    try {
      variables = JSON.parse(config.variables);
    } catch {
      throw inputError('GraphQL variables are not valid JSON.', 'Write variables as a JSON object, e.g. { "id": "42" }.');
    }
    if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) {
      throw inputError('GraphQL variables must be a JSON object.', 'Write variables as a JSON object, e.g. { "id": "42" }.');
    }
  }
  return JSON.stringify(variables === undefined ? { query: config.query } : { query: config.query, variables });
}

/**
 * The request to send: URL checked, user headers added, the auth attached, GraphQL wrapped as a
 * JSON POST. Throws a `PlaygroundError` of kind `input` for anything that cannot be sent.
 */
export function prepareTestRequest(config: TestRequestConfig, auth: AttachedAuth): PreparedRequest {
  const url = requireUrl(config.url, 'Request URL');
  const graphql = config.mode === 'graphql';
  const method = graphql ? 'POST' : config.method;
  let headers: Headers;
  try {
    headers = new Headers(filledRows(config.headers).map(({ key, value }) => [key, value] as [string, string]));
  } catch (cause) {
    throw new PlaygroundError('A request header has an invalid name or value.', { kind: 'input', code: 'invalid_header', cause });
  }
  let body: string | null = graphql ? graphqlBody(config) : config.body === '' ? null : config.body;
  if (body !== null && (method === 'GET' || method === 'HEAD')) {
    throw inputError(`A ${method} request cannot carry a body.`, 'Choose POST, PUT or PATCH, or empty the Body.');
  }
  if (body !== null && !headers.has('content-type')) {
    const looksJson = graphql || /^\s*[[{]/.test(body);
    if (looksJson) headers.set('content-type', 'application/json');
  }
  if (graphql && !headers.has('accept')) headers.set('accept', 'application/graphql-response+json, application/json');

  switch (auth.kind) {
    case 'basic':
      headers.set('authorization', basicAuthorization(auth.username, auth.password));
      break;
    case 'api_key':
      if (auth.name.trim() === '') throw inputError('The API key’s Header name is empty.', 'Enter the header or query parameter name the API expects.');
      if (auth.placement === 'header') {
        try {
          headers.set(auth.name.trim(), auth.value);
        } catch (cause) {
          throw new PlaygroundError(`“${auth.name}” is not a valid header name.`, { kind: 'input', code: 'invalid_header', cause });
        }
      } else url.searchParams.set(auth.name.trim(), auth.value);
      break;
    case 'bearer':
    case 'none':
      break; // Bearer is attached by oauth4webapi when sending
  }
  body = body ?? null;
  return { method, url, headers, body };
}

async function toTestResponse(response: Response, durationMs: number, challenges?: TestResponse['challenges']): Promise<TestResponse> {
  const body = await response.text();
  const result: TestResponse = {
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers.entries()],
    contentType: response.headers.get('content-type') ?? '',
    body,
    durationMs,
  };
  const header = response.headers.get('www-authenticate');
  if (header !== null) result.wwwAuthenticate = header;
  if (challenges) result.challenges = challenges;
  return result;
}

/**
 * Sends `prepared` with `auth`. Any HTTP status is a result, not an error; only transport failures
 * (network, CORS, time-out) and refused input throw.
 */
export async function sendTestRequest(prepared: PreparedRequest, auth: AttachedAuth, ctx: ProtocolContext): Promise<TestResponse> {
  const insecureOk = mayUseInsecureHttp(prepared.url, ctx.allowInsecureHttp);
  const started = ctx.now();
  if (auth.kind === 'bearer') {
    try {
      const response = await withNonceRetry(() =>
        oauth.protectedResourceRequest(auth.token, prepared.method, prepared.url, new Headers(prepared.headers), prepared.body, {
          // the body is always a string or null here (see prepareTestRequest)
          [oauth.customFetch]: (url, options) => ctx.fetch(url, options as RequestInit),
          [oauth.allowInsecureRequests]: insecureOk,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          ...(ctx.dpop ? { DPoP: ctx.dpop } : {}),
        }),
      );
      return await toTestResponse(response, ctx.now() - started);
    } catch (error) {
      if (error instanceof oauth.WWWAuthenticateChallengeError) {
        const challenges = error.cause.map(({ scheme, parameters }) => ({ scheme, parameters: { ...parameters } }));
        return await toTestResponse(error.response, ctx.now() - started, challenges);
      }
      throw error;
    }
  }
  oauth.checkProtocol(prepared.url, !insecureOk);
  const response = await ctx.fetch(prepared.url.href, {
    method: prepared.method,
    headers: prepared.headers,
    body: prepared.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  return toTestResponse(response, ctx.now() - started);
}

export { formatBody } from './body';
