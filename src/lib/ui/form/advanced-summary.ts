/** What the `Advanced` disclosure holds that is set, in a few words for its summary. Pure. */
import type { AuthConfig } from '../../config/auth-config';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** `"DPoP, 2 extra parameters, 4 other endpoints"`, or `"nothing set"`. */
export function advancedSummary(auth: AuthConfig): string {
  const set: string[] = [];
  if (auth.authType === 'oauth2') {
    const o = auth.oauth2;
    if (o.dpop && o.clientAuth !== 'json_body') set.push('DPoP');
    const params = o.extraParams.filter((row) => row.key.trim()).length;
    const headers = o.extraHeaders.filter((row) => row.key.trim()).length;
    if (params) set.push(plural(params, 'extra parameter'));
    if (headers) set.push(plural(headers, 'extra header'));
    const endpoints = [o.revocationUrl, o.introspectionUrl, o.userinfoUrl, o.jwksUri, o.grantType === 'urn:ietf:params:oauth:grant-type:device_code' ? '' : o.deviceAuthorizationUrl].filter((url) => url.trim()).length;
    if (endpoints) set.push(plural(endpoints, 'other endpoint'));
  }
  if (auth.allowInsecureHttp) set.push('plain http allowed');
  if (auth.proxy.enabled) set.push('through the proxy');
  return set.length ? set.join(', ') : 'nothing set';
}
