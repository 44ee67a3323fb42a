/**
 * Discovery: the server's metadata from `Issuer`, and what it means for the chosen settings.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html
 * @see https://www.rfc-editor.org/rfc/rfc8414
 */
import * as oauth from 'oauth4webapi';
import type { ProtocolContext } from './context';
import { requestOptions } from './server';
import { requireUrl } from './validate';

export interface Discovered {
  metadata: oauth.AuthorizationServer;
  /** Which well-known document answered. */
  source: 'openid-configuration' | 'oauth-authorization-server';
}

/**
 * Fetches `/.well-known/openid-configuration`, falling back to
 * `/.well-known/oauth-authorization-server` when the first is not there. oauth4webapi checks that the
 * document's `issuer` is exactly the one asked for.
 */
export async function discover(issuerText: string, ctx: ProtocolContext): Promise<Discovered> {
  const issuer = requireUrl(issuerText, 'Issuer');
  const options = requestOptions(issuer, ctx);
  const oidc = await oauth.discoveryRequest(issuer, { ...options, algorithm: 'oidc' });
  if (oidc.status === 404) {
    const rfc8414 = await oauth.discoveryRequest(issuer, { ...requestOptions(issuer, ctx), algorithm: 'oauth2' });
    return { metadata: await oauth.processDiscoveryResponse(issuer, rfc8414), source: 'oauth-authorization-server' };
  }
  return { metadata: await oauth.processDiscoveryResponse(issuer, oidc), source: 'openid-configuration' };
}
