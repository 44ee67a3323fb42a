/**
 * What a request resolves its values from, besides the form: the open credential's saved secrets
 * (decrypted, in memory only) and the active environment's variables; and one list of every secret
 * value known in this tab, for redaction. Requests resolve from it in `resolve.ts` (loaded with
 * the first request, not with the page).
 */
import { secretValues, type AuthConfig, type OAuth2Settings } from '../config/auth-config';
import type { SecretValues } from '../config/credential';
import { previewText, resolveText, secretVariableValues, variableValues, type Variable } from '../config/variables';

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
}
