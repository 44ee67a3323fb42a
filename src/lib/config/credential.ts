/**
 * Saved credentials: a named, described configuration, the way Nexla keeps credential tiles.
 * Pure helpers: splitting the secret fields out of a configuration (they are stored encrypted and
 * never put back into the page), merging them back in when a flow runs, and describing a credential.
 */
import { looksSecretName } from '../http/secret-names';
import { rowsWithoutSecrets, testRequestWithoutSecrets, UNSTORED_FIELDS, withoutSecrets, type AuthConfig, type AuthType, type KeyValue, type OAuth2Settings, type TestRequestConfig } from './auth-config';

/** The secret fields by path, as stored encrypted. */
export type SecretValues = Partial<Record<string, string>>;

/** What the page knows about a saved credential (never its secrets). */
export interface CredentialSummary {
  id: string;
  name: string;
  description: string;
  authType: AuthType;
  /** The host a flow talks to first (token URL, or the test request's host). */
  host: string;
  /** Paths of the secret fields that have a saved value. */
  secretFields: string[];
  updatedAt: number;
}

function read(config: AuthConfig, group: string, field: string): string {
  return ((config as unknown as Record<string, Record<string, string>>)[group]?.[field] ?? '') as string;
}

/** The OAuth rows whose values are secret when their names look so (`client_assertion`, `X-Auth-Token`): stored encrypted. */
export const SECRET_ROW_GROUPS = ['extraParams', 'extraHeaders', 'authParams'] as const;
type RowGroup = (typeof SECRET_ROW_GROUPS)[number];

/** Where a secret-looking row is kept among the secrets: `oauth2.extraParams:client_assertion`, `oauth2.extraHeaders:x-auth-token`. */
export function rowPath(group: RowGroup, name: string): string {
  return `oauth2.${group}:${group === 'extraHeaders' ? name.trim().toLowerCase() : name.trim()}`;
}

/** The saved value for `row` of `group`, when its value is empty and its name looks secret. */
function savedRowValue(group: RowGroup, row: KeyValue, saved: SecretValues): string | undefined {
  return row.value === '' && looksSecretName(row.key) ? saved[rowPath(group, row.key)] : undefined;
}

/**
 * Splits `config` into what may be stored in clear (every secret field emptied, and every row of
 * `SECRET_ROW_GROUPS` whose name looks secret) and the non-empty secret values by path.
 */
export function splitSecrets(config: AuthConfig): { config: AuthConfig; secrets: SecretValues } {
  const secrets: SecretValues = {};
  for (const [group, field] of UNSTORED_FIELDS) {
    const value = read(config, group, field);
    if (value !== '') secrets[`${group}.${field}`] = value;
  }
  const clear = withoutSecrets(config);
  for (const group of SECRET_ROW_GROUPS) {
    for (const row of config.oauth2[group]) if (row.value !== '' && looksSecretName(row.key)) secrets[rowPath(group, row.key)] = row.value;
    clear.oauth2[group] = rowsWithoutSecrets(clear.oauth2[group]);
  }
  return { config: clear, secrets };
}

/**
 * A copy of `config` where each empty secret field (and each empty secret-looking row) takes its
 * saved value. A value typed in the field wins: that is how a saved secret is replaced. Groups
 * (`oauth2`, `apiKey`...) that take a value are copied; the others are shared with `config`, and
 * groups it lacks are skipped.
 */
export function withSavedSecrets<T extends Partial<AuthConfig>>(config: T, saved: SecretValues): T {
  const copy: Record<string, unknown> = { ...config };
  for (const [group, field] of UNSTORED_FIELDS) {
    const value = saved[`${group}.${field}`];
    const target = copy[group] as Record<string, unknown> | undefined;
    if (value !== undefined && target?.[field] === '') copy[group] = { ...target, [field]: value };
  }
  for (const group of SECRET_ROW_GROUPS) {
    const oauth2 = copy.oauth2 as OAuth2Settings | undefined;
    if (!oauth2?.[group].some((row) => savedRowValue(group, row, saved) !== undefined)) continue;
    copy.oauth2 = { ...oauth2, [group]: oauth2[group].map((row) => ({ key: row.key, value: savedRowValue(group, row, saved) ?? row.value })) };
  }
  return copy as T;
}

/** Where a credential header of the test request (a name `looksSecretName`: `Authorization`, `Private-Token`...) is kept among the secrets. */
const headerPath = (name: string) => `header:${name.trim().toLowerCase()}`;

/**
 * Splits the test request into what may be stored in clear (credential header values emptied) and
 * those values by path, to be stored encrypted with the other secrets.
 */
export function splitRequestSecrets(request: TestRequestConfig): { request: TestRequestConfig; secrets: SecretValues } {
  const secrets: SecretValues = {};
  for (const row of request.headers) {
    if (looksSecretName(row.key) && row.value !== '') secrets[headerPath(row.key)] = row.value;
  }
  return { request: testRequestWithoutSecrets(request), secrets };
}

/** A copy of `request` where each empty credential header takes its saved value. */
export function withSavedRequestSecrets(request: TestRequestConfig, saved: SecretValues): TestRequestConfig {
  const copy = structuredClone(request);
  copy.headers = copy.headers.map((row) => {
    const value = saved[headerPath(row.key)];
    return row.value === '' && value !== undefined && looksSecretName(row.key) ? { key: row.key, value } : row;
  });
  return copy;
}

/** The saved secrets that stay after the user typed new values: typed values replace saved ones. */
export function mergeSecrets(saved: SecretValues, typed: SecretValues): SecretValues {
  return { ...saved, ...typed };
}

/** The host a credential talks to, for its tile. */
export function credentialHost(config: AuthConfig, testRequestUrl: string): string {
  const candidates = config.authType === 'oauth2' ? [config.oauth2.tokenUrl, config.oauth2.issuer, testRequestUrl] : [testRequestUrl];
  for (const candidate of candidates) {
    const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)/i.exec(candidate.trim());
    if (match) return match[1]!;
  }
  return '';
}

/** Whether `summary` matches a search: every word appears in its name, description, host or auth type. */
export function matchesSearch(summary: Pick<CredentialSummary, 'name' | 'description' | 'host' | 'authType'>, search: string): boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = `${summary.name}\n${summary.description}\n${summary.host}\n${summary.authType}`.toLowerCase();
  return words.every((word) => text.includes(word));
}

/** `name` made unique among `taken` by appending " (2)", " (3)"... */
export function uniqueName(name: string, taken: Iterable<string>): string {
  const names = new Set(taken);
  if (!names.has(name)) return name;
  const base = name.replace(/ \(\d+\)$/, '');
  for (let n = 2; ; n++) if (!names.has(`${base} (${n})`)) return `${base} (${n})`;
}
