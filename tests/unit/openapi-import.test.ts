/**
 * Issue 16: an OpenAPI 3.0/3.1 document's security schemes as setups. The documents are written
 * in the shapes API vendors publish (Petstore-style oauth2 with two flows, an OpenID Connect URL,
 * API keys in a header and in the query, http bearer), in JSON and YAML; malformed and hostile
 * documents are refused with a clear message.
 */
import { describe, expect, it } from 'vitest';
import { operationFor, readImportText } from '../../src/lib/config/import/index';
import type { OpenApiImport } from '../../src/lib/config/import/openapi';

const PETSTORE_YAML = `openapi: 3.0.3
info:
  title: Petstore
  version: 1.0.0
servers:
  - url: https://api.petstore.example/v1/
security:
  - api_key: []
paths:
  /pets:
    get:
      operationId: listPets
      security:
        - petstore_auth: [read:pets]
  /pets/{petId}:
    delete:
      summary: Delete a pet
  /health:
    get:
      operationId: health
components:
  securitySchemes:
    petstore_auth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: /oauth/token
          scopes:
            read:pets: read your pets
            write:pets: modify pets in your account
        authorizationCode:
          authorizationUrl: https://auth.petstore.example/authorize
          tokenUrl: https://auth.petstore.example/token
          scopes:
            read:pets: read your pets
        implicit:
          authorizationUrl: https://auth.petstore.example/authorize
          scopes: {}
    api_key:
      type: apiKey
      name: X-Pet-Key
      in: header
    session:
      type: apiKey
      name: sid
      in: cookie
`;

async function openapi(text: string): Promise<OpenApiImport> {
  const read = await readImportText(text);
  if (read.kind !== 'openapi') throw new Error('not read as OpenAPI');
  return read.openapi;
}

describe('readImportText: OpenAPI documents', () => {
  it('offers each oauth2 flow and API-key scheme, with the flow’s scopes, and says what it left out', async () => {
    const doc = await openapi(PETSTORE_YAML);
    expect(doc.title).toBe('Petstore');
    expect(doc.server).toBe('https://api.petstore.example/v1');
    expect(doc.schemes.map((s) => s.label)).toEqual(['petstore_auth (Client Credentials)', 'petstore_auth (Authorization Code)', 'api_key (API key in header)']);
    expect(doc.schemes[0]!.scopes).toEqual([['read:pets', 'read your pets'], ['write:pets', 'modify pets in your account']]);
    expect(doc.ignored).toEqual(['petstore_auth: the implicit flow', 'session: a apiKey scheme in cookie is not one this playground sends']);
  });

  it('client credentials: the token URL resolved against the server, the chosen scopes, the operation that uses the scheme', async () => {
    const doc = await openapi(PETSTORE_YAML);
    const operation = operationFor(doc, 'petstore_auth');
    expect(operation?.label).toBe('GET /pets (listPets)');
    const { auth, testRequest, filled } = doc.schemes[0]!.setup(['read:pets'], operation);
    expect(auth.oauth2).toMatchObject({ grantType: 'client_credentials', tokenUrl: 'https://api.petstore.example/oauth/token', scope: 'read:pets' }); // RFC 3986: /oauth/token against the server URL
    expect(testRequest).toMatchObject({ method: 'GET', url: 'https://api.petstore.example/v1/pets' });
    expect(filled).toEqual(['Auth type', 'Grant type', 'Token URL', 'Scope', 'Request URL']);
  });

  it('authorization code: a public client with PKCE; an API key in a header; the document’s own security for operations without any', async () => {
    const doc = await openapi(PETSTORE_YAML);
    expect(doc.schemes[1]!.setup([], undefined).auth.oauth2).toMatchObject({ grantType: 'authorization_code', authorizationUrl: 'https://auth.petstore.example/authorize', tokenUrl: 'https://auth.petstore.example/token', clientAuth: 'none', codeChallengeMethod: 'S256', scope: '' });
    const key = doc.schemes[2]!.setup([], operationFor(doc, 'api_key'));
    expect(key.auth).toMatchObject({ authType: 'api_key', apiKey: { placement: 'header', name: 'X-Pet-Key', value: '' } });
    expect(key.testRequest).toMatchObject({ method: 'DELETE', url: 'https://api.petstore.example/v1/pets/{petId}' });
    expect(operationFor(doc, 'api_key', 'health')?.path).toBe('/health');
  });

  it('JSON 3.1: openIdConnect becomes an issuer, http bearer and basic their auth types, a query API key its placement', async () => {
    const doc = await openapi(JSON.stringify({
      openapi: '3.1.0',
      info: { title: 'Nexar-like', version: '1' },
      servers: [{ url: 'https://api.example.com' }],
      paths: {},
      components: {
        securitySchemes: {
          oidc: { type: 'openIdConnect', openIdConnectUrl: 'https://identity.example.com/.well-known/openid-configuration' },
          token: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          basic: { type: 'http', scheme: 'Basic' },
          key: { type: 'apiKey', in: 'query', name: 'api_key' },
          mtls: { type: 'mutualTLS' },
        },
      },
    }));
    expect(doc.schemes.map((s) => s.label)).toEqual(['oidc (OpenID Connect)', 'token (HTTP bearer)', 'basic (HTTP basic)', 'key (API key in query)']);
    expect(doc.schemes[0]!.setup(['openid'], undefined).auth.oauth2).toMatchObject({ grantType: 'authorization_code', issuer: 'https://identity.example.com', scope: 'openid' });
    expect(doc.schemes[1]!.setup([], undefined).auth.authType).toBe('bearer');
    expect(doc.schemes[2]!.setup([], undefined).auth.authType).toBe('basic');
    expect(doc.schemes[3]!.setup([], undefined).auth.apiKey).toMatchObject({ placement: 'query', name: 'api_key' });
    expect(doc.ignored).toEqual(['mtls: a mutualTLS scheme is not one this playground sends']);
  });
});

describe('readImportText refuses documents it cannot use, changing nothing', () => {
  it.each([
    ['Swagger 2.0', '{"swagger":"2.0","info":{}}', /Swagger 2\.0 document/],
    ['another openapi version', 'openapi: 4.0.0\ninfo: {}', /not an OpenAPI 3\.0 or 3\.1 document/],
    ['no usable scheme', 'openapi: 3.1.0\ninfo: {title: x}\ncomponents:\n  securitySchemes:\n    m: {type: mutualTLS}', /no security scheme this playground can use/],
    ['broken JSON', '{"openapi": "3.1.0",', /not valid JSON/],
    ['broken YAML', 'openapi: 3.1.0\ninfo: [unclosed', /not valid YAML/],
    ['duplicate keys', 'openapi: 3.1.0\nopenapi: 3.0.0', /not valid YAML/],
    ['an alias bomb', `openapi: 3.1.0\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]`, /not valid YAML/],
    ['absurd nesting', `{"openapi":"3.1.0","x":${'['.repeat(5000)}${']'.repeat(5000)}}`, /nests deeper/],
  ])('%s', async (_, text, message) => {
    await expect(readImportText(text)).rejects.toThrow(message);
    await expect(readImportText(text)).rejects.toThrow(/Nothing was changed/);
  });
});
