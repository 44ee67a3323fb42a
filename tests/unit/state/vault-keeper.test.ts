import { describe, expect, it, vi } from 'vitest';
import { VaultKeeper } from '../../../src/lib/state/library/vault-keeper.svelte';
import { refreshRun } from '../../../src/lib/state/flows/refresh';
import type { FlowPort } from '../../../src/lib/state/flows/flow';
import { TokenRunList } from '../../../src/lib/state/token-runs.svelte';
import { emptyAuthConfig } from '../../../src/lib/config/auth-config';
import { libraryStorage } from '../../../src/lib/store/library-storage';
import { KEYS, memoryBackend, openStorage } from '../../../src/lib/store/storage';
import { contextWith, NOW } from '../support/canned-fetch';

describe('VaultKeeper: a vanished vault key (security finding 10)', () => {
  it('refuses to write under a key whose vault another tab removed', async () => {
    const backend = memoryBackend();
    const vault = new VaultKeeper(libraryStorage(backend));
    expect(await vault.open()).toBe(false);
    await expect(vault.assertIntact()).resolves.toBeUndefined();
    await backend.del(KEYS.vault); // another tab cleared the store
    await expect(vault.assertIntact()).rejects.toMatchObject({ code: 'vault_key_gone' });
  });

  it('refuses when the vault was replaced by another key', async () => {
    const backend = memoryBackend();
    const vault = new VaultKeeper(libraryStorage(backend));
    await vault.open();
    const other = new VaultKeeper(libraryStorage(memoryBackend()));
    await other.open();
    const { record } = await other.deviceVault();
    await backend.set(KEYS.vault, record);
    await expect(vault.assertIntact()).rejects.toMatchObject({ code: 'vault_key_gone' });
  });

  it('at start-up, says when secrets were saved under a vault that is gone', async () => {
    const vault = new VaultKeeper(libraryStorage(memoryBackend()));
    expect(await vault.open(true)).toBe(true);
    expect(vault.key).not.toBeNull(); // a new key for what is saved from now on
  });

  it('a passphrase vault: locked, then the right passphrase opens it', async () => {
    const backend = memoryBackend();
    const vault = new VaultKeeper(libraryStorage(backend));
    await vault.open();
    const { record, key } = await vault.passphraseVault('correct horse');
    await vault.adopt(record, key);
    expect(vault.lock()).toBe(true);
    expect(vault.key).toBeNull();
    await expect(vault.assertIntact()).rejects.toMatchObject({ code: 'vault_key_gone' });
    expect(await vault.unlock('wrong passphrase')).toBeNull();
    expect(await vault.unlock('correct horse')).not.toBeNull();
    await expect(vault.assertIntact()).resolves.toBeUndefined();
  });
});

describe('refresh under the Web Lock', () => {
  it('a tab that waited for the lock takes the other tab’s renewed token instead of refreshing again', async () => {
    const storage = await openStorage(memoryBackend());
    const tokens = new TokenRunList({ storage, now: () => NOW, onChange: () => undefined, onStorageProblem: () => undefined });
    const settings = { ...emptyAuthConfig().oauth2, tokenUrl: 'https://login.example.com/token', clientId: 'c', clientAuth: 'none' as const };
    const run = await tokens.add({ access_token: 'at-1', token_type: 'bearer', obtainedAt: NOW, refresh_token: 'rt-1', scopeFromServer: false, extra: {} }, settings, {}, null);
    // Meanwhile the other tab refreshed it (rotation): storage holds rt-2.
    await storage.replaceToken({ ...run, token: { ...run.token, access_token: 'at-2', refresh_token: 'rt-2' } });
    const held: string[] = [];
    vi.stubGlobal('navigator', { locks: { request: async (name: string, fn: () => Promise<unknown>) => (held.push(name), fn()) } });
    const fetch = vi.fn();
    const rotations: [string, string][] = [];
    const port = { storage, tokens, settings: () => settings, rotated: (a: string, b: string) => void rotations.push([a, b]) } as unknown as FlowPort;
    try {
      const renewed = await refreshRun(port, run, 'rt-1', contextWith(fetch));
      expect(held).toEqual([`oauth-playground-refresh:${run.id}`]);
      expect(fetch).not.toHaveBeenCalled();
      expect(renewed.token.access_token).toBe('at-2');
      expect(rotations).toEqual([['rt-1', 'rt-2']]);
      expect(tokens.current?.token.refresh_token).toBe('rt-2');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
