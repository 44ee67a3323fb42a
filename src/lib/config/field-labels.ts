/**
 * The page's label (public name) of each field that holds a URL requests go to: one list for every
 * message that names a field (a provider change, a host not confirmed).
 */
export const URL_FIELD_LABELS = {
  issuer: 'Issuer',
  authorizationUrl: 'Authorization URL',
  tokenUrl: 'Token URL',
  deviceAuthorizationUrl: 'Device authorization URL',
  revocationUrl: 'Revocation URL',
  introspectionUrl: 'Introspection URL',
  userinfoUrl: 'UserInfo URL',
  parUrl: 'PAR endpoint',
  jwksUri: 'JWKS URI',
  testUrl: 'Request URL',
  proxyUrl: 'Proxy URL',
} as const;
