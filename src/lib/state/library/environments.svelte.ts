/**
 * Named environments of `{{variables}}`: the active one's variables apply to every request as they
 * are typed, and are saved shortly after (secret values encrypted under the vault's key).
 */
import { uniqueName } from '../../config/credential';
import { VARIABLE_NAME, type Environment, type Variable } from '../../config/variables';
import { StaleWriteError, type LibraryStorage, type StoredEnvironments, type StoredVariable } from '../../store/library-storage';
import { decryptJson, encryptJson } from '../../store/vault';
import { messageOf, newId } from './ids';

const SAVE_DELAY_MS = 400;

export interface EnvironmentsDeps {
  storage: Pick<LibraryStorage, 'loadEnvironments' | 'saveEnvironments'>;
  now: () => number;
  /** The vault's key; null while locked. */
  key: () => CryptoKey | null;
  /** Before secret values are written: the stored vault is still this key's (throws when not). */
  assertIntact: () => Promise<void>;
  /** The active environment's variables changed. */
  apply: (variables: Variable[], environmentId: string | null) => void;
  /** Written: other tabs re-read them. */
  announce: () => void;
  /** What happened, in plain words, for the page. */
  report: (said: { problem?: string | null; notice?: string }) => void;
}

export class Environments {
  /** Edited in place by the variables table (typing), then `edited()`. */
  list = $state<Environment[]>([]);
  #activeId = $state<string | null>(null);
  #updatedAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The read of the stored environments: whatever writes them waits for it, so a write made while
   * the page was still loading neither is undone by the read nor overwrites what was stored. */
  #loading: Promise<void> = Promise.resolve();
  readonly #deps: EnvironmentsDeps;

  constructor(deps: EnvironmentsDeps) {
    this.#deps = deps;
  }

  get activeId(): string | null {
    return this.#activeId;
  }

  active = $derived(this.list.find((env) => env.id === this.#activeId) ?? null);

  /** Reads them (secret values decrypted when the vault is open). */
  load(): Promise<void> {
    return (this.#loading = this.#read());
  }

  async #read(): Promise<void> {
    const stored = await this.#deps.storage.loadEnvironments();
    this.#updatedAt = stored.updatedAt;
    this.list = await Promise.all(stored.items.map(async (env) => ({ id: env.id, name: env.name, variables: await Promise.all(env.variables.map((v) => this.#open(v))) })));
    this.#activeId = stored.activeId;
    this.#apply();
  }

  async #open(v: StoredVariable): Promise<Variable> {
    const key = this.#deps.key();
    if (!v.secret) return { name: v.name, value: v.value, secret: false };
    if (!v.sealed || !key) return { name: v.name, value: '', secret: true };
    try {
      return { name: v.name, value: String(await decryptJson(key, v.sealed)), secret: true };
    } catch {
      return { name: v.name, value: '', secret: true };
    }
  }

  #apply(): void {
    const variables = $state.snapshot(this.active?.variables ?? []).filter((v) => VARIABLE_NAME.test(v.name));
    this.#deps.apply(variables, this.active?.id ?? null);
  }

  /** A variable was typed: it applies at once and is saved shortly after (no need for `Save variables`). */
  edited(): void {
    this.#apply();
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.save({ quiet: true }), SAVE_DELAY_MS);
  }

  /** `Add environment`. */
  add(name: string): void {
    const clean = uniqueName(name.trim() || 'New environment', this.list.map((env) => env.name));
    const env: Environment = { id: newId('env'), name: clean, variables: [{ name: '', value: '', secret: false }] };
    this.list.push(env);
    this.#activeId = env.id;
  }

  /** Adds environments (from an import file) under names not taken yet. */
  addAll(environments: readonly Environment[]): void {
    const names = this.list.map((env) => env.name);
    for (const env of environments) {
      const name = uniqueName(env.name, names);
      names.push(name);
      this.list.push({ ...env, id: newId('env'), name });
    }
  }

  remove(id: string): void {
    this.list = this.list.filter((env) => env.id !== id);
    if (this.#activeId === id) this.#activeId = this.list[0]?.id ?? null;
  }

  /** `Save variables`: writes every environment; secret values encrypted. Refuses invalid names. */
  async save({ quiet = false }: { quiet?: boolean } = {}): Promise<boolean> {
    clearTimeout(this.#timer);
    await this.#loading;
    const report = this.#deps.report;
    const key = this.#deps.key();
    for (const env of this.list) {
      const bad = env.variables.find((v) => v.name.trim() !== '' && !VARIABLE_NAME.test(v.name.trim()));
      if (bad) {
        report({ problem: `“${bad.name}” in ${env.name} is not a valid variable name: use letters, digits, _ - . and start with a letter or _.` });
        return false;
      }
    }
    const hasSecretValues = this.list.some((env) => env.variables.some((v) => v.secret && v.value !== ''));
    if (!key && hasSecretValues) {
      report({ problem: 'Saved secrets are locked: unlock them before saving secret variables.' });
      return false;
    }
    if (hasSecretValues) {
      try {
        await this.#deps.assertIntact();
      } catch (error) {
        report({ problem: messageOf(error) });
        return false;
      }
    }
    const items = await Promise.all(
      this.list.map(async (env) => ({
        id: env.id,
        name: env.name,
        variables: await Promise.all(
          env.variables
            .filter((v) => v.name.trim() !== '')
            .map(async (v): Promise<StoredVariable> =>
              v.secret ? { name: v.name.trim(), secret: true, value: '', sealed: await encryptJson(key!, v.value) } : { name: v.name.trim(), secret: false, value: v.value },
            ),
        ),
      })),
    );
    const record: StoredEnvironments = { activeId: this.#activeId, items, updatedAt: Math.max(this.#deps.now(), this.#updatedAt + 1) };
    try {
      await this.#deps.storage.saveEnvironments(record, this.#updatedAt);
    } catch (error) {
      report({ problem: error instanceof StaleWriteError ? `${error.message}. Reload the page to see the other tab’s variables.` : `The variables could not be saved: ${messageOf(error)}.` });
      return false;
    }
    this.#updatedAt = record.updatedAt;
    this.#apply();
    report(quiet ? { problem: null } : { problem: null, notice: 'Variables saved.' });
    this.#deps.announce();
    return true;
  }

  /** `Environment`: switches the active environment (and saves the choice). */
  async select(id: string | null): Promise<void> {
    this.#activeId = id;
    this.#apply();
    await this.save();
  }

  /** A preset's placeholders: adds the variables it needs to the active environment when missing. */
  async addPresetVariables(variables: readonly Variable[]): Promise<void> {
    await this.#loading;
    if (!this.active) this.add('Default');
    const env = this.active!;
    const names = new Set(env.variables.map((v) => v.name));
    const added = variables.filter((v) => !names.has(v.name));
    if (added.length === 0) return;
    env.variables = [...env.variables.filter((v) => v.name !== ''), ...added.map((v) => ({ ...v })), { name: '', value: '', secret: false }];
    if (await this.save()) {
      this.#deps.report({ notice: `Added the preset’s variables to ${env.name}: ${added.map((v) => `{{${v.name}}}`).join(', ')}. Set their values under Variables.` });
    }
  }

  /** The vault locked: secret values are forgotten until it opens again. */
  forgetSecrets(): void {
    for (const env of this.list) for (const v of env.variables) if (v.secret) v.value = '';
    this.#apply();
  }

  /** The secret values of each environment, for an export with secrets. */
  secretValues(): Record<string, Record<string, string>> {
    const out: Record<string, Record<string, string>> = {};
    for (const env of this.list) {
      const values = Object.fromEntries(env.variables.filter((v) => v.secret && v.value !== '').map((v) => [v.name, v.value]));
      if (Object.keys(values).length) out[env.id] = values;
    }
    return out;
  }
}
