import { describe, expect, it } from 'vitest';
import {
  decryptJson,
  decryptPortable,
  encryptJson,
  encryptPortable,
  newDeviceKey,
  parseVaultRecord,
  passphraseVault,
  unlockVault,
} from '../../src/lib/store/vault';

// Few iterations keep the tests fast; the app uses PBKDF2_ITERATIONS.
const FAST = 1000;

describe('vault', () => {
  it('round-trips JSON under a non-extractable device key, with a fresh IV each time', async () => {
    const key = await newDeviceKey();
    expect(key.extractable).toBe(false);
    const a = await encryptJson(key, { 'oauth2.clientSecret': 's3cret' });
    const b = await encryptJson(key, { 'oauth2.clientSecret': 's3cret' });
    expect(a.iv).not.toEqual(b.iv);
    expect(new TextDecoder().decode(a.data)).not.toContain('s3cret');
    expect(await decryptJson(key, a)).toEqual({ 'oauth2.clientSecret': 's3cret' });
  });

  it('refuses tampered data and another key', async () => {
    const key = await newDeviceKey();
    const sealed = await encryptJson(key, 'x');
    const bytes = new Uint8Array(sealed.data.slice(0));
    bytes[0]! ^= 1;
    await expect(decryptJson(key, { iv: sealed.iv, data: bytes.buffer })).rejects.toThrow();
    await expect(decryptJson(await newDeviceKey(), sealed)).rejects.toThrow();
  });

  it('unlocks a passphrase vault with the right passphrase only', async () => {
    const { record, key } = await passphraseVault('correct horse battery', FAST);
    const sealed = await encryptJson(key, 'secret-value');
    expect(await unlockVault(record as Extract<typeof record, { mode: 'passphrase' }>, 'wrong passphrase')).toBeNull();
    const again = await unlockVault(record as Extract<typeof record, { mode: 'passphrase' }>, 'correct horse battery');
    expect(again).not.toBeNull();
    expect(await decryptJson(again!, sealed)).toBe('secret-value');
    expect(parseVaultRecord(record)).toEqual(record);
  });

  it('checks stored vault records', async () => {
    expect(parseVaultRecord(undefined)).toBeUndefined();
    expect(parseVaultRecord({ mode: 'device', key: 'not a key' })).toBeUndefined();
    expect(parseVaultRecord({ mode: 'passphrase', salt: new Uint8Array(16), iterations: -1, check: {} })).toBeUndefined();
    const key = await newDeviceKey();
    expect(parseVaultRecord({ v: 1, mode: 'device', key })).toEqual({ v: 1, mode: 'device', key });
  });

  it('portable encryption round-trips as text and refuses a wrong passphrase or damaged data', async () => {
    const portable = await encryptPortable('export passphrase', { a: 'b' }, FAST);
    expect(JSON.stringify(portable)).not.toContain('"b"');
    expect(await decryptPortable('export passphrase', portable)).toEqual({ a: 'b' });
    await expect(decryptPortable('other passphrase', portable)).rejects.toThrow('wrong passphrase, or the encrypted secrets in the file were changed');
    await expect(decryptPortable('export passphrase', { ...portable, salt: '%%%' })).rejects.toThrow('the encrypted secrets in the file are damaged');
  });
});
