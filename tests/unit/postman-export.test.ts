/** Issue 16: export as a Postman collection v2.1; secrets only when asked; it reads back the same. */
import { describe, expect, it } from 'vitest';
import { emptyAuthConfig, emptyTestRequest } from '../../src/lib/config/auth-config';
import { postmanCollection } from '../../src/lib/config/export/postman-collection';
import { operationFor, readImportText } from '../../src/lib/config/import/index';

function clientCredentials() {
  const auth = emptyAuthConfig();
  Object.assign(auth.oauth2, { grantType: 'client_credentials', tokenUrl: 'https://identity.nexar.com/connect/token', clientId: 'my-client', clientSecret: 'my-secret', scope: 'supply.domain', clientAuth: 'client_secret_post' });
  return { auth, testRequest: { ...emptyTestRequest(), method: 'POST' as const, url: 'https://api.nexar.com/graphql', headers: [{ key: 'X-Trace', value: '1' }], body: '{"query":"{ x }"}' } };
}

describe('postmanCollection', () => {
  it('without secrets: each secret a {{variable}}, nothing of its value in the file', () => {
    const { auth, testRequest } = clientCredentials();
    const text = JSON.stringify(postmanCollection('Nexar', auth, testRequest, { includeSecrets: false }));
    expect(text).not.toContain('my-secret');
    expect(text).toContain('{{client_secret}}');
  });

  it('reads back through Import from text as the same settings (secrets included when asked)', async () => {
    const { auth, testRequest } = clientCredentials();
    const read = await readImportText(JSON.stringify(postmanCollection('Nexar', auth, testRequest, { includeSecrets: true })));
    if (read.kind !== 'choices') throw new Error('not read as a document');
    const scheme = read.document.schemes[0]!;
    const back = scheme.setup([], operationFor(read.document, scheme.scheme));
    expect(back.auth.oauth2).toMatchObject({ grantType: 'client_credentials', tokenUrl: auth.oauth2.tokenUrl, clientId: 'my-client', clientSecret: 'my-secret', scope: 'supply.domain', clientAuth: 'client_secret_post' });
    expect(back.testRequest).toMatchObject({ method: 'POST', url: testRequest.url, headers: testRequest.headers, body: testRequest.body });
  });

  it('an API key, Basic and Bearer become apikey, basic and bearer blocks', () => {
    const auth = emptyAuthConfig();
    auth.authType = 'api_key';
    auth.apiKey = { placement: 'query', name: 'key', value: 'k1' };
    expect(postmanCollection('x', auth, emptyTestRequest(), { includeSecrets: true }).auth).toEqual({ type: 'apikey', apikey: [{ key: 'key', value: 'key', type: 'string' }, { key: 'value', value: 'k1', type: 'string' }, { key: 'in', value: 'query', type: 'string' }] });
    auth.authType = 'bearer';
    expect(postmanCollection('x', auth, emptyTestRequest(), { includeSecrets: false }).auth).toEqual({ type: 'bearer', bearer: [{ key: 'token', value: '{{token}}', type: 'string' }] });
  });
});
