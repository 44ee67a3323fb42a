import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESET_ID, DEMO_ORIGIN, applyPreset, findPreset as findIn, loadAllPresets } from '../../src/lib/config/presets/index';

const PRESETS = await loadAllPresets();
const findPreset = (id: string | null) => findIn(id, PRESETS);
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

describe('vendor presets', () => {
  it('Nexar supply is Client Credentials at identity.nexar.com with scope supply.domain', () => {
    const { auth } = applyPreset(findPreset('nexar-supply')!);
    expect(auth.oauth2).toMatchObject({ grantType: 'client_credentials', tokenUrl: 'https://identity.nexar.com/connect/token', scope: 'supply.domain' });
  });

  it('Nexar design is Authorization Code + PKCE S256 with scope openid design.domain user.access', () => {
    const { auth } = applyPreset(findPreset('nexar-design')!);
    expect(auth.oauth2).toMatchObject({
      grantType: 'authorization_code',
      codeChallengeMethod: 'S256',
      authorizationUrl: 'https://identity.nexar.com/connect/authorize',
      scope: 'openid design.domain user.access',
    });
  });

  it('Clazar posts a JSON body to /authenticate/; Close sends its key as the Basic user name or uses OAuth', () => {
    expect(applyPreset(findPreset('clazar')!).auth.oauth2).toMatchObject({ tokenUrl: 'https://api.clazar.io/authenticate/', clientAuth: 'json_body' });
    const close = applyPreset(findPreset('close-api-key')!).auth;
    expect(close.authType).toBe('basic');
    expect(close.basic).toEqual({ username: '', password: '' });
    expect(applyPreset(findPreset('close-oauth')!).auth.authType).toBe('oauth2');
  });

  it.each(['google', 'github', 'entra', 'auth0', 'okta', 'keycloak'])('%s exists, says where to find the credentials, and declares every variable it uses', (id) => {
    const preset = findPreset(id)!;
    expect(preset.whereToFindCredentials.length).toBeGreaterThan(20);
    const used = new Set(JSON.stringify(preset.oauth2).match(/\{\{(\w+)\}\}/g)?.map((m) => m.slice(2, -2)) ?? []);
    expect(new Set((preset.variables ?? []).map((v) => v.name))).toEqual(used);
  });

  it('no preset carries a secret other than the public local-demo ones', () => {
    for (const preset of PRESETS.filter((p) => !p.id.startsWith('local-demo'))) {
      expect(preset.oauth2?.clientSecret ?? '').toBe('');
      expect(preset.apiKey?.value ?? '').toBe('');
      expect(preset.basic?.username ?? '').toBe('');
    }
  });

  it('what an embed shows of a preset names no repository command or file: those are developer notes', () => {
    const developerWords = /npm |README|demo\/|start-up|repository/;
    for (const preset of PRESETS) {
      expect(`${preset.summary} ${preset.whereToFindCredentials}`).not.toMatch(developerWords);
    }
    expect(findPreset('local-demo')?.developerNote).toContain('npm start');
  });
});

// Issue 15 item 7: provider presets carry their quirks.
describe('identity-provider presets', () => {
  const quirksOf = (id: string) => findPreset(id)?.quirks?.join(' ') ?? '';

  it('each says what its provider does differently', () => {
    for (const id of ['google', 'github', 'entra', 'entra-client-credentials', 'auth0', 'okta', 'keycloak', 'cognito', 'salesforce']) {
      expect(findPreset(id)?.quirks?.length, id).toBeGreaterThanOrEqual(2);
    }
    expect(quirksOf('entra')).toMatch(/tenant.*Single-page application.*\.default/s);
    expect(quirksOf('github')).toMatch(/no CORS.*HTTP 200.*without a refresh token/s);
    expect(quirksOf('keycloak')).toContain('unauthorized_client');
    expect(quirksOf('salesforce')).toContain('instance_url');
  });

  it('Entra Client Credentials asks for the .default scope of one tenant', () => {
    const { auth } = applyPreset(findPreset('entra-client-credentials')!);
    expect(auth.oauth2).toMatchObject({ grantType: 'client_credentials', scope: 'https://graph.microsoft.com/.default', tokenUrl: 'https://login.microsoftonline.com/{{tenant}}/oauth2/v2.0/token' });
    expect(findPreset('entra-client-credentials')!.variables).toEqual([{ name: 'tenant', value: 'your-tenant.onmicrosoft.com', secret: false }]);
  });

  it('Cognito uses Basic auth on the pool domain; Auth0 sends an audience; Salesforce asks for PKCE', () => {
    expect(applyPreset(findPreset('cognito')!).auth.oauth2).toMatchObject({ clientAuth: 'client_secret_basic', tokenUrl: 'https://{{cognito_domain}}/oauth2/token' });
    expect(applyPreset(findPreset('auth0')!).auth.oauth2.extraParams).toEqual([{ key: 'audience', value: 'https://{{auth0_domain}}/api/v2/' }]);
    expect(applyPreset(findPreset('salesforce')!).auth.oauth2).toMatchObject({ grantType: 'authorization_code', codeChallengeMethod: 'S256' });
  });

  it('every placeholder a preset uses is one of its variables', () => {
    for (const preset of PRESETS) {
      const used = [...JSON.stringify({ o: preset.oauth2, t: preset.testRequest }).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]);
      const declared = (preset.variables ?? []).map((v) => v.name);
      for (const name of used) expect(declared, `${preset.id} uses {{${name}}}`).toContain(name);
    }
  });
});
