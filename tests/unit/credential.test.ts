import { describe, expect, it } from 'vitest';
import { emptyAuthConfig, emptyTestRequest } from '../../src/lib/config/auth-config';
import { credentialHost, matchesSearch, splitRequestSecrets, splitSecrets, uniqueName, withSavedRequestSecrets, withSavedSecrets } from '../../src/lib/config/credential';
import { CREDENTIAL_FILE_FORMAT, parseCredentialFile, parseExportedSecrets } from '../../src/lib/config/credential-file';
import { PlaygroundError } from '../../src/lib/errors/playground-error';

function configWithSecrets() {
  const config = emptyAuthConfig();
  config.oauth2.clientId = 'app';
  config.oauth2.clientSecret = 'cs-123';
  config.apiKey.value = 'key-456';
  config.basic.username = 'close-key';
  return config;
}

describe('splitSecrets / withSavedSecrets', () => {
  it('takes every secret field (and the Basic user name) out, by path', () => {
    const { config, secrets } = splitSecrets(configWithSecrets());
    expect(secrets).toEqual({ 'oauth2.clientSecret': 'cs-123', 'apiKey.value': 'key-456', 'basic.username': 'close-key' });
    expect(config.oauth2.clientSecret).toBe('');
    expect(config.apiKey.value).toBe('');
    expect(config.basic.username).toBe('');
    expect(config.oauth2.clientId).toBe('app');
  });

  it('puts saved values back only where the field is empty: a typed value replaces the saved one', () => {
    const { config, secrets } = splitSecrets(configWithSecrets());
    config.apiKey.value = 'typed-new';
    const merged = withSavedSecrets(config, secrets);
    expect(merged.oauth2.clientSecret).toBe('cs-123');
    expect(merged.apiKey.value).toBe('typed-new');
    expect(config.oauth2.clientSecret).toBe('');
  });

  it('copies only the groups it fills and skips groups the configuration lacks', () => {
    const { config, secrets } = splitSecrets(configWithSecrets());
    const merged = withSavedSecrets({ oauth2: config.oauth2 }, secrets);
    expect(merged.oauth2.clientSecret).toBe('cs-123');
    expect(merged.oauth2).not.toBe(config.oauth2);
    expect(Object.keys(merged)).toEqual(['oauth2']);
    const untouched = withSavedSecrets(config, {});
    expect(untouched.oauth2).toBe(config.oauth2);
  });
});

describe('tiles', () => {
  it('names the host a credential talks to', () => {
    const config = emptyAuthConfig();
    config.oauth2.tokenUrl = 'https://identity.nexar.com/connect/token';
    expect(credentialHost(config, '')).toBe('identity.nexar.com');
    config.authType = 'basic';
    expect(credentialHost(config, 'https://api.close.com/api/v1/me/')).toBe('api.close.com');
    expect(credentialHost(config, '{{base}}/x')).toBe('');
  });

  it('searches every word in name, description, host and auth type', () => {
    const tile = { name: 'Nexar supply', description: 'staging app', host: 'identity.nexar.com', authType: 'oauth2' as const };
    expect(matchesSearch(tile, '')).toBe(true);
    expect(matchesSearch(tile, 'nexar STAGING')).toBe(true);
    expect(matchesSearch(tile, 'nexar production')).toBe(false);
  });

  it('makes names unique', () => {
    expect(uniqueName('A', ['B'])).toBe('A');
    expect(uniqueName('A', ['A', 'A (2)'])).toBe('A (3)');
    expect(uniqueName('A (2)', ['A (2)'])).toBe('A (3)');
  });
});

describe('parseCredentialFile', () => {
  const good = {
    format: CREDENTIAL_FILE_FORMAT,
    version: 1,
    exportedAt: '2026-11-23T00:00:00.000Z',
    credentials: [{ id: 'c1', name: 'Demo', description: 'd', auth: { ...emptyAuthConfig(), oauth2: { ...emptyAuthConfig().oauth2, clientSecret: 'smuggled' } }, testRequest: emptyTestRequest() }],
    environments: [{ id: 'e1', name: 'staging', variables: [{ name: 'base', value: 'x', secret: false }, { name: 'pw', value: 'smuggled', secret: true }, { name: 'bad name', value: 'y' }] }],
  };

  it('reads an export, dropping any secret that was put in clear and invalid variable names', () => {
    const file = parseCredentialFile(JSON.stringify(good));
    expect(file.credentials[0]!.auth.oauth2.clientSecret).toBe('');
    expect(file.environments[0]!.variables).toEqual([
      { name: 'base', value: 'x', secret: false },
      { name: 'pw', value: '', secret: true },
    ]);
  });

  it.each([
    ['not JSON', '{', 'it is not JSON'],
    ['another format', JSON.stringify({ format: 'har' }), 'it is not an OAuth Playground credentials export'],
    ['a future version', JSON.stringify({ ...good, version: 2 }), 'its version (2) is not one this app reads'],
    ['a nameless credential', JSON.stringify({ ...good, credentials: [{ id: 'x', name: ' ', auth: {} }] }), 'credential 1 has no name'],
    ['a prototype-polluting credential', '{"format":"oauth-playground-credentials","version":1,"credentials":[{"__proto__":{"x":1},"id":"a","name":"n"}]}', 'credential “n” has no settings'],
    ['malformed encrypted secrets', JSON.stringify({ ...good, encryptedSecrets: { iterations: 1e12 } }), 'its encrypted secrets are malformed'],
    ['an oversized file', 'x'.repeat(5 * 1024 * 1024 + 1), 'it is larger than 5 MB'],
    // Regression (found by the property test): String() of such an object throws a TypeError.
    ['a version that cannot be printed', '{"format":"oauth-playground-credentials","version":{"toString":0},"credentials":[]}', 'its version (object) is not one this app reads'],
  ])('refuses %s with a plain message', (_name, text, detail) => {
    let error: unknown;
    try {
      parseCredentialFile(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlaygroundError);
    expect((error as PlaygroundError).code).toBe('invalid_import');
    expect((error as PlaygroundError).message).toBe(`This file cannot be imported: ${detail}. Nothing was changed.`);
  });

  it('ignores an exportedAt that is not text (regression: {"toString": 0} made String() throw)', () => {
    const file = parseCredentialFile('{"format":"oauth-playground-credentials","version":1,"exportedAt":{"toString":0},"credentials":[]}');
    expect(file.exportedAt).toBe('');
    expect(file.credentials).toEqual([]);
  });

  it('keeps only string secrets from the decrypted blob', () => {
    expect(parseExportedSecrets({ credentials: { c1: { 'oauth2.clientSecret': 's', n: 1 } }, variables: 'x' })).toEqual({
      credentials: { c1: { 'oauth2.clientSecret': 's' } },
      variables: {},
    });
    expect(parseExportedSecrets(null)).toEqual({ credentials: {}, variables: {} });
  });
});

describe('splitRequestSecrets / withSavedRequestSecrets', () => {
  it('keeps credential header values of the test request out of the clear copy, and puts them back only where empty', () => {
    const request = {
      ...emptyTestRequest(),
      headers: [
        { key: 'X-API-Key', value: 'header-key-123' },
        { key: 'Accept', value: 'application/json' },
      ],
    };
    const { request: clear, secrets } = splitRequestSecrets(request);
    expect(clear.headers).toEqual([
      { key: 'X-API-Key', value: '' },
      { key: 'Accept', value: 'application/json' },
    ]);
    expect(secrets).toEqual({ 'header:x-api-key': 'header-key-123' });
    expect(withSavedRequestSecrets(clear, secrets).headers[0]).toEqual({ key: 'X-API-Key', value: 'header-key-123' });
    const typed = { ...clear, headers: [{ key: 'x-api-key', value: 'typed' }] };
    expect(withSavedRequestSecrets(typed, secrets).headers[0]).toEqual({ key: 'x-api-key', value: 'typed' });
  });
});

// Regression (security review 7): the test request's stored copy and its secrets must use the same
// rule, or a header emptied for storage (Private-Token) would be lost instead of kept encrypted.
describe('splitRequestSecrets by the one secret-name rule', () => {
  // Regression (issue 13, finding 7): Private-Token and X-Auth-Token header values were kept in the credential's clear copy.
  it('finding 7: keeps Private-Token and X-Auth-Token values among the secrets and puts them back', () => {
    const request = { ...emptyTestRequest(), headers: [{ key: 'Private-Token', value: 'glpat-1' }, { key: 'X-Auth-Token', value: 'xat-2' }, { key: 'Accept', value: 'text/plain' }] };
    const { request: clear, secrets } = splitRequestSecrets(request);
    expect(clear.headers).toEqual([{ key: 'Private-Token', value: '' }, { key: 'X-Auth-Token', value: '' }, { key: 'Accept', value: 'text/plain' }]);
    expect(secrets).toEqual({ 'header:private-token': 'glpat-1', 'header:x-auth-token': 'xat-2' });
    expect(withSavedRequestSecrets(clear, secrets)).toEqual(request);
  });
});

// Regression (issue 13, part 2): a saved credential stored secret-looking extra token parameters
// and headers and authorization parameters in clear (only the draft emptied them).
describe('splitSecrets seals secret-looking rows', () => {
  function configWithRows() {
    const config = emptyAuthConfig();
    config.oauth2.extraParams = [{ key: 'audience', value: 'https://api.example.com' }, { key: 'client_assertion', value: 'eyJ-assertion' }];
    config.oauth2.extraHeaders = [{ key: 'X-Auth-Token', value: 'xat-1' }, { key: 'X-Request-Id', value: 'r-1' }];
    config.oauth2.authParams = [{ key: 'login_hint_token', value: 'eyJ-hint' }, { key: 'acr_values', value: 'mfa' }];
    return config;
  }

  it('takes their values out of the clear copy, by row name, and keeps the others', () => {
    const { config, secrets } = splitSecrets(configWithRows());
    expect(secrets).toEqual({ 'oauth2.extraParams:client_assertion': 'eyJ-assertion', 'oauth2.extraHeaders:x-auth-token': 'xat-1', 'oauth2.authParams:login_hint_token': 'eyJ-hint' });
    expect(config.oauth2.extraParams).toEqual([{ key: 'audience', value: 'https://api.example.com' }, { key: 'client_assertion', value: '' }]);
    expect(config.oauth2.extraHeaders).toEqual([{ key: 'X-Auth-Token', value: '' }, { key: 'X-Request-Id', value: 'r-1' }]);
    expect(config.oauth2.authParams).toEqual([{ key: 'login_hint_token', value: '' }, { key: 'acr_values', value: 'mfa' }]);
  });

  it('puts them back where the row is empty; a typed value wins', () => {
    const original = configWithRows();
    const { config, secrets } = splitSecrets(original);
    expect(withSavedSecrets(config, secrets).oauth2).toEqual(original.oauth2);
    config.oauth2.extraHeaders[0]!.value = 'typed';
    expect(withSavedSecrets({ oauth2: config.oauth2 }, secrets).oauth2.extraHeaders[0]).toEqual({ key: 'X-Auth-Token', value: 'typed' });
  });
});
