/**
 * What a request resolves its values from, besides the form: the open credential's saved secrets
 * (decrypted, in memory only), the active environment's variables, and the secrets typed in this
 * tab. One `resolve` for every request, and one list of every secret value for redaction.
 */
import { secretValues, type AuthConfig, type OAuth2Settings, type TestRequestConfig } from '../config/auth-config';
import { withSavedRequestSecrets, withSavedSecrets, type SecretValues } from '../config/credential';
import { previewText, resolveConfig, resolveRequired, resolveText, secretVariableValues, variableValues, type Variable } from '../config/variables';
import { PlaygroundError } from '../errors/playground-error';

export class SecretScope {
  #saved = $state.raw<SecretValues>({});
  #locked = $state(false);
  #variables = $state.raw<Variable[]>([]);
  #environmentId = $state<string | null>(null);

  /** Saved secret values of the open credential, decrypted: in memory only, never bound to a field. */
  get savedSecrets(): SecretValues {
    return this.#saved;
  }

  /** The credential has saved secrets, but they are locked behind the passphrase. */
  get locked(): boolean {
    return this.#locked;
  }

  get variables(): readonly Variable[] {
    return this.#variables;
  }

  /** The active environment, recorded with each token so another environment never sends it. */
  get environmentId(): string | null {
    return this.#environmentId;
  }

  /** The open credential's saved secrets (none for an unsaved configuration). */
  useSavedSecrets(saved: SecretValues, locked = false): void {
    this.#saved = saved;
    this.#locked = locked;
  }

  /** The active environment's variables (secret values decrypted). */
  useVariables(variables: readonly Variable[], environmentId: string | null): void {
    this.#variables = [...variables];
    this.#environmentId = environmentId;
  }

  /**
   * The whole configuration a request runs with: saved secrets where the field is empty, every
   * `{{name}}` resolved. Shares nothing with `auth`.
   * @throws PlaygroundError `unknown_variable`, or `secrets_locked` while saved secrets are locked.
   */
  resolve(auth: AuthConfig): AuthConfig {
    this.#assertUnlocked();
    return resolveConfig(withSavedSecrets(auth, this.#saved), this.#variables, 'settings');
  }

  /** Only the OAuth part (what a token request needs: resolving the rest would delay it). */
  resolveSettings(oauth2: OAuth2Settings): OAuth2Settings {
    this.#assertUnlocked();
    const { oauth2: filled } = withSavedSecrets({ oauth2 }, this.#saved);
    return resolveConfig(filled, this.#variables, 'settings');
  }

  resolveTestRequest(request: TestRequestConfig): TestRequestConfig {
    return resolveConfig(withSavedRequestSecrets(request, this.#saved), this.#variables, 'test request');
  }

  /** One text (Discover's issuer) with its variables resolved. */
  resolveText(text: string, what: string): string {
    return resolveRequired(text, this.#variables, what);
  }

  /** `text` with its variables resolved for display (secret values masked). */
  preview(text: string): string {
    return previewText(text, this.#variables);
  }

  /** `text` resolved where it can be (an unknown variable stays as typed), for comparisons. */
  bestEffort(text: string): string {
    return resolveText(text, variableValues(this.#variables));
  }

  /** Whether the request would send a client secret (typed or saved). */
  hasClientSecret(oauth2: OAuth2Settings): boolean {
    return oauth2.clientSecret !== '' || (this.#saved['oauth2.clientSecret'] ?? '') !== '';
  }

  /** Every secret value known here (typed in `auth`, saved, secret variables), for redaction. */
  secretValues(auth: AuthConfig): string[] {
    return [...secretValues(auth), ...Object.values(this.#saved), ...secretVariableValues(this.#variables)].filter(
      (value): value is string => typeof value === 'string' && value !== '',
    );
  }

  #assertUnlocked(): void {
    if (this.#locked) {
      throw new PlaygroundError('The saved secrets of this credential are locked.', {
        kind: 'input',
        code: 'secrets_locked',
        hint: 'Unlock them with your passphrase (Saved credentials), or type the secret again.',
      });
    }
  }
}
