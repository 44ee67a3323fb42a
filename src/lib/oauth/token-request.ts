/** Runs the token request the settings describe: the entry point the state layer calls for `Get token`. */
import { IMPLEMENTED_GRANTS, type OAuth2Settings } from '../config/auth-config';
import { PlaygroundError } from '../errors/playground-error';
import { requestClientCredentialsToken } from './client-credentials';
import type { ProtocolContext } from './context';
import { requestJsonBodyToken } from './json-body-token';
import type { TokenSet } from './token-set';

/**
 * Gets a token for `settings`. Throws whatever the grant throws; map it with `describeError`.
 */
export async function requestToken(settings: OAuth2Settings, ctx: ProtocolContext): Promise<TokenSet> {
  if (!IMPLEMENTED_GRANTS.includes(settings.grantType)) {
    throw new PlaygroundError(`The ${settings.grantType} grant is not available in this version yet.`, {
      kind: 'input',
      code: 'grant_not_implemented',
      hint: 'Choose Grant type client_credentials, or paste a token with Auth type “bearer”.',
    });
  }
  return settings.clientAuth === 'json_body' ? requestJsonBodyToken(settings, ctx) : requestClientCredentialsToken(settings, ctx);
}
