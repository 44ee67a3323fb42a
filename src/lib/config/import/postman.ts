/**
 * A Postman collection (v2.0/v2.1) as setups to choose from: every `auth` block (oauth2, apikey,
 * basic, bearer) at collection, folder or request level becomes a scheme, and every request an
 * operation using the block it inherits (`inherit` or none: its folder's, then the collection's).
 * Postman's `{{variables}}` are the playground's too: they stay as written, to be defined under
 * Variables; the collection's own variables are listed.
 * @see https://schema.postman.com/collection/json/v2.1.0/draft-07/docs/index.html
 */
import { PlaygroundError } from '../../errors/playground-error';
import { emptyAuthConfig, emptyTestRequest, REQUEST_METHODS, type AuthConfig, type GrantType, type RequestMethod, type TestRequestConfig } from '../auth-config';
import type { DocumentImport, Operation, SchemeChoice } from './openapi';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '');

/** Whether `doc` is a Postman collection: what its `info.schema` says. */
export function isPostmanCollection(doc: unknown): boolean {
  return isObject(doc) && isObject(doc.info) && /schema\.(getpostman|postman)\.com\/json\/collection\/v2\.[01]/.test(text(doc.info.schema));
}

/** Postman's `[{key, value}]` auth parameters as a map. */
function params(list: unknown): Map<string, string> {
  return new Map(Array.isArray(list) ? list.filter(isObject).map((p) => [text(p.key), text(p.value)] as [string, string]) : []);
}

const GRANTS: Record<string, GrantType> = {
  client_credentials: 'client_credentials',
  authorization_code: 'authorization_code',
  authorization_code_with_pkce: 'authorization_code',
  password_credentials: 'password',
};

/** The playground auth an `auth` block describes, and what of it was filled; undefined for a type it cannot send. */
function authFrom(block: Json): { auth: AuthConfig; filled: string[]; label: string } | undefined {
  const type = text(block.type);
  const p = params(block[type]);
  const auth = emptyAuthConfig();
  if (type === 'oauth2') {
    const grant = GRANTS[p.get('grant_type') ?? 'authorization_code'] ?? 'authorization_code';
    Object.assign(auth.oauth2, {
      grantType: grant,
      tokenUrl: p.get('accessTokenUrl') ?? '',
      authorizationUrl: grant === 'authorization_code' ? (p.get('authUrl') ?? '') : '',
      clientId: p.get('clientId') ?? '',
      clientSecret: p.get('clientSecret') ?? '',
      scope: p.get('scope') ?? '',
      clientAuth: p.get('client_authentication') === 'body' ? 'client_secret_post' : 'client_secret_basic',
      codeChallengeMethod: p.get('challengeAlgorithm') === 'plain' ? 'plain' : 'S256',
      username: p.get('username') ?? '',
      password: p.get('password') ?? '',
    });
    if (grant === 'authorization_code' && !auth.oauth2.clientSecret) auth.oauth2.clientAuth = 'none';
    const filled = ['Auth type', 'Grant type', 'Token URL', ...(auth.oauth2.authorizationUrl ? ['Authorization URL'] : []), 'Client ID', ...(auth.oauth2.clientSecret ? ['Client secret'] : []), ...(auth.oauth2.scope ? ['Scope'] : []), 'Client authentication'];
    return { auth, filled, label: `OAuth 2.0, ${p.get('grant_type') ?? 'authorization_code'}` };
  }
  if (type === 'apikey') {
    auth.authType = 'api_key';
    auth.apiKey = { placement: p.get('in') === 'query' ? 'query' : 'header', name: p.get('key') ?? 'X-API-Key', value: p.get('value') ?? '' };
    return { auth, filled: ['Auth type', 'API key name', 'API key placement', ...(auth.apiKey.value ? ['API key'] : [])], label: 'API key' };
  }
  if (type === 'basic') {
    auth.authType = 'basic';
    auth.basic = { username: p.get('username') ?? '', password: p.get('password') ?? '' };
    return { auth, filled: ['Auth type', 'Username', 'Password'], label: 'Basic' };
  }
  if (type === 'bearer') {
    auth.authType = 'bearer';
    auth.bearer = { token: p.get('token') ?? '' };
    return { auth, filled: ['Auth type', ...(auth.bearer.token ? ['Token'] : [])], label: 'Bearer' };
  }
  return undefined;
}

function testRequestFrom(request: Json): TestRequestConfig {
  const testRequest = emptyTestRequest();
  const method = text(request.method).toUpperCase() as RequestMethod;
  if ((REQUEST_METHODS as readonly string[]).includes(method)) testRequest.method = method;
  testRequest.url = typeof request.url === 'string' ? request.url : isObject(request.url) ? text(request.url.raw) : '';
  testRequest.headers = (Array.isArray(request.header) ? request.header : []).filter((h): h is Json => isObject(h) && h.disabled !== true).map((h) => ({ key: text(h.key), value: text(h.value) }));
  if (isObject(request.body) && request.body.mode === 'raw') testRequest.body = text(request.body.raw);
  return testRequest;
}

/** Reads a Postman collection. @throws PlaygroundError `invalid_import` when nothing in it can be used. */
export function readPostman(doc: Json): DocumentImport {
  const info = doc.info as Json;
  const schemes: SchemeChoice[] = [];
  const operations: Operation[] = [];
  const ignored: string[] = [];
  const blockIds = new Map<Json, string>();

  const scheme = (block: unknown, where: string): string | undefined => {
    if (!isObject(block) || block.type === 'noauth' || block.type === 'inherit') return undefined;
    const known = blockIds.get(block);
    if (known) return known;
    const read = authFrom(block);
    if (!read) {
      ignored.push(`${where}: ${text(block.type)} auth is not one this playground sends`);
      return undefined;
    }
    const id = `${where} (${read.label})`;
    blockIds.set(block, id);
    schemes.push({
      label: id,
      scheme: id,
      scopes: [],
      setup: (_, operation) => ({ auth: structuredClone(read.auth), testRequest: operation?.request ? { ...operation.request, headers: operation.request.headers.map((row) => ({ ...row })) } : emptyTestRequest(), filled: [...read.filled, ...(operation ? ['Method', 'Request URL'] : [])], ignored }),
    });
    return id;
  };

  const walk = (items: unknown, inherited: string | undefined, path: string[], depth: number) => {
    if (!Array.isArray(items) || depth > 20) return;
    for (const item of items.filter(isObject)) {
      const name = text(item.name) || 'Untitled';
      const own = isObject(item.request) ? item.request.auth : item.auth;
      const explicitNone = isObject(own) && own.type === 'noauth';
      const using = explicitNone ? undefined : (scheme(own, [...path, name].join(' / ')) ?? inherited);
      if (Array.isArray(item.item)) walk(item.item, using, [...path, name], depth + 1);
      else if (isObject(item.request) || typeof item.request === 'string') {
        const request = typeof item.request === 'string' ? { url: item.request, method: 'GET' } : item.request;
        const method = (text(request.method).toUpperCase() || 'GET') as RequestMethod;
        operations.push({ label: `${[...path, name].join(' / ')} (${method})`, method, path: '', operationId: undefined, schemes: using ? [using] : [], request: testRequestFrom(request) });
      }
    }
  };
  walk(doc.item, scheme(doc.auth, text(info.name) || 'Collection'), [], 0);
  if (schemes.length === 0) throw new PlaygroundError('This Postman collection has no auth this playground can use (oauth2, apikey, basic or bearer), at collection, folder or request level. Nothing was changed.', { kind: 'input', code: 'invalid_import', hint: 'Set the auth on the collection in Postman (Authorization tab), export it as Collection v2.1 and paste it again.' });
  const variables = Array.isArray(doc.variable) ? doc.variable.filter(isObject).map((v) => text(v.key)).filter(Boolean) : [];
  if (variables.length) ignored.push(`collection variables ${variables.map((name) => `{{${name}}}`).join(', ')}: define them under Variables`);
  return { title: text(info.name) || 'Postman collection', server: '', schemes, operations, ignored };
}
