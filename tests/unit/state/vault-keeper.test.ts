import { describe, expect, it, vi } from 'vitest';
import { VaultKeeper } from '../../../src/lib/state/library/vault-keeper.svelte';
import { refreshRun } from '../../../src/lib/state/flows/refresh';
import type { FlowPort } from '../../../src/lib/state/flows/flow';
import { TokenRunList } from '../../../src/lib/state/token-runs.svelte';
import { emptyAuthConfig } from '../../../src/lib/config/auth-config';
import { libraryStorage } from '../../../src/lib/store/library-storage';
import { KEYS, memoryBackend, openStorage } from '../../../src/lib/store/storage';
import { cannedFetch, contextWith, jsonResponse, NOW } from '../support/canned-fetch';
import type { BrowserPort } from '../../../src/lib/state/browser';
import { Playground } from '../../../src/lib/state/playground.svelte';
import { quietBrowser } from '../support/browser';

describe('VaultKeeper: a vanished vault key (security finding 10)', () => {
  // Regression (issue 13, finding 10): another tab cleared the store; this tab then saved "encrypted" under a key nobody could decrypt after reload.
  it('finding 10: refuses to write under a key whose vault another tab removed', async () => {
    const backend = memoryBackend();
    const vault = new VaultKeeper(libraryStorage(backend));
    expect(await vault.open()).toBe(false);
    await expect(vault.assertIntact()).resolves.toBeUndefined();
    await backend.del(KEYS.vault); // another tab cleared the store
    await expect(vault.assertIntact()).rejects.toMatchObject({ code: 'vault_key_gone' });
  });

  // Regression (issue 13, finding 10): this tab saved under a vault key that was no longer the stored one; the secret could not be decrypted after reload.
  it('finding 10: refuses when the vault was replaced by another key', async () => {
    const backend = memoryBackend();
    const vault = new VaultKeeper(libraryStorage(backend));
    await vault.open();
    const other = new VaultKeeper(libraryStorage(memoryBackend()));
    await other.open();
    const { record } = await other.deviceVault();
    await backend.set(KEYS.vault, record);
    await expect(vault.assertIntact()).rejects.toMatchObject({ code: 'vault_key_gone' });
  });

  // Regression (issue 13, finding 10): a vanished vault key went undetected while credentials with secrets existed.
  it('finding 10: at start-up, says when secrets were saved under a vault that is gone', async () => {
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

const browser: BrowserPort = quietBrowser();

/** A page over `backend` with a confidential client typed in the form. */
async function pageWithSecret(backend: ReturnType<typeof memoryBackend>, secret: string) {
  const pg = new Playground({ storage: await openStorage(backend), fetch: cannedFetch(() => jsonResponse({})), browser, redirectUri: 'http://127.0.0.1:4173/' });
  await pg.load();
  pg.auth.authType = 'oauth2';
  Object.assign(pg.auth.oauth2, { grantType: 'client_credentials', tokenUrl: 'https://as.example/token', clientId: 'client-1', clientAuth: 'client_secret_basic', clientSecret: secret });
  return pg;
}

describe('the library with a vanished vault key', () => {
  // Regression (issue 13, finding 10): another tab cleared the store; this tab then saved "encrypted" under a new vault key, and the secret could not be decrypted after reload.
  it('finding 10: Save refuses, saying why, once another tab removed the vault key, and stores nothing under a new key', async () => {
    const backend = memoryBackend();
    const pg = await pageWithSecret(backend, 'first-secret-0123');
    pg.library!.name = 'Kept';
    await pg.library!.save();
    expect(pg.library!.problem).toBeNull();
    const saved = await backend.get(`cred:${pg.library!.credentials[0]!.id}`);

    await backend.del(KEYS.vault); // another tab cleared the store
    pg.auth.oauth2.clientSecret = 'second-secret-4567';
    await pg.library!.save();
    expect(pg.library!.problem).toContain('The key that encrypts saved secrets is no longer in this browser’s storage');
    expect(await backend.get(KEYS.vault)).toBeUndefined();
    expect(await backend.get(`cred:${pg.library!.credentials[0]!.id}`)).toEqual(saved);
  });

  // Regression (issue 13, finding 10): after the vault key vanished, the page went on as if the saved secrets could still be used.
  it('finding 10: at start-up with saved secrets but no vault key, the page says they cannot be decrypted', async () => {
    const backend = memoryBackend();
    const first = await pageWithSecret(backend, 'first-secret-0123');
    first.library!.name = 'Kept';
    await first.library!.save();
    await backend.del(KEYS.vault); // another tab cleared the vault, and its draft names no credential
    await backend.del(KEYS.draft);
    const again = new Playground({ storage: await openStorage(backend), fetch: cannedFetch(() => jsonResponse({})), browser, redirectUri: 'http://127.0.0.1:4173/' });
    await again.load();
    expect(again.library!.problem).toContain('The key that encrypted your saved secrets is no longer in this browser’s storage');
    expect(again.credential).toBeNull();
  });

  it('finding 10: when the draft reopens the credential at start-up, the page still says why its secrets are gone', async () => {
    const backend = memoryBackend();
    const first = await pageWithSecret(backend, 'first-secret-0123');
    first.library!.name = 'Kept';
    await first.library!.save();
    await backend.del(KEYS.vault); // another tab cleared the vault; the draft still names the credential
    const again = new Playground({ storage: await openStorage(backend), fetch: cannedFetch(() => jsonResponse({})), browser, redirectUri: 'http://127.0.0.1:4173/' });
    await again.load();
    expect(again.credential?.name).toBe('Kept');
    expect(again.library!.problem).toContain('The key that encrypted your saved secrets is no longer in this browser’s storage');
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
