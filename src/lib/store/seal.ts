/**
 * Sealing a secret that must survive a full-page redirect (the client secret during an
 * Authorization Code flow): AES-GCM under a fresh non-extractable key. The key is stored with the
 * ciphertext in the same single-use record, so this keeps the secret out of plain sight in storage
 * dumps and exports; it does not protect against code running in this origin, which can use the key.
 */

export interface SealedSecret {
  key: CryptoKey;
  iv: Uint8Array;
  data: ArrayBuffer;
}

/** Encrypts `secret` under a new non-extractable AES-GCM key. */
export async function seal(secret: string): Promise<SealedSecret> {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(secret));
  return { key, iv, data };
}

/** Decrypts a sealed secret; throws when it was tampered with. */
export async function unseal(sealed: SealedSecret): Promise<string> {
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv as Uint8Array<ArrayBuffer> }, sealed.key, sealed.data);
  return new TextDecoder().decode(plain);
}

/** Whether `value` has the shape of a `SealedSecret` (checked when read back from storage). */
export function isSealedSecret(value: unknown): value is SealedSecret {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof CryptoKey !== 'undefined' && v.key instanceof CryptoKey && v.iv instanceof Uint8Array && v.data instanceof ArrayBuffer;
}
