/** JWT Bearer: an assertion signed in the browser with the form's private key, put into the Assertion field. */
import type { PlaygroundError } from '../errors/playground-error';
import type { Configuration } from './configuration.svelte';
import { describe, loadProtocol } from './protocol';
import { resolveAuth } from './resolve';
import type { SecretScope } from './secret-scope.svelte';

/**
 * Signs an assertion for `claims` with the Private key (JWK) (variables and a saved key resolved)
 * and fills the Assertion field with it. Returns the error to show, or null.
 */
export async function signAssertionIntoForm(pg: { config: Configuration; scope: SecretScope }, claims: { iss: string; sub: string }): Promise<PlaygroundError | null> {
  try {
    const { signJwtBearerAssertion } = await loadProtocol();
    pg.config.auth.oauth2.assertion = await signJwtBearerAssertion(resolveAuth(pg, pg.config.auth).oauth2, claims);
    return null;
  } catch (error) {
    return describe(error, 'Signing the assertion');
  }
}
