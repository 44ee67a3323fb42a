/**
 * The small checks every stored record's parser shares (records read back are untrusted). Part of
 * the storage module; imports nothing, so the lazily loaded record modules and `storage.ts` share it.
 */

/** A plain object (not null, not an array). */
export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether `value` is a WebCrypto key pair (as stored for DPoP). */
export function isKeyPair(value: unknown): value is CryptoKeyPair {
  return (
    isObject(value) && typeof CryptoKey !== 'undefined' && value.privateKey instanceof CryptoKey && value.publicKey instanceof CryptoKey
  );
}
