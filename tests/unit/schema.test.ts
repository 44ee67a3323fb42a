import { describe, expect, it } from 'vitest';
import { parseAuthConfig, parseTestRequest } from '../../src/lib/config/schema';
import { emptyAuthConfig, emptyTestRequest, type AuthConfig, type TestRequestConfig } from '../../src/lib/config/auth-config';

const full: AuthConfig = {
  authType: 'api_key',
  presetId: 'local-demo',
  oauth2: {
    ...emptyAuthConfig().oauth2,
    grantType: 'client_credentials',
    issuer: 'https://issuer.example.com',
    authorizationUrl: 'https://issuer.example.com/auth',
    tokenUrl: 'https://issuer.example.com/token',
    clientId: 'cid',
    clientSecret: 'cs',
    scope: 'a b',
    clientAuth: 'json_body',
    codeChallengeMethod: 'plain',
    extraParams: [{ key: 'resource', value: 'r' }],
    extraHeaders: [{ key: 'X-A', value: '1' }],
    deviceAuthorizationUrl: 'https://issuer.example.com/device',
    revocationUrl: 'https://issuer.example.com/revoke',
    introspectionUrl: 'https://issuer.example.com/introspect',
    userinfoUrl: 'https://issuer.example.com/me',
    parUrl: 'https://issuer.example.com/par',
    jwksUri: 'https://issuer.example.com/jwks',
    issParameterSupported: true,
    prompt: 'consent',
    loginHint: 'someone@example.com',
    responseMode: 'fragment',
    authParams: [{ key: 'audience', value: 'api' }],
    usePar: true,
    authorizeVia: 'popup',
    username: 'ro-user',
    password: 'ro-pass',
  },
  apiKey: { placement: 'query', name: 'api_key', value: 'k' },
  basic: { username: 'u', password: 'p' },
  bearer: { token: 't' },
  allowInsecureHttp: true,
  autoRenew: false,
  proxy: { enabled: true, url: 'https://proxy.example.com/oauth', token: 'pairing' },
};

const fullRequest: TestRequestConfig = {
  mode: 'graphql',
  method: 'PATCH',
  url: 'https://api.example.com/graphql',
  headers: [{ key: 'X-Trace', value: '1' }],
  body: '{}',
  query: '{ me { id } }',
  variables: '{"a":1}',
};

describe('parseAuthConfig', () => {
  it('gives the proxy setting its defaults when missing or ill-typed', () => {
    const stored = structuredClone(full) as unknown as Record<string, unknown>;
    stored.proxy = { enabled: 'yes', url: 42 };
    expect(parseAuthConfig(stored).proxy).toEqual({ enabled: false, url: 'http://127.0.0.1:8787', token: '' });
    delete stored.proxy;
    expect(parseAuthConfig(stored).proxy).toEqual({ enabled: false, url: 'http://127.0.0.1:8787', token: '' });
  });

  it('keeps a complete, valid configuration as it is', () => {
    expect(parseAuthConfig(structuredClone(full))).toEqual(full);
  });

  it.each([null, undefined, 42, 'config', true, [], [full]])('gives the defaults for %j', (value) => {
    expect(parseAuthConfig(value)).toEqual(emptyAuthConfig());
  });

  it('replaces unknown enum values, wrong types and non-object groups by their defaults, field by field', () => {
    const parsed = parseAuthConfig({
      authType: 'kerberos',
      presetId: 7,
      oauth2: {
        grantType: 'implicit',
        issuer: 5,
        tokenUrl: 'https://kept.example.com/token',
        clientId: null,
        clientAuth: 'tls_client_auth',
        codeChallengeMethod: 'S512',
        extraParams: [null, 'row', ['k', 'v'], { key: 1, value: 'x' }, { key: 'audience', value: 'api' }, { key: 'k' }],
        extraHeaders: { key: 'X', value: 'Y' },
      },
      apiKey: [],
      basic: null,
      bearer: 'token',
      allowInsecureHttp: 'yes',
    });
    const expected = emptyAuthConfig();
    expected.oauth2.tokenUrl = 'https://kept.example.com/token';
    expected.oauth2.extraParams = [{ key: 'audience', value: 'api' }];
    expect(parsed).toEqual(expected);
  });

  it('drops unknown fields and does not keep extra properties of rows', () => {
    const parsed = parseAuthConfig({ ...full, injected: 'x', oauth2: { ...full.oauth2, extraParams: [{ key: 'a', value: 'b', extra: 1 }] } });
    expect('injected' in parsed).toBe(false);
    expect(parsed.oauth2.extraParams).toEqual([{ key: 'a', value: 'b' }]);
  });

  it('keeps the API key name default when it is missing', () => {
    expect(parseAuthConfig({ apiKey: { placement: 'query' } }).apiKey).toEqual({ placement: 'query', name: 'X-API-Key', value: '' });
  });
});

describe('parseTestRequest', () => {
  it('keeps a complete, valid test request as it is', () => {
    expect(parseTestRequest(structuredClone(fullRequest))).toEqual(fullRequest);
  });

  it.each([null, undefined, 'GET', 0, [], [fullRequest]])('gives the defaults for %j', (value) => {
    expect(parseTestRequest(value)).toEqual(emptyTestRequest());
  });

  it('replaces unknown modes, methods and ill-typed fields by the defaults', () => {
    expect(
      parseTestRequest({ mode: 'soap', method: 'TRACE', url: 42, headers: 'X-A: 1', body: { a: 1 }, query: null, variables: ['x'] }),
    ).toEqual(emptyTestRequest());
    expect(parseTestRequest({ method: 'get' }).method).toBe('GET');
  });
});
