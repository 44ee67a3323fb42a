import type { Preset } from './types';

/**
 * Where the bundled demo server (`npm start`, `demo/`) listens. Its credentials are public demo
 * values, which is why these presets may carry them.
 */
export const DEMO_ORIGIN: string = import.meta.env.VITE_DEMO_ORIGIN ?? 'http://127.0.0.1:9090';

const where = 'The local demo server prints its clients at start-up (`npm start`); they are also listed in demo/README.md.';

/** The demo client demo-pkjwt's private key: public demo data, the same as demo/keys/demo-pkjwt.private.jwk.json. */
const DEMO_PKJWT_KEY = {
  kty: 'EC',
  crv: 'P-256',
  x: '-doD7qzJKjxCwLZgSl54nPrFslNW7gUcs4qK_sxxC8A',
  y: '7eAyDVbIXLTA-KGFbIx0PD4EuXr0nfAddvURp97JpCA',
  d: 'tEGSmn8m_eou4FYWG0DRuYO772qM_S9wZeu6b3MhpsE',
  kid: 'demo-pkjwt-DnfFodmk0S81',
  alg: 'ES256',
};

/** Every endpoint of the demo provider, as Discover would fill them. */
const demoEndpoints = {
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

export const localDemoPresets: Preset[] = [
  {
    id: 'local-demo',
    name: 'Local demo',
    summary: 'Client Credentials against the bundled oidc-provider server, client secret sent as HTTP Basic.',
    whereToFindCredentials: where,
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
  },
  {
    id: 'local-demo-pkce',
    name: 'Local demo: Authorization Code + PKCE (public client)',
    summary: 'Sign in at the demo provider (any login name), approve, and come back with tokens and validated ID token claims.',
    whereToFindCredentials: where,
    authType: 'oauth2',
    oauth2: {
      ...demoEndpoints,
      grantType: 'authorization_code',
      clientId: 'demo-spa',
      clientSecret: '',
      scope: 'openid profile email offline_access api:read',
      clientAuth: 'none',
      codeChallengeMethod: 'S256',
    },
    testRequest: { method: 'GET', url: `${DEMO_ORIGIN}/me` },
  },
  {
    id: 'local-demo-confidential',
    name: 'Local demo: Authorization Code + PKCE (confidential client)',
    summary: 'A client secret and PKCE together, as Nexar’s design scope asks (openid design.domain user.access).',
    whereToFindCredentials: where,
    authType: 'oauth2',
    oauth2: {
      ...demoEndpoints,
      grantType: 'authorization_code',
      clientId: 'demo-web',
      clientSecret: 'demo-web-secret',
      scope: 'openid design.domain user.access',
      clientAuth: 'client_secret_basic',
      codeChallengeMethod: 'S256',
    },
    testRequest: { method: 'GET', url: `${DEMO_ORIGIN}/me` },
  },
  {
    id: 'local-demo-device',
    name: 'Local demo: Device flow',
    summary: 'Get a user code, approve it on the provider’s device page, and watch the polling.',
    whereToFindCredentials: where,
    authType: 'oauth2',
    oauth2: { ...demoEndpoints, grantType: 'urn:ietf:params:oauth:grant-type:device_code', clientId: 'demo-spa', clientSecret: '', scope: 'openid offline_access api:read', clientAuth: 'none' },
    testRequest: { method: 'GET', url: `${DEMO_ORIGIN}/me` },
  },
  {
    id: 'local-demo-password',
    name: 'Local demo: Password grant (legacy)',
    summary: 'The resource owner password grant, for old servers: user demo-user, password demo-password.',
    whereToFindCredentials: where,
    authType: 'oauth2',
    oauth2: {
      ...demoEndpoints,
      grantType: 'password',
      clientId: 'demo-password',
      clientSecret: 'demo-password-secret',
      username: 'demo-user',
      password: 'demo-password',
      scope: 'openid api:read offline_access',
      clientAuth: 'client_secret_basic',
    },
    testRequest: { method: 'GET', url: `${DEMO_ORIGIN}/me` },
  },
  {
    id: 'local-demo-private-key-jwt',
    name: 'Local demo: private_key_jwt',
    summary: 'Client credentials where the client signs a JWT with its private key instead of sending a secret.',
    whereToFindCredentials: 'The demo key is public on purpose (demo/keys/demo-pkjwt.private.jwk.json); real providers take the public key (or a JWKS URL) in the client’s settings.',
    authType: 'oauth2',
    oauth2: {
      ...demoEndpoints,
      grantType: 'client_credentials',
      clientId: 'demo-pkjwt',
      clientSecret: '',
      scope: 'api:read',
      clientAuth: 'private_key_jwt',
      privateKeyJwk: JSON.stringify(DEMO_PKJWT_KEY),
    },
    testRequest: { method: 'GET', url: `${DEMO_ORIGIN}/api/me` },
  },
  {
    id: 'local-demo-graphql',
    name: 'Local demo: GraphQL API',
    summary: 'A client-credentials token sent to a GraphQL endpoint, as Nexar’s API is queried.',
    whereToFindCredentials: where,
    authType: 'oauth2',
    oauth2: {
      grantType: 'client_credentials',
      issuer: DEMO_ORIGIN,
      tokenUrl: `${DEMO_ORIGIN}/token`,
      clientId: 'demo-cc',
      clientSecret: 'demo-cc-secret',
      scope: 'supply.domain',
      clientAuth: 'client_secret_post',
    },
    testRequest: {
      mode: 'graphql',
      method: 'POST',
      url: `${DEMO_ORIGIN}/api/graphql`,
      query: 'query Me($message: String!) {\n  me { clientId scope tokenKind }\n  echo(message: $message)\n}',
      variables: '{ "message": "hello" }',
    },
  },
  {
    id: 'local-demo-json-body',
    name: 'Local demo: JSON-body token (Clazar-style)',
    summary: 'Client id and secret posted as a JSON body, the way Clazar’s /authenticate/ takes them.',
    whereToFindCredentials: where,
    authType: 'oauth2',
    oauth2: {
      grantType: 'client_credentials',
      tokenUrl: `${DEMO_ORIGIN}/clazar/authenticate/`,
      clientId: 'demo-clazar',
      clientSecret: 'demo-clazar-secret',
      scope: '',
      clientAuth: 'json_body',
    },
    testRequest: { method: 'GET', url: `${DEMO_ORIGIN}/api/me` },
  },
  {
    id: 'local-demo-close',
    name: 'Local demo: API key as Basic user (Close-style)',
    summary: 'An API key sent as the HTTP Basic user name with an empty password, as Close expects.',
    whereToFindCredentials: where,
    authType: 'basic',
    basic: { username: 'demo-close-api-key', password: '' },
    testRequest: { method: 'GET', url: `${DEMO_ORIGIN}/close/api/v1/me/` },
  },
  {
    id: 'local-demo-api-key',
    name: 'Local demo: API key header',
    summary: 'An API key sent in the X-API-Key header.',
    whereToFindCredentials: where,
    authType: 'api_key',
    apiKey: { placement: 'header', name: 'X-API-Key', value: 'demo-api-key' },
    testRequest: { method: 'GET', url: `${DEMO_ORIGIN}/api/key` },
  },
];
