/**
 * Every secret a request can resolve from, by name: the fields as typed, the saved secrets of a
 * credential (the form is emptied on save, so the form alone misses them), secret variables, rows
 * whose names look secret, and the tokens obtained. Pure: the state passes plain values in.
 */
import { filledRows, type AuthConfig, type KeyValue, type TestRequestConfig } from '../config/auth-config';
import type { SecretValues } from '../config/credential';
import { resolveText, variableValues, type Variable } from '../config/variables';
import { looksSecretName } from './secret-names';
import { envName, type NamedSecret } from './snippets';

/** What the secret list is built from; each part is optional but `auth`. */
export interface SecretSources {
  /** The settings as typed (secret fields of a saved credential are empty here). */
  auth: AuthConfig;
  /** The test request as typed. */
  testRequest?: TestRequestConfig | undefined;
  /** A saved credential's secrets by path (`oauth2.clientSecret`, `apiKey.value`, `header:authorization`, `oauth2.extraHeaders:x-auth-token`). */
  savedSecrets?: SecretValues | undefined;
  /** The active environment's variables; only `secret: true` ones are secrets, all resolve `{{name}}`. */
  variables?: readonly Variable[] | undefined;
  /** The token runs obtained. */
  tokenRuns?: readonly { token: { access_token: string; refresh_token?: string | undefined; id_token?: string | undefined } }[] | undefined;
}

/** The variable standing for each secret field, by path (as `SECRET_FIELDS` and the saved secrets name them). */
const FIELD_NAMES: readonly [path: string, name: string][] = [
  ['oauth2.clientSecret', 'CLIENT_SECRET'],
  ['oauth2.password', 'PASSWORD'],
  ['oauth2.privateKeyJwk', 'PRIVATE_KEY_JWK'],
  ['oauth2.subjectToken', 'SUBJECT_TOKEN'],
  ['oauth2.actorToken', 'ACTOR_TOKEN'],
  ['oauth2.assertion', 'ASSERTION'],
  ['apiKey.value', 'API_KEY'],
  ['basic.username', 'BASIC_USERNAME'],
  ['basic.password', 'PASSWORD'],
  ['bearer.token', 'ACCESS_TOKEN'],
  ['proxy.token', 'PROXY_TOKEN'],
];

/** The variable for a header's value: the API-key headers share one name, as in vendors' docs. */
function headerName(header: string): string {
  const lower = header.trim().toLowerCase();
  return lower === 'x-api-key' || lower === 'api-key' ? 'API_KEY' : envName(header.trim());
}

/** A header value and, after an auth scheme (`Bearer abc`), the credential alone, which may appear elsewhere. */
function headerSecrets(header: string, value: string): NamedSecret[] {
  const out = [{ name: headerName(header), value }];
  const scheme = /^(Bearer|DPoP|Token|Basic)\s+(\S.*)$/i.exec(value.trim());
  if (scheme) out.push({ name: /^basic$/i.test(scheme[1]!) ? 'BASIC_CREDENTIALS' : 'ACCESS_TOKEN', value: scheme[2]! });
  return out;
}

const read = (auth: AuthConfig, path: string) => {
  const [group, field] = path.split('.') as [string, string];
  const value = (auth as unknown as Record<string, Record<string, unknown>>)[group]?.[field];
  return typeof value === 'string' ? value : '';
};

/**
 * The secrets a request may carry, each with the environment variable a snippet reads it from, in
 * this order (the first name given to a value wins): typed secret fields, saved secrets, typed rows
 * whose names look secret (extra token headers and parameters, authorization parameters, test
 * request headers), secret variables, tokens. `{{variables}}` in typed and saved values are
 * resolved, since the request carried the resolved text. Empty values are left out. The Basic user
 * name counts only when the auth type is Basic (it is often an API key, but elsewhere a plain word).
 */
export function namedSecrets(sources: SecretSources): NamedSecret[] {
  const { auth, testRequest, savedSecrets = {}, variables = [], tokenRuns = [] } = sources;
  const values = variableValues(variables);
  const resolve = (value: string) => resolveText(value, values);
  const fields = FIELD_NAMES.filter(([path]) => path !== 'basic.username' || auth.authType === 'basic');
  const rows = (list: readonly KeyValue[]) => filledRows(list).filter((row) => looksSecretName(row.key));
  const out: NamedSecret[] = [
    ...fields.map(([path, name]) => ({ name, value: resolve(read(auth, path)) })),
    ...fields.map(([path, name]) => ({ name, value: resolve(savedSecrets[path] ?? '') })),
    ...[...rows(auth.oauth2.extraHeaders), ...rows(testRequest?.headers ?? [])].flatMap((row) => headerSecrets(row.key, resolve(row.value))),
    ...[...rows(auth.oauth2.extraParams), ...rows(auth.oauth2.authParams)].map((row) => ({ name: envName(row.key), value: resolve(row.value) })),
    ...Object.entries(savedSecrets)
      .filter(([path]) => path.startsWith('header:') || path.startsWith('oauth2.extraHeaders:'))
      .flatMap(([path, value]) => headerSecrets(path.slice(path.indexOf(':') + 1), resolve(value ?? ''))),
    ...Object.entries(savedSecrets)
      .filter(([path]) => path.startsWith('oauth2.extraParams:') || path.startsWith('oauth2.authParams:'))
      .map(([path, value]) => ({ name: envName(path.slice(path.indexOf(':') + 1)), value: resolve(value ?? '') })),
    ...variables.filter((v) => v.secret).map((v) => ({ name: envName(v.name), value: v.value })),
    ...tokenRuns.flatMap(({ token }) => [
      { name: 'ACCESS_TOKEN', value: token.access_token },
      { name: 'REFRESH_TOKEN', value: token.refresh_token ?? '' },
      { name: 'ID_TOKEN', value: token.id_token ?? '' },
    ]),
  ];
  const seen = new Set<string>();
  return out.filter((secret) => secret.value !== '' && !seen.has(secret.value) && seen.add(secret.value));
}

/** The values of `namedSecrets(sources)`: every secret known, for redaction. */
export function knownSecrets(sources: SecretSources): string[] {
  return namedSecrets(sources).map((secret) => secret.value);
}
