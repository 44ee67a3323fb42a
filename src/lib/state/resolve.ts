/**
 * What a request is sent with: the form's settings, the open credential's saved secrets where a
 * field is empty, every `{{variable}}` resolved; refused when a secret variable would go to a host
 * not confirmed for settings from outside (`config/confirmed-hosts.ts`). Loaded with the first
 * request, not with the page.
 */
import type { AuthConfig, OAuth2Settings, TestRequestConfig } from '../config/auth-config';
import { assertConfirmedHosts, OAUTH_URL_FIELDS, type UrlField } from '../config/confirmed-hosts';
import { withSavedRequestSecrets, withSavedSecrets } from '../config/credential';
import { resolveConfig, resolveRequired } from '../config/variables';
import { PlaygroundError } from '../errors/playground-error';
import type { Configuration } from './configuration.svelte';
import type { SecretScope } from './secret-scope.svelte';

/** The state a request resolves from. */
export interface ResolveParts {
  readonly config: Configuration;
  readonly scope: SecretScope;
}

function assertUnlocked(scope: SecretScope): void {
  if (scope.locked) {
    throw new PlaygroundError('The saved secrets of this credential are locked.', {
      kind: 'input',
      code: 'secrets_locked',
      hint: 'Unlock them with your passphrase (Saved credentials), or type the secret again.',
    });
  }
}

/** Refuses secret variables bound for a host not confirmed (settings from a link or an import). */
function assertHosts({ config, scope }: ResolveParts, fields: readonly UrlField[], carries: unknown): void {
  assertConfirmedHosts(config.confirmed, config, scope.variables, { fields, carries });
}

/**
 * The whole configuration, saved secrets filled in and variables resolved: for what is not sent as
 * such (the key a flow signs with) and for picking the test request's attached auth, whose values
 * `resolveTestRequest` checks.
 * @throws PlaygroundError `unknown_variable`, or `secrets_locked` while saved secrets are locked.
 */
export function resolveAuth({ scope }: ResolveParts, auth: AuthConfig): AuthConfig {
  assertUnlocked(scope);
  return resolveConfig(withSavedSecrets(auth, scope.savedSecrets), scope.variables, 'settings');
}

/**
 * The OAuth settings a flow runs with (every endpoint, the client, the extra parameters).
 * @throws PlaygroundError `unconfirmed_host`, `unknown_variable` or `secrets_locked`.
 */
export function resolveSettings(parts: ResolveParts): OAuth2Settings {
  assertUnlocked(parts.scope);
  const { oauth2 } = withSavedSecrets({ oauth2: parts.config.auth.oauth2 }, parts.scope.savedSecrets);
  assertHosts(parts, OAUTH_URL_FIELDS, oauth2);
  return resolveConfig(oauth2, parts.scope.variables, 'settings');
}

/** What the test request attaches for each auth type (an OAuth token is no variable). */
const ATTACHED = { oauth2: null, api_key: 'apiKey', basic: 'basic', bearer: 'bearer' } as const;

/**
 * The test request to send (`request`: a plain copy of the form's), its saved credential headers
 * filled in. Checked with the values of the auth it attaches.
 * @throws PlaygroundError `unconfirmed_host` or `unknown_variable`.
 */
export function resolveTestRequest(parts: ResolveParts, request: TestRequestConfig): TestRequestConfig {
  const { config, scope } = parts;
  const filled = withSavedRequestSecrets(request, scope.savedSecrets);
  const group = ATTACHED[config.auth.authType];
  const attached = group ? withSavedSecrets({ [group]: config.auth[group] }, scope.savedSecrets) : null;
  assertHosts(parts, ['testUrl'], [filled, attached]);
  return resolveConfig(filled, scope.variables, 'test request');
}

/**
 * The Issuer, resolved, for Discover.
 * @throws PlaygroundError `unconfirmed_host` or `unknown_variable`.
 */
export function resolveIssuer(parts: ResolveParts): string {
  const issuer = parts.config.auth.oauth2.issuer;
  assertHosts(parts, ['issuer'], issuer);
  return resolveRequired(issuer, parts.scope.variables, 'Issuer');
}
