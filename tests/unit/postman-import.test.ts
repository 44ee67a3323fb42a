/**
 * Issue 16: a Postman collection v2.1 (as Postman exports it) in `Import from text`: auth blocks at
 * collection, folder and request level, requests inheriting them, Postman's {{variables}} kept.
 */
import { describe, expect, it } from 'vitest';
import { operationFor, readImportText } from '../../src/lib/config/import/index';
import type { DocumentImport } from '../../src/lib/config/import/openapi';

const kv = (o: Record<string, string>) => Object.entries(o).map(([key, value]) => ({ key, value, type: 'string' }));
const COLLECTION = {
  info: { _postman_id: 'x', name: 'Nexar', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
  auth: { type: 'oauth2', oauth2: kv({ grant_type: 'client_credentials', accessTokenUrl: 'https://identity.nexar.com/connect/token', clientId: '{{client_id}}', clientSecret: '{{client_secret}}', scope: 'supply.domain', client_authentication: 'body', addTokenTo: 'header' }) },
  item: [
    { name: 'Search', request: { method: 'POST', header: [{ key: 'Content-Type', value: 'application/json' }, { key: 'X-Off', value: '1', disabled: true }], body: { mode: 'raw', raw: '{"query":"{ supSearchMpn(q: \\"lm358\\") { hits } }"}' }, url: { raw: 'https://api.nexar.com/graphql', host: ['api', 'nexar', 'com'] } } },
    {
      name: 'Design',
      auth: { type: 'oauth2', oauth2: kv({ grant_type: 'authorization_code_with_pkce', authUrl: 'https://identity.nexar.com/connect/authorize', accessTokenUrl: 'https://identity.nexar.com/connect/token', clientId: 'design-app', scope: 'openid design.domain user.access', challengeAlgorithm: 'S256' }) },
      item: [
        { name: 'Me', request: { method: 'POST', url: 'https://api.nexar.com/graphql', auth: { type: 'inherit' } } },
        { name: 'Status', request: { method: 'GET', url: 'https://status.nexar.com/', auth: { type: 'noauth' } } },
        { name: 'Keyed', request: { method: 'GET', url: '{{base}}/v1/keys', auth: { type: 'apikey', apikey: kv({ key: 'X-Api-Key', value: '{{api_key}}', in: 'header' }) } } },
        { name: 'Signed', request: { method: 'GET', url: 'https://x.example/', auth: { type: 'awsv4', awsv4: [] } } },
      ],
    },
  ],
  variable: [{ key: 'base', value: 'https://api.example.com' }],
};

async function read(doc: unknown): Promise<DocumentImport> {
  const result = await readImportText(JSON.stringify(doc));
  if (result.kind !== 'choices') throw new Error('not read as a document');
  return result.document;
}

describe('readImportText: Postman collections', () => {
  it('offers each auth block as a scheme and each request as an operation using what it inherits', async () => {
    const doc = await read(COLLECTION);
    expect(doc.title).toBe('Nexar');
    expect(doc.schemes.map((s) => s.label)).toEqual(['Nexar (OAuth 2.0, client_credentials)', 'Design (OAuth 2.0, authorization_code_with_pkce)', 'Design / Keyed (API key)']);
    expect(doc.operations.map((op) => [op.label, op.schemes])).toEqual([
      ['Search (POST)', ['Nexar (OAuth 2.0, client_credentials)']],
      ['Design / Me (POST)', ['Design (OAuth 2.0, authorization_code_with_pkce)']],
      ['Design / Status (GET)', []],
      ['Design / Keyed (GET)', ['Design / Keyed (API key)']],
      ['Design / Signed (GET)', ['Design (OAuth 2.0, authorization_code_with_pkce)']],
    ]);
    expect(doc.ignored).toEqual(['Design / Signed: awsv4 auth is not one this playground sends', 'collection variables {{base}}: define them under Variables']);
  });

  it('the collection’s client credentials with Postman’s {{variables}} kept, and its first request as the test request', async () => {
    const doc = await read(COLLECTION);
    const { auth, testRequest } = doc.schemes[0]!.setup([], operationFor(doc, doc.schemes[0]!.scheme));
    expect(auth.oauth2).toMatchObject({ grantType: 'client_credentials', tokenUrl: 'https://identity.nexar.com/connect/token', clientId: '{{client_id}}', clientSecret: '{{client_secret}}', scope: 'supply.domain', clientAuth: 'client_secret_post' });
    expect(testRequest).toMatchObject({ method: 'POST', url: 'https://api.nexar.com/graphql', headers: [{ key: 'Content-Type', value: 'application/json' }] });
    expect(testRequest.body).toContain('supSearchMpn');
  });

  it('a folder’s PKCE code flow is a public client; a request’s API key its own scheme', async () => {
    const doc = await read(COLLECTION);
    expect(doc.schemes[1]!.setup([], undefined).auth.oauth2).toMatchObject({ grantType: 'authorization_code', authorizationUrl: 'https://identity.nexar.com/connect/authorize', clientId: 'design-app', clientAuth: 'none', codeChallengeMethod: 'S256', scope: 'openid design.domain user.access' });
    const keyed = doc.schemes[2]!.setup([], operationFor(doc, doc.schemes[2]!.scheme));
    expect(keyed.auth).toMatchObject({ authType: 'api_key', apiKey: { placement: 'header', name: 'X-Api-Key', value: '{{api_key}}' } });
    expect(keyed.testRequest.url).toBe('{{base}}/v1/keys');
  });

  it('refuses a collection without any usable auth, changing nothing', async () => {
    const none = { info: COLLECTION.info, item: [{ name: 'a', request: { method: 'GET', url: 'https://x.example/' } }] };
    await expect(readImportText(JSON.stringify(none))).rejects.toThrow(/no auth this playground can use.*Nothing was changed/);
  });
});
