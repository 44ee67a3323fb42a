/**
 * Templates for the vendor APIs this playground was designed from (../shared/seeds: Nexar, Clazar,
 * Close). Each fills a new credential with the vendor's endpoints and usual choices; the client id
 * and secret stay for the user to paste. Identity providers are in `identity-providers.ts`.
 */
import type { Preset } from './types';

export const vendorPresets: Preset[] = [
  {
    id: 'nexar-supply',
    name: 'Nexar: supply (Client Credentials)',
    summary: 'Client Credentials with scope supply.domain; tokens live 24 hours, so cache them for their lifetime.',
    whereToFindCredentials: 'Nexar portal → Applications → your app → Authorization tab: Client ID and Secret next to Credentials.',
    authType: 'oauth2',
    oauth2: {
      grantType: 'client_credentials',
      tokenUrl: 'https://identity.nexar.com/connect/token',
      clientAuth: 'client_secret_post',
      scope: 'supply.domain',
    },
    testRequest: {
      mode: 'graphql',
      method: 'POST',
      url: 'https://api.nexar.com/graphql',
      query: 'query {\n  supSearchMpn(q: "lm358", limit: 1) {\n    hits\n  }\n}',
    },
  },
  {
    id: 'nexar-design',
    name: 'Nexar: design (Authorization Code + PKCE)',
    summary: 'Authorization Code with PKCE S256 and scope openid design.domain user.access; register this page’s Redirect URI with the app.',
    whereToFindCredentials: 'Nexar portal → Applications → your app → Authorization tab: Client ID and Secret next to Credentials.',
    authType: 'oauth2',
    oauth2: {
      grantType: 'authorization_code',
      issuer: 'https://identity.nexar.com',
      authorizationUrl: 'https://identity.nexar.com/connect/authorize',
      tokenUrl: 'https://identity.nexar.com/connect/token',
      clientAuth: 'client_secret_post',
      codeChallengeMethod: 'S256',
      scope: 'openid design.domain user.access',
    },
    testRequest: { mode: 'graphql', method: 'POST', url: 'https://api.nexar.com/graphql', query: 'query {\n  desMe {\n    username\n  }\n}' },
  },
  {
    id: 'clazar',
    name: 'Clazar (JSON-body client credentials)',
    summary: 'POSTs {"client_id","client_secret"} as JSON to /authenticate/ and uses the access_token as a Bearer token.',
    whereToFindCredentials: 'Clazar → Settings → API credentials: create a client and copy its Client ID and Client Secret.',
    authType: 'oauth2',
    oauth2: { grantType: 'client_credentials', tokenUrl: 'https://api.clazar.io/authenticate/', clientAuth: 'json_body' },
    testRequest: { method: 'GET', url: 'https://api.clazar.io/buyers/' },
  },
  {
    id: 'close-api-key',
    name: 'Close: API key (Basic user name)',
    summary: 'The API key is the HTTP Basic user name; the password stays empty.',
    whereToFindCredentials: 'Close → Settings → Developer → API Keys → Create New API Key (copy it at once: it is shown only once).',
    authType: 'basic',
    basic: { username: '', password: '' },
    testRequest: { method: 'GET', url: 'https://api.close.com/api/v1/me/' },
  },
  {
    id: 'close-oauth',
    name: 'Close: OAuth 2.0',
    summary: 'Authorization Code with PKCE for user-facing integrations; register this page’s Redirect URI with the OAuth app.',
    whereToFindCredentials: 'Close → Settings → Developer → OAuth Apps → your app: Client ID and Client Secret.',
    authType: 'oauth2',
    oauth2: {
      grantType: 'authorization_code',
      authorizationUrl: 'https://app.close.com/oauth2/authorize/',
      tokenUrl: 'https://api.close.com/oauth2/token/',
      clientAuth: 'client_secret_post',
      scope: 'all.full_access offline_access',
    },
    testRequest: { method: 'GET', url: 'https://api.close.com/api/v1/me/' },
  },
];
