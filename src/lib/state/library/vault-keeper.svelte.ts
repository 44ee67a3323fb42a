/**
 * The key saved secrets are encrypted under: a non-extractable key kept in this browser, or one
 * derived from a passphrase and held in memory while unlocked. Before secrets are written it checks
 * the stored vault is still the one whose key it holds: if another tab (or the browser) removed or
 * replaced it, writing would store secrets nobody can decrypt after a reload.
 */
import { PlaygroundError } from '../../errors/playground-error';
import type { LibraryStorage } from '../../store/library-storage';
import { decryptJson, encryptJson, isKeyOf, newDeviceKey, passphraseVault, unlockVault, type VaultRecord } from '../../store/vault';

export type VaultMode = 'device' | 'passphrase';

/** The error for a vault that vanished while this tab held its key. */
export const vaultGone = () =>
  new PlaygroundError(
    'The key that encrypts saved secrets is no longer in this browser’s storage (another tab, or clearing site data, removed it). Nothing was saved. Reload the page; secrets saved before cannot be decrypted and must be typed again.',
    { kind: 'input', code: 'vault_key_gone' },
  );

export class VaultKeeper {
  #key: CryptoKey | null = null;
  #record: VaultRecord | undefined;
  #mode = $state<VaultMode>('device');
  #locked = $state(false);
  readonly #storage: Pick<LibraryStorage, 'loadVault' | 'saveVault' | 'ensureVault'>;

  constructor(storage: Pick<LibraryStorage, 'loadVault' | 'saveVault' | 'ensureVault'>) {
    this.#storage = storage;
  }

  /** The key; null while a passphrase vault is locked. */
  get key(): CryptoKey | null {
    return this.#key;
  }

  get mode(): VaultMode {
    return this.#mode;
  }

  get locked(): boolean {
    return this.#locked;
  }

  /**
   * Reads the vault (creating a device key on first use). Returns true when there was none although
   * `hadSecrets`: the secrets saved before were encrypted under a key that is gone.
   */
  async open(hadSecrets = false): Promise<boolean> {
    const stored = await this.#storage.loadVault();
    this.#record = stored ?? (await this.#storage.ensureVault({ v: 1, mode: 'device', key: await newDeviceKey() }));
    this.#mode = this.#record.mode;
    if (this.#record.mode === 'device') {
      this.#key = this.#record.key;
      this.#locked = false;
    } else {
      // a passphrase key held from before stays only if it still opens this vault
      if (this.#key && !(await isKeyOf(this.#record, this.#key))) this.#key = null;
      this.#locked = this.#key === null;
    }
    return stored === undefined && hadSecrets;
  }

  /**
   * Before secrets are written under the key held here.
   * @throws PlaygroundError `vault_key_gone` when the stored vault is no longer this key's.
   */
  async assertIntact(): Promise<void> {
    const stored = await this.#storage.loadVault();
    if (!stored || !this.#key || !(await isKeyOf(stored, this.#key))) throw vaultGone();
  }

  /** A new passphrase vault (not stored yet: the secrets are re-encrypted first, then `adopt`). */
  passphraseVault(passphrase: string): Promise<{ record: VaultRecord; key: CryptoKey }> {
    return passphraseVault(passphrase);
  }

  /** A new device vault (not stored yet). */
  async deviceVault(): Promise<{ record: VaultRecord; key: CryptoKey }> {
    const key = await newDeviceKey();
    return { record: { v: 1, mode: 'device', key }, key };
  }

  /**
   * Re-encrypts every saved credential's secrets under the key `next` makes, then stores and uses
   * its vault record. Secret variables are the caller's to save again.
   * @throws PlaygroundError while locked, or `vault_key_gone` when the stored vault is no longer this key's.
   */
  async rekey(next: () => Promise<{ record: VaultRecord; key: CryptoKey }>, credentials: Pick<LibraryStorage, 'listCredentials' | 'putCredential'>): Promise<void> {
    const oldKey = this.#key;
    if (!oldKey) throw new PlaygroundError('Unlock first.', { kind: 'input', code: 'secrets_locked' });
    await this.assertIntact();
    const { record, key } = await next();
    for (const c of await credentials.listCredentials()) {
      if (!c.secrets) continue;
      const secrets = await decryptJson(oldKey, c.secrets);
      await credentials.putCredential({ ...c, secrets: await encryptJson(key, secrets), updatedAt: c.updatedAt + 1 }, c.updatedAt);
    }
    await this.adopt(record, key);
  }

  /** Every secret is now under `key`: the vault record is stored and used. */
  async adopt(record: VaultRecord, key: CryptoKey): Promise<void> {
    await this.#storage.saveVault(record);
    this.#record = record;
    this.#key = key;
    this.#mode = record.mode;
    this.#locked = false;
  }

  /** `Lock`: forgets a passphrase key. False for a device vault (nothing to lock). */
  lock(): boolean {
    if (this.#mode !== 'passphrase') return false;
    this.#key = null;
    this.#locked = true;
    return true;
  }

  /** `Unlock`: the key when the passphrase opens the vault, else null. */
  async unlock(passphrase: string): Promise<CryptoKey | null> {
    if (this.#record?.mode !== 'passphrase') return null;
    const key = await unlockVault(this.#record, passphrase);
    if (!key) return null;
    this.#key = key;
    this.#locked = false;
    return key;
  }

  /** Another tab changed the vault: read it again. */
  async reload(): Promise<void> {
    this.#key = null;
    await this.open();
  }
}
