/**
 * `Export credentials` and `Import credentials`: the whole library as one file, secrets only when
 * asked and then encrypted under an export passphrase. An import file is checked whole, its secrets
 * decrypted, before anything is written; it adds new credentials, never changes a saved one.
 */
import { encodeCredentialFile, parseCredentialFile, parseExportedSecrets, type CredentialFile, type ExportedSecrets } from '../../config/credential-file';
import { uniqueName } from '../../config/credential';
import type { Environment } from '../../config/variables';
import { PlaygroundError } from '../../errors/playground-error';
import type { LibraryStorage, StoredCredential } from '../../store/library-storage';
import { decryptJson, decryptPortable, encryptJson, encryptPortable } from '../../store/vault';
import { messageOf, newId } from './ids';

const refuse = (message: string, code: string) => new PlaygroundError(message, { kind: 'input', code });

export interface ExportInput {
  storage: Pick<LibraryStorage, 'listCredentials'>;
  key: CryptoKey | null;
  environments: readonly Environment[];
  /** Secret values of the environments by environment id (for an export with secrets). */
  environmentSecrets: Record<string, Record<string, string>>;
  now: number;
  /** With secrets: encrypted under this passphrase (at least 8 characters). */
  passphrase: string | null;
}

/**
 * The export file's text and how many credentials it holds.
 * @throws PlaygroundError when secrets are asked for without a passphrase, or while locked.
 */
export async function exportCredentials({ storage, key, environments, environmentSecrets, now, passphrase }: ExportInput): Promise<{ text: string; count: number }> {
  if (passphrase !== null && passphrase.length < 8) throw refuse('To include secrets, give an export passphrase of at least 8 characters.', 'passphrase_too_short');
  if (passphrase !== null && !key) throw refuse('Saved secrets are locked: unlock them to export them.', 'secrets_locked');
  const stored = await storage.listCredentials();
  let encryptedSecrets: CredentialFile['encryptedSecrets'];
  if (passphrase !== null) {
    const secrets: ExportedSecrets = { credentials: {}, variables: environmentSecrets };
    for (const c of stored) if (c.secrets) secrets.credentials[c.id] = (await decryptJson(key!, c.secrets)) as Record<string, string>;
    encryptedSecrets = await encryptPortable(passphrase, secrets);
  }
  const text = encodeCredentialFile({
    exportedAt: new Date(now).toISOString(),
    credentials: stored.map((c) => ({ id: c.id, name: c.name, description: c.description, auth: c.auth, testRequest: c.testRequest })),
    environments: structuredClone(environments) as Environment[],
    ...(encryptedSecrets ? { encryptedSecrets } : {}),
  });
  return { text, count: stored.length };
}

export interface ImportPlan {
  credentials: StoredCredential[];
  /** New environments, secret values filled from the file. */
  environments: Environment[];
}

/**
 * Reads an export file into new records (new ids, names made unique among `taken`), secrets
 * encrypted under `key`. Nothing is written here.
 * @throws PlaygroundError for a file that is not an export, a wrong passphrase, or secrets while locked.
 */
export async function planImport(text: string, passphrase: string, key: CryptoKey | null, taken: readonly string[], now: number): Promise<ImportPlan> {
  const file = parseCredentialFile(text);
  let secrets: ExportedSecrets = { credentials: {}, variables: {} };
  if (file.encryptedSecrets) {
    if (passphrase === '') throw refuse('This file has encrypted secrets: enter its passphrase (Import passphrase) and import again. Nothing was changed.', 'passphrase_needed');
    try {
      secrets = parseExportedSecrets(await decryptPortable(passphrase, file.encryptedSecrets as Parameters<typeof decryptPortable>[1]));
    } catch (error) {
      throw refuse(`The secrets in this file cannot be read: ${messageOf(error)}. Nothing was changed.`, 'invalid_import');
    }
  }
  if (!key && Object.keys(secrets.credentials).length + Object.keys(secrets.variables).length > 0) {
    throw refuse('Saved secrets are locked: unlock them before importing secrets. Nothing was changed.', 'secrets_locked');
  }
  const names = [...taken];
  const credentials: StoredCredential[] = [];
  for (const c of file.credentials) {
    const values = secrets.credentials[c.id] ?? {};
    const name = uniqueName(c.name, names);
    names.push(name);
    const record: StoredCredential = { id: newId('cred'), name, description: c.description, createdAt: now, updatedAt: now, auth: c.auth, testRequest: c.testRequest, secretFields: Object.keys(values) };
    if (Object.keys(values).length) record.secrets = await encryptJson(key!, values);
    credentials.push(record);
  }
  const environments = file.environments.map((env) => {
    const values = secrets.variables[env.id] ?? {};
    return { id: env.id, name: env.name, variables: env.variables.map((v) => ({ ...v, value: v.secret ? (values[v.name] ?? '') : v.value })) };
  });
  return { credentials, environments };
}
