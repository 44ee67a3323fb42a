import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESET_ID, DEMO_ORIGIN, PRESETS, applyPreset, findPreset } from '../../src/lib/config/presets/index';
import { emptyAuthConfig, emptyTestRequest, type AuthConfig } from '../../src/lib/config/auth-config';
import { parseAuthConfig, parseTestRequest } from '../../src/lib/config/schema';

describe('presets', () => {
  it('have unique ids, and the default one exists', () => {
    const ids = PRESETS.map((preset) => preset.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(findPreset(DEFAULT_PRESET_ID)?.id).toBe(DEFAULT_PRESET_ID);
    expect(findPreset('no-such-preset')).toBeUndefined();
    expect(findPreset(null)).toBeUndefined();
  });

  it('DEMO_ORIGIN is an http(s) origin', () => {
    expect(new URL(DEMO_ORIGIN).origin).toBe(DEMO_ORIGIN);
  });

  it('applyPreset lays the Local demo over a blank configuration', () => {
    const { auth, testRequest } = applyPreset(findPreset('local-demo')!);
    const expected: AuthConfig = emptyAuthConfig();
    expected.presetId = 'local-demo';
    expected.oauth2 = {
      ...expected.oauth2,
      grantType: 'client_credentials',
      issuer: DEMO_ORIGIN,
      authorizationUrl: `${DEMO_ORIGIN}/auth`,
      tokenUrl: `${DEMO_ORIGIN}/token`,
      deviceAuthorizationUrl: `${DEMO_ORIGIN}/device/auth`,
      revocationUrl: `${DEMO_ORIGIN}/token/revocation`,
      introspectionUrl: `${DEMO_ORIGIN}/token/introspection`,
      userinfoUrl: `${DEMO_ORIGIN}/me`,
      parUrl: `${DEMO_ORIGIN}/request`,
      jwksUri: `${DEMO_ORIGIN}/jwks`,
      issParameterSupported: true,
      clientId: 'demo-cc',
      clientSecret: 'demo-cc-secret',
      scope: 'api:read',
      clientAuth: 'client_secret_basic',
    };
    expect(auth).toEqual(expected);
    expect(testRequest).toEqual({ ...emptyTestRequest(), method: 'GET', url: `${DEMO_ORIGIN}/api/me` });
  });

  it('applyPreset of the Close-style preset sets Basic with the key as user name and an empty password', () => {
    const { auth } = applyPreset(findPreset('local-demo-close')!);
    expect(auth.authType).toBe('basic');
    expect(auth.presetId).toBe('local-demo-close');
    expect(auth.basic).toEqual({ username: 'demo-close-api-key', password: '' });
    expect(auth.oauth2).toEqual(emptyAuthConfig().oauth2);
  });

  it('applyPreset of the GraphQL preset fills the GraphQL test request', () => {
    const { testRequest } = applyPreset(findPreset('local-demo-graphql')!);
    expect(testRequest.mode).toBe('graphql');
    expect(testRequest.url).toBe(`${DEMO_ORIGIN}/api/graphql`);
    expect(JSON.parse(testRequest.variables)).toEqual({ message: 'hello' });
  });

  it.each(PRESETS.map((preset) => [preset.id, preset] as const))('%s applies to a configuration that survives the stored-value check', (id, preset) => {
    const { auth, testRequest } = applyPreset(preset);
    expect(auth.presetId).toBe(id);
    expect(auth.authType).toBe(preset.authType);
    expect(parseAuthConfig(auth)).toEqual(auth);
    expect(parseTestRequest(testRequest)).toEqual(testRequest);
  });

  it('applyPreset returns fresh objects: editing the result changes neither the preset nor a later result', () => {
    const preset = findPreset('local-demo')!;
    const before = structuredClone(preset);
    const first = applyPreset(preset);
    first.auth.oauth2.clientId = 'changed';
    first.auth.oauth2.extraParams.push({ key: 'k', value: 'v' });
    first.testRequest.headers.push({ key: 'X', value: '1' });
    first.testRequest.url = 'https://changed.example.com';
    expect(preset).toEqual(before);
    const second = applyPreset(preset);
    expect(second.auth.oauth2.clientId).toBe('demo-cc');
    expect(second.auth.oauth2.extraParams).toEqual([]);
    expect(second.testRequest.headers).toEqual([]);
  });
});
