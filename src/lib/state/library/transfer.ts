/**
 * `Export credentials` and `Import credentials`: the whole library as one file, secrets only when
 * asked and then encrypted under an export passphrase. An import file is checked whole, its secrets
 * decrypted, before anything is written; it adds new credentials, never changes a saved one. What
 * it would import is shown first (names, hosts, variables); the credentials carry the hosts that
 * confirmation listed (`config/confirmed-hosts.ts`).
 */
import { confirmHosts, listHosts, referencesIn, secretReferences } from '../../config/confirmed-hosts';
import { encodeCredentialFile, parseCredentialFile, parseExportedSecrets, type CredentialFile, type ExportedSecrets } from '../../config/credential-file';
import { splitSecrets, uniqueName } from '../../config/credential';
import type { AuthConfig } from '../../config/auth-config';
import type { Environment, Variable } from '../../config/variables';
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

/** What the import confirmation shows before anything is written. */
export interface ImportReview {
  names: string[];
  /** Every host the credentials send requests to (variables that are not secret resolved): importing confirms them. */
  hosts: string[];
  /** URLs whose host is not known before sending (a secret or unknown variable in it); never confirmed. */
  unclear: string[];
  /** The `{{variables}}` the credentials use, and those of them secret in the active environment. */
  variables: string[];
  secretVariables: string[];
  /**
   * Settings a share link refuses, per credential ("Name: sends through the proxy at …, allows
   * plain http …"): imported turned off unless the person keeps them (`withoutRiskySettings`).
   */
  risky: string[];
}

export interface ImportPlan {
  /** New records, each with the hosts its part of the confirmation listed. */
  credentials: StoredCredential[];
  /** New environments, secret values filled from the file. */
  environments: Environment[];
  review: ImportReview;
}

/**
 * Reads an export file into new records (new ids, names made unique among `taken`), secrets
 * encrypted under `key`, hosts resolved with the active environment's `variables`. Nothing is
 * written here.
 * @throws PlaygroundError for a file that is not an export, a wrong passphrase, or secrets while locked.
 */
export async function planImport(text: string, passphrase: string, key: CryptoKey | null, taken: readonly string[], now: number, variables: readonly Variable[] = []): Promise<ImportPlan> {
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
  // An older file may hold secret-looking OAuth rows in clear: they are stored encrypted like the rest.
  const split = file.credentials.map((c) => splitSecrets(c.auth));
  if (!key && Object.keys(secrets.credentials).length + Object.keys(secrets.variables).length + split.filter((c) => Object.keys(c.secrets).length).length > 0) {
    throw refuse('Saved secrets are locked: unlock them before importing secrets. Nothing was changed.', 'secrets_locked');
  }
  const names = [...taken];
  const credentials: StoredCredential[] = [];
  const review: ImportReview = { names: [], hosts: [], unclear: [], variables: [], secretVariables: [], risky: [] };
  const add = (list: string[], items: readonly string[]) => list.push(...items.filter((item) => !list.includes(item)));
  for (const [i, c] of file.credentials.entries()) {
    const values = { ...split[i]!.secrets, ...secrets.credentials[c.id] };
    const name = uniqueName(c.name, names);
    names.push(name);
    const settings = { auth: split[i]!.config, testRequest: c.testRequest };
    const record: StoredCredential = { id: newId('cred'), name, description: c.description, createdAt: now, updatedAt: now, ...settings, secretFields: Object.keys(values), confirmed: confirmHosts('import', settings, variables) };
    if (Object.keys(values).length) record.secrets = await encryptJson(key!, values);
    credentials.push(record);
    const { hosts, unclear } = listHosts(settings, variables);
    review.names.push(name);
    add(review.hosts, hosts);
    add(review.unclear, unclear);
    add(review.variables, referencesIn([settings, values]));
    add(review.secretVariables, secretReferences([settings, values], variables));
    const risks = riskySettings(settings.auth);
    if (risks.length) review.risky.push(`${name}: ${risks.join(', ')}`);
  }
  const environments = file.environments.map((env) => {
    const values = secrets.variables[env.id] ?? {};
    return { id: env.id, name: env.name, variables: env.variables.map((v) => ({ ...v, value: v.secret ? (values[v.name] ?? '') : v.value })) };
  });
  return { credentials, environments, review };
}

/** What of `auth` a share link would refuse: a proxy every request goes through, plain http to any host. */
function riskySettings(auth: AuthConfig): string[] {
  const risks: string[] = [];
  if (auth.proxy.enabled) risks.push(`sends through the proxy at ${auth.proxy.url}`);
  if (auth.allowInsecureHttp) risks.push('allows plain http to hosts that are not loopback');
  return risks;
}

/** `credentials` with the settings the review listed as risky turned off: what an import does unless they are kept. */
export function withoutRiskySettings(credentials: readonly StoredCredential[]): StoredCredential[] {
  return credentials.map((c) => ({ ...c, auth: { ...c.auth, allowInsecureHttp: false, proxy: { ...c.auth.proxy, enabled: false } } }));
}
