/**
 * The stored draft (the configuration being edited): its shape, what of it may be stored, and the
 * checks for it read back from storage (untrusted, like every stored record). Part of the storage
 * module, loaded when there is a draft to read or write rather than at startup (an embed has none);
 * needs nothing from `storage.ts` (which passes the schema version in).
 */
import { rowsWithoutSecrets, testRequestWithoutSecrets, withoutSecrets, type AuthConfig, type TestRequestConfig } from '../config/auth-config';
import type { ConfirmedHosts } from '../config/confirmed-hosts';
import { PROVIDER_FIELDS, type Origins } from '../config/provenance';
import { parseAuthConfig, parseTestRequest } from '../config/schema';
import { isObject } from './record-checks';

export interface Draft {
  auth: AuthConfig;
  testRequest: TestRequestConfig;
  /** The saved credential being edited, if any. */
  credentialId?: string | null;
  /** Where the provider values came from (see config/provenance.ts). */
  origins?: Origins;
  /** Select fields chosen by the person or the saved credential. */
  choices?: Partial<Record<'clientAuth' | 'codeChallengeMethod', 'person' | 'saved'>>;
  /** Settings from a share link or an import: the hosts the person confirmed for them. */
  confirmed?: ConfirmedHosts | undefined;
}

/** Checks a stored draft; anything unusable yields undefined (the app then starts from the default preset). */
export function parseDraft(value: unknown, schemaVersion: number): Draft | undefined {
  if (!isObject(value) || typeof value.v !== 'number' || value.v > schemaVersion) return undefined;
  const draft: Draft = { auth: parseAuthConfig(value.auth), testRequest: parseTestRequest(value.testRequest) };
  if (typeof value.credentialId === 'string') draft.credentialId = value.credentialId;
  const origins = parseOrigins(value.origins);
  if (origins) draft.origins = origins;
  if (isObject(value.choices)) {
    const choices: NonNullable<Draft['choices']> = {};
    for (const field of ['clientAuth', 'codeChallengeMethod'] as const) {
      const by = value.choices[field];
      if (by === 'person' || by === 'saved') choices[field] = by;
    }
    draft.choices = choices;
  }
  const confirmed = parseConfirmed(value.confirmed);
  if (confirmed) draft.confirmed = confirmed;
  return draft;
}

/** Checks stored confirmed hosts (a draft's, a saved credential's): strings only, or none at all. */
export function parseConfirmed(value: unknown): ConfirmedHosts | undefined {
  if (!isObject(value) || !Array.isArray(value.hosts) || !isObject(value.urls)) return undefined;
  const strings = (entries: [string, unknown][]) => entries.filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return { from: value.from === 'import' ? 'import' : 'share link', hosts: strings(Object.entries(value.hosts)).map(([, host]) => host), urls: Object.fromEntries(strings(Object.entries(value.urls))) };
}

/** Checks stored provenance records: each must name a known field, a source and its provider. */
function parseOrigins(value: unknown): Origins | undefined {
  if (!isObject(value)) return undefined;
  const origins: Origins = {};
  for (const field of PROVIDER_FIELDS) {
    const o = value[field];
    if (!isObject(o) || typeof o.value !== 'string' || !isObject(o.provider) || !isObject(o.source)) continue;
    const { issuer, tokenOrigin } = o.provider;
    if (typeof issuer !== 'string' || typeof tokenOrigin !== 'string') continue;
    const s = o.source;
    const source =
      s.kind === 'preset' && typeof s.presetId === 'string' && typeof s.name === 'string'
        ? { kind: 'preset' as const, presetId: s.presetId, name: s.name }
        : s.kind === 'discovered' && typeof s.issuer === 'string'
          ? { kind: 'discovered' as const, issuer: s.issuer }
          : undefined;
    if (source) origins[field] = { source, value: o.value, provider: { issuer, tokenOrigin } };
  }
  return origins;
}

/**
 * The draft's settings fit for storage: `withoutSecrets`, and the values of extra token headers and
 * parameters and extra authorization parameters whose names look secret emptied (the draft keeps
 * no encrypted copy: like the client secret, they are typed again).
 */
function draftAuth(auth: AuthConfig): AuthConfig {
  const copy = withoutSecrets(auth);
  copy.oauth2.extraParams = rowsWithoutSecrets(copy.oauth2.extraParams);
  copy.oauth2.extraHeaders = rowsWithoutSecrets(copy.oauth2.extraHeaders);
  copy.oauth2.authParams = rowsWithoutSecrets(copy.oauth2.authParams);
  return copy;
}

/** The draft as stored under `draft` (`KEYS.draft` in `storage.ts`): `draftAuth`, the test request without secrets. */
export function storedDraft(draft: Draft, schemaVersion: number): Record<string, unknown> {
  return {
    v: schemaVersion,
    auth: draftAuth(draft.auth),
    testRequest: testRequestWithoutSecrets(draft.testRequest),
    credentialId: draft.credentialId ?? null,
    ...(draft.origins ? { origins: draft.origins } : {}),
    ...(draft.choices ? { choices: draft.choices } : {}),
    ...(draft.confirmed ? { confirmed: draft.confirmed } : {}),
  };
}
