import { describe, expect, it } from 'vitest';
import { SECRET_FIELDS, emptyAuthConfig, emptyTestRequest, filledRows, secretValues, testRequestWithoutSecrets, withoutSecrets, type AuthConfig } from '../../src/lib/config/auth-config';

function configWithSecrets(): AuthConfig {
  const config = emptyAuthConfig();
  config.oauth2.clientId = 'cid';
  config.oauth2.clientSecret = 'client-secret';
  config.oauth2.password = 'ro-password';
  config.oauth2.subjectToken = 'subject-token';
  config.oauth2.actorToken = 'actor-token';
  config.oauth2.assertion = 'jwt-assertion';
  config.oauth2.audience = 'urn:example:api';
  config.apiKey.value = 'api-key-value';
  config.basic = { username: 'user', password: 'basic-password' };
  config.bearer.token = 'bearer-token';
  config.proxy = { enabled: true, url: 'http://127.0.0.1:8787', token: 'proxy-pairing-token' };
  return config;
}

describe('withoutSecrets', () => {
  it('empties exactly the secret fields (the proxy pairing token too) and the Basic user name (often an API key), and keeps everything else', () => {
    const config = configWithSecrets();
    const expected = structuredClone(config);
    expected.oauth2.clientSecret = '';
    expected.oauth2.password = '';
    expected.oauth2.subjectToken = '';
    expected.oauth2.actorToken = '';
    expected.oauth2.assertion = '';
    expected.apiKey.value = '';
    expected.basic.username = '';
    expected.basic.password = '';
    expected.bearer.token = '';
    expected.proxy.token = '';
    expect(withoutSecrets(config)).toEqual(expected);
  });

  it('does not change the original', () => {
    const config = configWithSecrets();
    withoutSecrets(config);
    expect(config).toEqual(configWithSecrets());
  });

  it('lists the secret fields', () => {
    expect(SECRET_FIELDS.map((path) => path.join('.'))).toEqual(['oauth2.clientSecret', 'oauth2.password', 'oauth2.privateKeyJwk', 'oauth2.subjectToken', 'oauth2.actorToken', 'oauth2.assertion', 'apiKey.value', 'basic.password', 'bearer.token', 'proxy.token']);
  });
});

describe('secretValues', () => {
  it('lists the non-empty secret values', () => {
    expect(secretValues(configWithSecrets())).toEqual(['client-secret', 'ro-password', 'subject-token', 'actor-token', 'jwt-assertion', 'api-key-value', 'basic-password', 'bearer-token', 'proxy-pairing-token']);
    const some = emptyAuthConfig();
    some.bearer.token = 'only-this';
    expect(secretValues(some)).toEqual(['only-this']);
    expect(secretValues(emptyAuthConfig())).toEqual([]);
  });
});

describe('filledRows', () => {
  it('drops rows with a blank key and trims keys, not values', () => {
    expect(
      filledRows([
        { key: ' audience ', value: ' api ' },
        { key: '', value: 'typing' },
        { key: '   ', value: 'x' },
        { key: 'resource', value: '' },
      ]),
    ).toEqual([
      { key: 'audience', value: ' api ' },
      { key: 'resource', value: '' },
    ]);
  });

  it('returns new row objects', () => {
    const rows = [{ key: 'a', value: 'b' }];
    const filled = filledRows(rows);
    filled[0]!.value = 'changed';
    expect(rows[0]!.value).toBe('b');
  });
});

describe('testRequestWithoutSecrets', () => {
  it('empties the values of credential headers, whatever their case, and keeps other headers', () => {
    const request = { ...emptyTestRequest(), headers: [
      { key: 'Authorization', value: 'Bearer abc' },
      { key: ' x-api-key ', value: 'k-123' },
      { key: 'Accept', value: 'application/json' },
    ] };
    expect(testRequestWithoutSecrets(request).headers).toEqual([
      { key: 'Authorization', value: '' },
      { key: ' x-api-key ', value: '' },
      { key: 'Accept', value: 'application/json' },
    ]);
    expect(request.headers[0]!.value).toBe('Bearer abc');
  });
});
