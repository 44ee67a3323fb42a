import { describe, expect, it } from 'vitest';
import { isSealedSecret, seal, unseal, type SealedSecret } from '../../src/lib/store/seal';
import { rejectionOf } from './support/canned-fetch';

const SECRET = 'client-secret with ünïcode & symbols/+=';

const bytesOf = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)];

describe('seal / unseal', () => {
  it('runs on Node’s WebCrypto: CryptoKey is a global', () => {
    expect(typeof CryptoKey).toBe('function');
    expect(typeof crypto.subtle.encrypt).toBe('function');
  });

  it('round-trips a secret', async () => {
    expect(await unseal(await seal(SECRET))).toBe(SECRET);
    expect(await unseal(await seal(''))).toBe('');
  });

  it('seals under a fresh non-extractable AES-GCM key with a 12-byte IV; the ciphertext is not the plain text', async () => {
    const sealed = await seal(SECRET);
    expect(sealed.key).toBeInstanceOf(CryptoKey);
    expect(sealed.key.extractable).toBe(false);
    expect(sealed.key.algorithm).toEqual({ name: 'AES-GCM', length: 256 });
    expect(sealed.iv).toBeInstanceOf(Uint8Array);
    expect(sealed.iv.byteLength).toBe(12);
    // AES-GCM: ciphertext as long as the plain text, plus a 16-byte tag
    expect(sealed.data.byteLength).toBe(new TextEncoder().encode(SECRET).byteLength + 16);
    expect(new TextDecoder().decode(sealed.data)).not.toContain('client-secret');
    expect((await rejectionOf(crypto.subtle.exportKey('raw', sealed.key))) as Error).toBeInstanceOf(Error);
  });

  it('gives different IVs and ciphertexts for the same secret', async () => {
    const a = await seal(SECRET);
    const b = await seal(SECRET);
    expect([...a.iv]).not.toEqual([...b.iv]);
    expect(bytesOf(a.data)).not.toEqual(bytesOf(b.data));
    expect(a.key).not.toBe(b.key);
  });

  it('survives structured cloning (what IndexedDB does)', async () => {
    const cloned = structuredClone(await seal(SECRET));
    expect(isSealedSecret(cloned)).toBe(true);
    expect(await unseal(cloned)).toBe(SECRET);
  });

  it('rejects a tampered ciphertext', async () => {
    const sealed = await seal(SECRET);
    const data = new Uint8Array(sealed.data.slice(0));
    data[0] = data[0]! ^ 0x01;
    const error = await rejectionOf(unseal({ ...sealed, data: data.buffer }));
    expect((error as Error).name).toBe('OperationError');
  });

  it('rejects a tampered tag, a changed IV, and another key', async () => {
    const sealed = await seal(SECRET);
    const data = new Uint8Array(sealed.data.slice(0));
    data[data.length - 1] = data[data.length - 1]! ^ 0x80;
    const iv = new Uint8Array(sealed.iv);
    iv[0] = iv[0]! ^ 0x01;
    const other = await seal(SECRET);
    const attempts: SealedSecret[] = [
      { ...sealed, data: data.buffer },
      { ...sealed, iv },
      { ...sealed, key: other.key },
    ];
    for (const attempt of attempts) expect(((await rejectionOf(unseal(attempt))) as Error).name).toBe('OperationError');
  });
});

describe('isSealedSecret', () => {
  it('accepts what seal returns', async () => {
    expect(isSealedSecret(await seal(SECRET))).toBe(true);
  });

  it.each([
    ['null', null],
    ['a string', 'sealed'],
    ['an empty object', {}],
    ['a key that is not a CryptoKey', { key: { type: 'secret' }, iv: new Uint8Array(12), data: new ArrayBuffer(16) }],
  ])('refuses %s', (_, value) => {
    expect(isSealedSecret(value)).toBe(false);
  });

  it('refuses a real key with an IV or data of the wrong type', async () => {
    const { key, iv, data } = await seal(SECRET);
    expect(isSealedSecret({ key, iv: [...iv], data })).toBe(false);
    expect(isSealedSecret({ key, iv, data: new Uint8Array(data) })).toBe(false);
    expect(isSealedSecret({ key, iv, data: 'ciphertext' })).toBe(false);
  });
});
