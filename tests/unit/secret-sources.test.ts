import { describe, expect, it } from 'vitest';
import { emptyAuthConfig, emptyTestRequest } from '../../src/lib/config/auth-config';
import { knownSecrets, namedSecrets } from '../../src/lib/http/secret-sources';
import { snippetFor } from '../../src/lib/http/snippets';

const run = (access_token: string, refresh_token?: string, id_token?: string) => ({ token: { access_token, ...(refresh_token ? { refresh_token } : {}), ...(id_token ? { id_token } : {}) } });

// Regression (security review 5): with "Include secrets" off, snippets showed a saved API key
// (`?hapikey=<saved key>`) and a secret variable (`x-signature: <value>`): the secret list was
// read from the form only, which is emptied when a credential is saved.
describe('namedSecrets from every source a request resolves from', () => {
  // Regression (issue 13, finding 5): namedSecrets() read the form, emptied on save, so snippets printed saved secrets with Include secrets off.
  it('finding 5: names the saved secrets (the form is empty once saved)', () => {
    const auth = emptyAuthConfig();
    auth.authType = 'api_key';
    const secrets = namedSecrets({
      auth,
      savedSecrets: {
        'oauth2.clientSecret': 'saved-client-secret',
        'apiKey.value': 'saved-api-key-1',
        'oauth2.password': 'saved-password',
        'bearer.token': 'saved-bearer-token',
        'proxy.token': 'saved-proxy-token',
        'header:authorization': 'Bearer saved-header-token',
        'header:private-token': 'glpat-saved',
      },
    });
    expect(secrets).toEqual(
      expect.arrayContaining([
        { name: 'CLIENT_SECRET', value: 'saved-client-secret' },
        { name: 'API_KEY', value: 'saved-api-key-1' },
        { name: 'PASSWORD', value: 'saved-password' },
        { name: 'ACCESS_TOKEN', value: 'saved-bearer-token' },
        { name: 'PROXY_TOKEN', value: 'saved-proxy-token' },
        { name: 'AUTHORIZATION', value: 'Bearer saved-header-token' },
        { name: 'ACCESS_TOKEN', value: 'saved-header-token' },
        { name: 'PRIVATE_TOKEN', value: 'glpat-saved' },
      ]),
    );
  });

  // Regression (issue 13, finding 5): namedSecrets() ignored secret variables (`x-signature: <secret variable>` in snippets).
  it('finding 5: names secret variables by their own names, and leaves plain variables out', () => {
    const secrets = namedSecrets({
      auth: emptyAuthConfig(),
      variables: [
        { name: 'signing.value', value: 'sig-0123456789', secret: true },
        { name: 'tenant', value: 'acme-corp', secret: false },
        { name: 'empty', value: '', secret: true },
      ],
    });
    expect(secrets).toEqual([{ name: 'SIGNING_VALUE', value: 'sig-0123456789' }]);
  });

  it('resolves {{variables}} in typed and saved values (what was sent is the resolved text)', () => {
    const auth = emptyAuthConfig();
    auth.oauth2.clientSecret = '{{prefix}}-typed-secret';
    const secrets = namedSecrets({ auth, variables: [{ name: 'prefix', value: 'prod', secret: false }] });
    expect(secrets).toContainEqual({ name: 'CLIENT_SECRET', value: 'prod-typed-secret' });
  });

  it('names typed form fields, test request and extra rows whose names look secret, and tokens', () => {
    const auth = emptyAuthConfig();
    auth.authType = 'basic';
    auth.basic = { username: 'close-api-key-as-user', password: 'basic-pw-1' };
    auth.oauth2.extraHeaders = [{ key: 'X-Auth-Token', value: 'xat-typed-1' }, { key: 'X-Tenant', value: 'acme-corp' }];
    auth.oauth2.extraParams = [{ key: 'subscription_key', value: 'sub-typed-1' }];
    const testRequest = { ...emptyTestRequest(), headers: [{ key: 'Private-Token', value: 'glpat-typed' }, { key: 'Accept', value: 'application/json' }] };
    const secrets = namedSecrets({ auth, testRequest, tokenRuns: [run('at-0123456789', 'rt-0123456789', 'eyJ-id-token')] });
    expect(secrets).toEqual(
      expect.arrayContaining([
        { name: 'BASIC_USERNAME', value: 'close-api-key-as-user' },
        { name: 'PASSWORD', value: 'basic-pw-1' },
        { name: 'X_AUTH_TOKEN', value: 'xat-typed-1' },
        { name: 'SUBSCRIPTION_KEY', value: 'sub-typed-1' },
        { name: 'PRIVATE_TOKEN', value: 'glpat-typed' },
        { name: 'ACCESS_TOKEN', value: 'at-0123456789' },
        { name: 'REFRESH_TOKEN', value: 'rt-0123456789' },
        { name: 'ID_TOKEN', value: 'eyJ-id-token' },
      ]),
    );
    expect(secrets.map((s) => s.value)).not.toContain('acme-corp');
    expect(secrets.map((s) => s.value)).not.toContain('application/json');
  });

  it('names each value once (the first source wins), and never an empty one', () => {
    const auth = emptyAuthConfig();
    auth.oauth2.clientSecret = 'same-value-1';
    const secrets = namedSecrets({ auth, savedSecrets: { 'oauth2.clientSecret': 'same-value-1', 'apiKey.value': '' } });
    expect(secrets).toEqual([{ name: 'CLIENT_SECRET', value: 'same-value-1' }]);
  });

  it('leaves the Basic user name out unless the auth type is Basic (it is often a plain word)', () => {
    const auth = emptyAuthConfig();
    const secrets = namedSecrets({ auth, savedSecrets: { 'basic.username': 'admin' } });
    expect(secrets).toEqual([]);
  });

  it('knownSecrets gives the values, for redaction', () => {
    const auth = emptyAuthConfig();
    expect(knownSecrets({ auth, savedSecrets: { 'apiKey.value': 'saved-api-key-1' }, variables: [{ name: 'sig', value: 'sig-0123456789', secret: true }] })).toEqual([
      'saved-api-key-1',
      'sig-0123456789',
    ]);
  });

  // Regression (issue 13, finding 5): snippets showed `?key=<saved API key>` and `x-signature: <secret variable>` with Include secrets off.
  it('finding 5: keeps a saved API key and a secret variable out of a snippet', () => {
    const auth = emptyAuthConfig();
    auth.authType = 'api_key';
    const secrets = namedSecrets({ auth, savedSecrets: { 'apiKey.value': 'saved-api-key-1' }, variables: [{ name: 'signing_value', value: 'sig-0123456789', secret: true }] });
    const { code, env } = snippetFor(
      { method: 'GET', url: 'https://api.example/v1?hapikey=saved-api-key-1', headers: [['x-signature', 'sig-0123456789'], ['x-trace', 'id sig-0123456789']], body: null },
      'curl',
      { secrets },
    );
    expect(code).not.toMatch(/saved-api-key-1|sig-0123456789/);
    expect(env).toEqual(['API_KEY', 'SIGNING_VALUE']);
  });

  // Issue 13, part 2: secret-looking OAuth rows are saved encrypted, so the form no longer shows them.
  it('names saved secret-looking rows (extra token headers and parameters, authorization parameters)', () => {
    const secrets = namedSecrets({
      auth: emptyAuthConfig(),
      savedSecrets: { 'oauth2.extraHeaders:x-auth-token': 'Bearer saved-row-token', 'oauth2.extraParams:client_assertion': 'eyJ-saved', 'oauth2.authParams:login_hint_token': 'lht-saved' },
    });
    expect(secrets).toEqual(
      expect.arrayContaining([
        { name: 'X_AUTH_TOKEN', value: 'Bearer saved-row-token' },
        { name: 'ACCESS_TOKEN', value: 'saved-row-token' },
        { name: 'CLIENT_ASSERTION', value: 'eyJ-saved' },
        { name: 'LOGIN_HINT_TOKEN', value: 'lht-saved' },
      ]),
    );
  });
});
