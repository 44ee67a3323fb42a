/**
 * The playground setup a curl command describes. A token request (a `grant_type`, or client
 * credentials posted as JSON, Clazar-style) fills the OAuth settings: token URL, grant, client
 * ID and secret and how they are sent (`-u` and a Basic header as curl sends them: as typed), scope,
 * the other parameters and headers as extras. Any other request fills the test request, its
 * `Authorization` or API-key header becoming the auth type. Secrets land in the form as if typed.
 */
import { formUrlEncode, readBasic } from '../../http/basic-credentials';
import { emptyAuthConfig, emptyTestRequest, GRANT_TYPES, REQUEST_METHODS, type AuthConfig, type GrantType, type KeyValue, type RequestMethod, type TestRequestConfig } from '../auth-config';
import type { CurlRequest } from './curl';

export interface ImportedSetup {
  auth: AuthConfig;
  testRequest: TestRequestConfig;
  /** What was filled, by the public names of the fields (`Token URL`, `Client secret`...). */
  filled: string[];
  /** What was not taken over, and why. */
  ignored: string[];
}

/** Headers the playground sets itself for a token request. */
const OWN_TOKEN_HEADERS = new Set(['content-type', 'accept', 'authorization', 'content-length', 'user-agent', 'host']);
/** Token-request parameters with a field of their own, or set by the flow. */
const FLOW_PARAMS = new Set(['grant_type', 'client_id', 'client_secret', 'scope', 'username', 'password', 'code', 'code_verifier', 'redirect_uri', 'refresh_token', 'device_code']);
/** Header names that carry an API key (the API key auth type's usual names). */
const API_KEY_HEADER = /^(x-)?api[-_]?key$|^apikey$|^x-auth-key$/i;

const headerValue = (request: CurlRequest, name: string) => request.headers.find(([key]) => key.toLowerCase() === name)?.[1];

function bodyFields(request: CurlRequest): { kind: 'form' | 'json'; fields: [string, string][] } | undefined {
  const body = request.body?.trim();
  if (!body) return undefined;
  if (body.startsWith('{')) {
    try {
      const json: unknown = JSON.parse(body);
      if (json && typeof json === 'object' && !Array.isArray(json)) {
        return { kind: 'json', fields: Object.entries(json).filter(([, v]) => typeof v === 'string' || typeof v === 'number').map(([k, v]) => [k, String(v)]) };
      }
    } catch {
      return undefined;
    }
    return undefined;
  }
  if (/^[^=&\s]+=[^&]*(&[^=&\s]+=[^&]*)*$/.test(body)) return { kind: 'form', fields: [...new URLSearchParams(body)] };
  return undefined;
}

/** Whether `request` asks for a token: a grant type, or client credentials posted to the URL. */
function isTokenRequest(request: CurlRequest, fields: [string, string][] | undefined): boolean {
  const names = new Set(fields?.map(([name]) => name));
  return names.has('grant_type') || (names.has('client_id') && names.has('client_secret'));
}

export function setupFromCurl(request: CurlRequest): ImportedSetup {
  const parsed = bodyFields(request);
  return isTokenRequest(request, parsed?.fields) ? tokenSetup(request, parsed!) : apiSetup(request);
}

function tokenSetup(request: CurlRequest, { kind, fields }: { kind: 'form' | 'json'; fields: [string, string][] }): ImportedSetup {
  const auth = emptyAuthConfig();
  const o = auth.oauth2;
  const filled = ['Auth type', 'Token URL'];
  const ignored = [...request.ignored];
  o.tokenUrl = request.url;
  const field = (name: string) => fields.find(([key]) => key === name)?.[1];
  const grant = field('grant_type');
  if (grant && (GRANT_TYPES as readonly string[]).includes(grant)) {
    o.grantType = grant as GrantType;
    filled.push('Grant type');
  } else if (grant) ignored.push(`grant_type=${grant}: not a grant this playground runs; Client Credentials is selected`);
  else if (kind === 'json') filled.push('Grant type');
  const user = request.user ? { username: request.user.name, password: request.user.password, encoding: 'as_typed' as const } : readBasic(headerValue(request, 'authorization') ?? '');
  if (user) {
    o.clientId = user.username;
    o.clientSecret = user.password;
    o.clientAuth = 'client_secret_basic';
    // `-u` sends the values as typed; a Basic header says how it was written (readBasic)
    const changes = formUrlEncode(user.username) !== user.username || formUrlEncode(user.password) !== user.password;
    if (user.encoding === 'as_typed' && changes) o.basicEncoding = 'as_typed';
    filled.push('Client ID', 'Client secret', 'Client authentication', ...(o.basicEncoding === 'as_typed' ? ['Basic encoding'] : []));
  } else if (field('client_id') !== undefined) {
    o.clientId = field('client_id')!;
    o.clientSecret = field('client_secret') ?? '';
    o.clientAuth = kind === 'json' ? 'json_body' : field('client_secret') !== undefined ? 'client_secret_post' : 'none';
    filled.push('Client ID', ...(o.clientSecret ? ['Client secret'] : []), 'Client authentication');
  }
  if (field('scope') !== undefined) {
    o.scope = field('scope')!;
    filled.push('Scope');
  }
  if (o.grantType === 'password') {
    o.username = field('username') ?? '';
    o.password = field('password') ?? '';
    filled.push('Username', 'Password');
  }
  for (const name of ['code', 'code_verifier', 'refresh_token', 'device_code', 'redirect_uri']) {
    if (field(name) !== undefined) ignored.push(`${name}: the flow gets its own`);
  }
  o.extraParams = fields.filter(([name]) => !FLOW_PARAMS.has(name)).map(([key, value]) => ({ key, value }));
  if (o.extraParams.length) filled.push(`Extra parameters (${o.extraParams.map((row) => row.key).join(', ')})`);
  o.extraHeaders = request.headers.filter(([name]) => !OWN_TOKEN_HEADERS.has(name.toLowerCase())).map(([key, value]) => ({ key, value }));
  if (o.extraHeaders.length) filled.push(`Extra headers (${o.extraHeaders.map((row) => row.key).join(', ')})`);
  if (request.method !== 'POST') ignored.push(`-X ${request.method}: a token request is a POST`);
  return { auth, testRequest: emptyTestRequest(), filled, ignored };
}

function apiSetup(request: CurlRequest): ImportedSetup {
  const auth = emptyAuthConfig();
  const testRequest = emptyTestRequest();
  const filled = ['Method', 'Request URL'];
  const ignored = [...request.ignored];
  const method = request.method as RequestMethod;
  if ((REQUEST_METHODS as readonly string[]).includes(method)) testRequest.method = method;
  else ignored.push(`-X ${request.method}: not a method the test request sends`);
  testRequest.url = request.url;
  let headers: KeyValue[] = request.headers.map(([key, value]) => ({ key, value }));
  const authorization = headerValue(request, 'authorization');
  const bearer = authorization && /^Bearer\s+(.+)$/i.exec(authorization)?.[1];
  const basic = request.user ? { username: request.user.name, password: request.user.password } : authorization ? readBasic(authorization) : undefined;
  const apiKey = headers.find((row) => API_KEY_HEADER.test(row.key));
  if (bearer) {
    auth.authType = 'bearer';
    auth.bearer.token = bearer;
    filled.push('Auth type', 'Token');
  } else if (basic) {
    auth.authType = 'basic';
    auth.basic = { username: basic.username, password: basic.password };
    filled.push('Auth type', 'Username', 'Password');
  } else if (apiKey) {
    auth.authType = 'api_key';
    auth.apiKey = { placement: 'header', name: apiKey.key, value: apiKey.value };
    filled.push('Auth type', 'API key');
    headers = headers.filter((row) => row !== apiKey);
  }
  if (bearer || basic) headers = headers.filter((row) => row.key.toLowerCase() !== 'authorization');
  testRequest.headers = headers.filter((row) => !['content-length', 'host'].includes(row.key.toLowerCase()));
  if (testRequest.headers.length) filled.push(`Request headers (${testRequest.headers.map((row) => row.key).join(', ')})`);
  if (request.body !== undefined) {
    testRequest.body = request.body;
    filled.push('Body');
  }
  return { auth, testRequest, filled, ignored };
}
