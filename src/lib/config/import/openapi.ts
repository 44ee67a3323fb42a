/**
 * An OpenAPI 3.0/3.1 document's security schemes as setups to choose from: each `oauth2` flow
 * (client credentials, authorization code, password), `openIdConnect` (the issuer, discovered when
 * a request needs its endpoints), `apiKey` (header or query) and `http` basic/bearer. Scopes come
 * from the flow; the test request from `servers[0]` and the document's operations, the first
 * operation that uses the scheme preselected.
 * @see https://spec.openapis.org/oas/v3.1.0#security-scheme-object
 */
import { PlaygroundError } from '../../errors/playground-error';
import { emptyAuthConfig, emptyTestRequest, REQUEST_METHODS, type GrantType, type RequestMethod } from '../auth-config';
import type { ImportedSetup } from './curl-setup';

export interface Operation {
  /** `GET /pets/{id}`, with the operationId or summary after it when there is one. */
  label: string;
  method: RequestMethod;
  path: string;
  operationId: string | undefined;
  /** The security schemes it may use (its own `security`, or the document's). */
  schemes: string[];
}

export interface SchemeChoice {
  /** `petstore_auth (Client Credentials)`: the scheme's name, and the flow for oauth2. */
  label: string;
  scheme: string;
  /** The flow's scopes, with their descriptions; empty for other schemes. */
  scopes: [string, string][];
  /** The setup with `scopes` in Scope and `operation` as the test request. */
  setup(scopes: readonly string[], operation: Operation | undefined): ImportedSetup;
}

export interface OpenApiImport {
  title: string;
  server: string;
  schemes: SchemeChoice[];
  operations: Operation[];
  /** What the document has that was not taken over. */
  ignored: string[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function refuse(message: string): PlaygroundError {
  return new PlaygroundError(`${message} Nothing was changed.`, { kind: 'input', code: 'invalid_import', hint: 'Paste an OpenAPI 3.0 or 3.1 document (JSON or YAML) with components.securitySchemes.' });
}

const FLOWS: [string, GrantType, string][] = [
  ['clientCredentials', 'client_credentials', 'Client Credentials'],
  ['authorizationCode', 'authorization_code', 'Authorization Code'],
  ['password', 'password', 'Password'],
];

/** Reads `doc` (already parsed from JSON or YAML). @throws PlaygroundError `invalid_import`. */
export function readOpenApi(doc: unknown): OpenApiImport {
  if (!isObject(doc)) throw refuse('This is not an OpenAPI document: it is not an object.');
  if (typeof doc.swagger === 'string') throw refuse('This is a Swagger 2.0 document; only OpenAPI 3.0 and 3.1 are read (convert it first, e.g. with swagger2openapi).');
  if (!/^3\.[01]\./.test(text(doc.openapi))) throw refuse('This is not an OpenAPI 3.0 or 3.1 document: its “openapi” field is missing or another version.');
  const info = isObject(doc.info) ? doc.info : {};
  const servers = Array.isArray(doc.servers) ? doc.servers : [];
  const server = text(isObject(servers[0]) ? servers[0].url : '').replace(/\/$/, '');
  const resolve = (url: string) => (/^[a-z][a-z0-9+.-]*:/i.test(url) || !server ? url : new URL(url, `${server}/`).href);
  const definitions = isObject(doc.components) && isObject(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  const ignored: string[] = [];
  const operations = readOperations(doc);
  const schemes: SchemeChoice[] = [];
  for (const [name, definition] of Object.entries(definitions)) {
    if (!isObject(definition)) continue;
    const type = text(definition.type);
    const testRequest = (operation: Operation | undefined) => ({ ...emptyTestRequest(), method: operation?.method ?? 'GET', url: `${server}${operation?.path ?? ''}` });
    const base = (filled: string[]) => ({ filled: [...filled, ...(server ? ['Request URL'] : [])], ignored });
    if (type === 'oauth2' && isObject(definition.flows)) {
      const flows = definition.flows;
      for (const [key, grantType, label] of FLOWS) {
        const flow = flows[key];
        if (!isObject(flow)) continue;
        const scopes: [string, string][] = isObject(flow.scopes) ? Object.entries(flow.scopes).map(([scope, description]) => [scope, text(description)]) : [];
        schemes.push({
          label: `${name} (${label})`,
          scheme: name,
          scopes,
          setup: (chosen, operation) => {
            const auth = emptyAuthConfig();
            Object.assign(auth.oauth2, { grantType, tokenUrl: resolve(text(flow.tokenUrl)), authorizationUrl: grantType === 'authorization_code' ? resolve(text(flow.authorizationUrl)) : '', scope: chosen.join(' '), clientAuth: grantType === 'authorization_code' ? 'none' : 'client_secret_basic' });
            const filled = ['Auth type', 'Grant type', 'Token URL', ...(grantType === 'authorization_code' ? ['Authorization URL'] : []), ...(chosen.length ? ['Scope'] : [])];
            return { auth, testRequest: testRequest(operation), ...base(filled) };
          },
        });
      }
      for (const key of Object.keys(flows)) if (!FLOWS.some(([known]) => known === key)) ignored.push(`${name}: the ${key} flow`);
    } else if (type === 'openIdConnect') {
      const issuer = resolve(text(definition.openIdConnectUrl)).replace(/\/\.well-known\/openid-configuration$/, '');
      schemes.push({
        label: `${name} (OpenID Connect)`,
        scheme: name,
        scopes: [['openid', 'OpenID Connect']],
        setup: (chosen, operation) => {
          const auth = emptyAuthConfig();
          Object.assign(auth.oauth2, { grantType: 'authorization_code', issuer, scope: chosen.join(' '), clientAuth: 'none' });
          return { auth, testRequest: testRequest(operation), ...base(['Auth type', 'Grant type', 'Issuer', ...(chosen.length ? ['Scope'] : [])]) };
        },
      });
    } else if (type === 'apiKey' && (definition.in === 'header' || definition.in === 'query')) {
      schemes.push({
        label: `${name} (API key in ${definition.in})`,
        scheme: name,
        scopes: [],
        setup: (_, operation) => {
          const auth = emptyAuthConfig();
          auth.authType = 'api_key';
          auth.apiKey = { placement: definition.in as 'header' | 'query', name: text(definition.name), value: '' };
          return { auth, testRequest: testRequest(operation), ...base(['Auth type', 'API key name', 'API key placement']) };
        },
      });
    } else if (type === 'http' && ['basic', 'bearer'].includes(text(definition.scheme).toLowerCase())) {
      const kind = text(definition.scheme).toLowerCase() as 'basic' | 'bearer';
      schemes.push({
        label: `${name} (HTTP ${kind})`,
        scheme: name,
        scopes: [],
        setup: (_, operation) => {
          const auth = emptyAuthConfig();
          auth.authType = kind;
          return { auth, testRequest: testRequest(operation), ...base(['Auth type']) };
        },
      });
    } else ignored.push(`${name}: a ${type || 'typeless'} scheme${definition.in ? ` in ${text(definition.in)}` : ''} is not one this playground sends`);
  }
  if (schemes.length === 0) throw refuse('This OpenAPI document has no security scheme this playground can use (oauth2, openIdConnect, apiKey, http basic or bearer).');
  return { title: text(info.title) || 'OpenAPI document', server, schemes, operations, ignored };
}

function readOperations(doc: Json): Operation[] {
  const global = schemeNames(doc.security);
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item)) continue;
    for (const [method, operation] of Object.entries(item)) {
      const upper = method.toUpperCase() as RequestMethod;
      if (!(REQUEST_METHODS as readonly string[]).includes(upper) || !isObject(operation)) continue;
      const operationId = text(operation.operationId) || undefined;
      const about = operationId ?? (text(operation.summary) || undefined);
      out.push({ label: `${upper} ${path}${about ? ` (${about})` : ''}`, method: upper, path, operationId, schemes: operation.security === undefined ? global : schemeNames(operation.security) });
    }
  }
  return out;
}

function schemeNames(security: unknown): string[] {
  return Array.isArray(security) ? security.flatMap((requirement) => (isObject(requirement) ? Object.keys(requirement) : [])) : [];
}

/** The operation to preselect for `scheme`: the one named, else the first that uses it, else the first. */
export function operationFor(openapi: OpenApiImport, scheme: string, operationId?: string): Operation | undefined {
  return openapi.operations.find((op) => operationId !== undefined && op.operationId === operationId) ?? openapi.operations.find((op) => op.schemes.includes(scheme)) ?? openapi.operations[0];
}
