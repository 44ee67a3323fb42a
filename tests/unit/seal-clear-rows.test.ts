// Issue 13, part 2: credentials saved before the fix hold secret-looking rows in clear in storage;
// they are sealed on the next start, and requests still send them.
import { describe, expect, it } from 'vitest';
import { emptyAuthConfig, emptyTestRequest } from '../../src/lib/config/auth-config';
import { withSavedRequestSecrets, withSavedSecrets } from '../../src/lib/config/credential';
import { sealClearRows } from '../../src/lib/state/library/seal-clear-rows';
import { libraryStorage, type StoredCredential } from '../../src/lib/store/library-storage';
import { memoryBackend } from '../../src/lib/store/storage';
import { decryptJson, encryptJson, newDeviceKey } from '../../src/lib/store/vault';

describe('sealClearRows', () => {
  it('moves clear secret-looking rows into the encrypted secrets, keeping the saved ones', async () => {
    const backend = memoryBackend();
    const storage = libraryStorage(backend);
    const key = await newDeviceKey();
    const auth = emptyAuthConfig();
    auth.oauth2.extraParams = [{ key: 'client_assertion', value: 'eyJ-clear' }, { key: 'audience', value: 'https://api.example.com' }];
    auth.oauth2.extraHeaders = [{ key: 'X-Auth-Token', value: 'xat-clear' }];
    const testRequest = { ...emptyTestRequest(), headers: [{ key: 'Private-Token', value: 'glpat-clear' }] };
    const old: StoredCredential = { id: 'c1', name: 'Old', description: '', createdAt: 1, updatedAt: 1, auth, testRequest, secretFields: ['oauth2.clientSecret'], secrets: await encryptJson(key, { 'oauth2.clientSecret': 'cs-saved' }) };
    await storage.putCredential(old, null);

    expect(await sealClearRows(storage, key, 5)).toBe(1);
    const raw = JSON.stringify(await backend.get('cred:c1'));
    for (const value of ['eyJ-clear', 'xat-clear', 'glpat-clear']) expect(raw).not.toContain(value);
    const stored = (await storage.getCredential('c1'))!;
    expect(stored.updatedAt).toBe(5);
    const secrets = (await decryptJson(key, stored.secrets!)) as Record<string, string>;
    expect(secrets).toEqual({ 'oauth2.clientSecret': 'cs-saved', 'oauth2.extraParams:client_assertion': 'eyJ-clear', 'oauth2.extraHeaders:x-auth-token': 'xat-clear', 'header:private-token': 'glpat-clear' });
    expect(withSavedSecrets(stored.auth, secrets).oauth2.extraParams).toEqual(auth.oauth2.extraParams);
    expect(withSavedSecrets(stored.auth, secrets).oauth2.extraHeaders).toEqual(auth.oauth2.extraHeaders);
    expect(withSavedRequestSecrets(stored.testRequest, secrets).headers).toEqual(testRequest.headers);
    // once is enough
    expect(await sealClearRows(storage, key, 6)).toBe(0);
  });
});
