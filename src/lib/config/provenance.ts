/**
 * Where each provider-specific value of a configuration came from: typed by the person, filled by
 * a preset, or discovered from an issuer's metadata. Pure functions over plain data: the
 * configuration being edited keeps an `Origins` record beside its settings and asks these
 * functions which values still belong to the provider the person is talking to.
 *
 * A value keeps its origin only while it is unchanged: once the person edits it, it is theirs
 * ("typed"). When the Issuer, or the origin of the Token URL, moves to another provider, the values
 * that came from the previous one are stale and must be cleared, never silently used.
 */
import type { AuthConfig, TestRequestConfig } from './auth-config';

/** The endpoint fields a discovery document fills. */
export const ENDPOINT_FIELDS = [
  'authorizationUrl',
  'tokenUrl',
  'deviceAuthorizationUrl',
  'revocationUrl',
  'introspectionUrl',
  'userinfoUrl',
  'parUrl',
  'jwksUri',
] as const;
export type EndpointField = (typeof ENDPOINT_FIELDS)[number];

/** The settings whose values belong to one provider: its issuer, its endpoints, the iss flag, the test URL. */
export const PROVIDER_FIELDS = ['issuer', ...ENDPOINT_FIELDS, 'issParameterSupported', 'testUrl'] as const;
export type ProviderField = (typeof PROVIDER_FIELDS)[number];

/**
 * The fields cleared when the provider changes. The test request's URL is an API, not the
 * provider's own: it is flagged instead (see `staleTestUrlNote`). The client id, secret and scope
 * stay: they are the person's to change, and the page shows them.
 */
export const CLEARED_ON_PROVIDER_CHANGE = PROVIDER_FIELDS.filter((field) => field !== 'testUrl');



/** Where a value came from. */
export type Source = { kind: 'preset'; presetId: string; name: string } | { kind: 'discovered'; issuer: string };

/** The provider a set of values belongs to: its issuer and its token endpoint's origin. */
export interface Provider {
  issuer: string;
  tokenOrigin: string;
}

export interface Origin {
  source: Source;
  /** The value as the source left it; a different value in the field means the person typed it. */
  value: string;
  provider: Provider;
}

export type Origins = Partial<Record<ProviderField, Origin>>;

/** An issuer compared as the protocol compares it, except for one trailing slash. */
const normalIssuer = (issuer: string) => issuer.trim().replace(/\/$/, '');

/** `url`'s origin, or '' when it is empty, holds a `{{variable}}` in its host, or is not a URL. */
export function originOf(url: string): string {
  const text = url.trim();
  if (text === '' || /^[^/]*\/\/[^/]*\{\{/.test(text)) return '';
  try {
    const parsed = new URL(text);
    return parsed.origin === 'null' ? '' : parsed.origin;
  } catch {
    return '';
  }
}

/** `url`'s host, or '' (see `originOf`). */
function hostOf(url: string): string {
  const origin = originOf(url);
  return origin ? new URL(origin).host : '';
}

/** The value of `field` in `auth` / `testRequest`, as text. */
export function fieldValue(auth: AuthConfig, testRequest: TestRequestConfig, field: ProviderField): string {
  if (field === 'testUrl') return testRequest.url;
  const value = auth.oauth2[field];
  return typeof value === 'boolean' ? String(value) : value;
}

/** The provider the settings talk to now. */
export function currentProvider(auth: AuthConfig): Provider {
  return { issuer: normalIssuer(auth.oauth2.issuer), tokenOrigin: originOf(auth.oauth2.tokenUrl) };
}

/**
 * Whether `now` is another provider than `then`: the Issuer was changed to another one, or the
 * Token URL moved to another origin. An emptied field changes nothing (the person may be retyping).
 */
export function isOtherProvider(then: Provider, now: Provider): boolean {
  return (now.issuer !== '' && now.issuer !== then.issuer) || (now.tokenOrigin !== '' && now.tokenOrigin !== then.tokenOrigin);
}

/** The origins of every non-empty provider value in the settings, all from `source`. */
export function originsFrom(auth: AuthConfig, testRequest: TestRequestConfig, source: Source, fields: readonly ProviderField[] = PROVIDER_FIELDS): Origins {
  const provider = currentProvider(auth);
  const origins: Origins = {};
  for (const field of fields) {
    const value = fieldValue(auth, testRequest, field);
    if (value !== '' && value !== 'false') origins[field] = { source, value, provider };
  }
  return origins;
}

/** Where the value now in `field` came from: its source, or 'typed' once it differs (or has no record). */
export function sourceOf(origins: Origins, field: ProviderField, value: string): Source | 'typed' {
  const origin = origins[field];
  return origin && origin.value === value ? origin.source : 'typed';
}

/** The fields whose values came from another provider than the one the settings talk to now. */
export function staleFields(origins: Origins, auth: AuthConfig, testRequest: TestRequestConfig, fields: readonly ProviderField[] = PROVIDER_FIELDS): ProviderField[] {
  const now = currentProvider(auth);
  return fields.filter((field) => {
    const origin = origins[field];
    return origin !== undefined && origin.value === fieldValue(auth, testRequest, field) && isOtherProvider(origin.provider, now);
  });
}

/** A note for a test request URL that came with another provider's preset, or null. */
export function staleTestUrlNote(origins: Origins, auth: AuthConfig, testRequest: TestRequestConfig): string | null {
  if (staleFields(origins, auth, testRequest, ['testUrl']).length === 0) return null;
  const host = hostOf(testRequest.url);
  return `Came with ${describeSource(origins.testUrl!.source)}${host ? ` and points at ${host}` : ''}, while the settings now talk to another provider: check it is the API you mean.`;
}

/** "the preset “Local demo”" / "the metadata of http://…". */
export function describeSource(source: Source): string {
  return source.kind === 'preset' ? `the preset “${source.name}”` : `the metadata of ${source.issuer}`;
}

/**
 * A note for a URL that points at another host than the Issuer's, or null. Discovered values are
 * the issuer's own word and are not flagged.
 */
export function otherHostNote(origins: Origins, auth: AuthConfig, testRequest: TestRequestConfig, field: EndpointField): string | null {
  const issuerHost = hostOf(auth.oauth2.issuer);
  const value = fieldValue(auth, testRequest, field);
  const host = hostOf(value);
  if (!issuerHost || !host || host === issuerHost) return null;
  const source = sourceOf(origins, field, value);
  if (source !== 'typed' && source.kind === 'discovered' && normalIssuer(source.issuer) === normalIssuer(auth.oauth2.issuer)) return null;
  return `Points at ${host}, not the Issuer’s host ${issuerHost}: check it belongs to the same provider.`;
}
