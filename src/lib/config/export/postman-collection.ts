/**
 * A configuration as a Postman collection v2.1: the auth block (oauth2, apikey, basic, bearer) on
 * the collection and the test request as its one request. Secrets go in only when asked; otherwise
 * each is a `{{variable}}` for the person to define in Postman (`{{client_secret}}`...), which the
 * playground's own import keeps as written.
 * @see https://schema.postman.com/collection/json/v2.1.0/draft-07/docs/index.html
 */
import type { AuthConfig, TestRequestConfig } from '../auth-config';

export const POSTMAN_SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

const GRANTS: Partial<Record<string, string>> = {
  client_credentials: 'client_credentials',
  authorization_code: 'authorization_code_with_pkce',
  password: 'password_credentials',
};

const kv = (entries: [string, string][]) => entries.map(([key, value]) => ({ key, value, type: 'string' }));

function authBlock(auth: AuthConfig, secret: (value: string, name: string) => string): Record<string, unknown> {
  const o = auth.oauth2;
  switch (auth.authType) {
    case 'oauth2': {
      const entries: [string, string][] = [
        ['grant_type', GRANTS[o.grantType] ?? o.grantType],
        ['accessTokenUrl', o.tokenUrl],
        ['clientId', o.clientId],
        ['clientSecret', o.clientAuth === 'none' ? '' : secret(o.clientSecret, 'client_secret')],
        ['scope', o.scope],
        ['client_authentication', o.clientAuth === 'client_secret_post' ? 'body' : 'header'],
        ['addTokenTo', 'header'],
      ];
      if (o.grantType === 'authorization_code') entries.push(['authUrl', o.authorizationUrl], ['challengeAlgorithm', o.codeChallengeMethod]);
      if (o.grantType === 'password') entries.push(['username', o.username], ['password', secret(o.password, 'password')]);
      return { type: 'oauth2', oauth2: kv(entries) };
    }
    case 'api_key':
      return { type: 'apikey', apikey: kv([['key', auth.apiKey.name], ['value', secret(auth.apiKey.value, 'api_key')], ['in', auth.apiKey.placement]]) };
    case 'basic':
      return { type: 'basic', basic: kv([['username', secret(auth.basic.username, 'username')], ['password', secret(auth.basic.password, 'password')]]) };
    case 'bearer':
      return { type: 'bearer', bearer: kv([['token', secret(auth.bearer.token, 'token')]]) };
  }
}

/** The collection for `auth` and `testRequest`; `auth` holds the secrets to include when `includeSecrets`. */
export function postmanCollection(name: string, auth: AuthConfig, testRequest: TestRequestConfig, { includeSecrets }: { includeSecrets: boolean }): Record<string, unknown> {
  const secret = (value: string, variable: string) => (includeSecrets ? value : `{{${variable}}}`);
  const request: Record<string, unknown> = {
    method: testRequest.method,
    header: testRequest.headers.filter((row) => row.key.trim() !== '').map(({ key, value }) => ({ key, value })),
    url: { raw: testRequest.url },
  };
  if (testRequest.mode === 'graphql') request.body = { mode: 'graphql', graphql: { query: testRequest.query, variables: testRequest.variables } };
  else if (testRequest.body !== '') request.body = { mode: 'raw', raw: testRequest.body };
  return {
    info: { name, schema: POSTMAN_SCHEMA },
    auth: authBlock(auth, secret),
    item: [{ name: testRequest.url ? 'Test request' : 'Test request (no URL yet)', request }],
  };
}
