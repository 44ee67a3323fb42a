import type { Preset } from './types';

/**
 * Where the bundled demo server (`npm start`, `demo/`) listens. Its credentials are public demo
 * values, which is why these presets may carry them.
 */
export const DEMO_ORIGIN: string = import.meta.env.VITE_DEMO_ORIGIN ?? 'http://127.0.0.1:9090';

/** Where the local demo's credentials are, for anyone trying the preset (an embed shows this too). */
export const where = 'Public demo credentials of the local demo provider, filled in for you.';

/** For people running this repository: how its demo server lists its clients. Never shown in an embed. */
export const developerNote = 'The local demo server prints its clients at start-up (`npm start`); they are also listed in demo/README.md.';

/** Every endpoint of the demo provider, as Discover would fill them. */
export const demoEndpoints = {
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
};

/** The preset the app opens with: Client Credentials against the demo server. */
export const localDemoDefault: Preset = {
  id: 'local-demo',
  name: 'Local demo',
  summary: 'Client Credentials against the bundled oidc-provider server, client secret sent as HTTP Basic.',
  whereToFindCredentials: where,
  developerNote,
  authType: 'oauth2',
  oauth2: {
    ...demoEndpoints,
    grantType: 'client_credentials',
    clientId: 'demo-cc',
    clientSecret: 'demo-cc-secret',
    scope: 'api:read',
    clientAuth: 'client_secret_basic',
  },
  testRequest: { method: 'GET', url: `${DEMO_ORIGIN}/api/me` },
};
