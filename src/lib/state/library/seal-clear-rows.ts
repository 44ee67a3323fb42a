/**
 * Saved credentials written before secret-looking OAuth rows were sealed kept their values in clear
 * (`client_assertion`, `X-Auth-Token`): each such record is written again with those values moved
 * into its encrypted secrets. Nothing is lost: a value in the record is the one requests sent, so it
 * wins over a saved one of the same path.
 */
import { mergeSecrets, splitRequestSecrets, splitSecrets, type SecretValues } from '../../config/credential';
import type { LibraryStorage } from '../../store/library-storage';
import { decryptJson, encryptJson } from '../../store/vault';

/**
 * Seals the clear secret-looking rows and test-request headers of every saved credential under
 * `key`. A record that cannot be decrypted, or that another tab changed meanwhile, is left as it is.
 * @returns how many records were sealed.
 */
export async function sealClearRows(storage: Pick<LibraryStorage, 'listCredentials' | 'putCredential'>, key: CryptoKey, now: number): Promise<number> {
  let sealed = 0;
  for (const stored of await storage.listCredentials()) {
    const { config, secrets: rows } = splitSecrets(stored.auth);
    const { request, secrets: headers } = splitRequestSecrets(stored.testRequest);
    if (Object.keys(rows).length + Object.keys(headers).length === 0) continue;
    try {
      const saved = stored.secrets ? ((await decryptJson(key, stored.secrets)) as SecretValues) : {};
      const secrets = mergeSecrets(saved, { ...rows, ...headers });
      const next = { ...stored, auth: config, testRequest: request, secretFields: Object.keys(secrets), secrets: await encryptJson(key, secrets), updatedAt: Math.max(now, stored.updatedAt + 1) };
      await storage.putCredential(next, stored.updatedAt);
      sealed++;
    } catch {
      // another key, or another tab's newer copy: the next start tries again
    }
  }
  return sealed;
}
