/**
 * Encryption of saved secrets at rest (client secrets, API keys, passwords, secret variables).
 *
 * By default secrets are encrypted with AES-GCM under a non-extractable key generated in this
 * browser and kept in IndexedDB: a copy of the database files, a storage dump or an export does not
 * reveal them, but code running in this origin (or anyone using this browser profile) can still use
 * the key. With a passphrase, the key is derived with PBKDF2-SHA-256 and lives only in memory while
 * unlocked: then the secrets cannot be read from this profile without the passphrase.
 * @see https://www.w3.org/TR/WebCryptoAPI/#pbkdf2
 */

export interface Encrypted {
  iv: Uint8Array;
  data: ArrayBuffer;
}

/** How the vault key is obtained, as stored. */
export type VaultRecord =
  | { v: 1; mode: 'device'; key: CryptoKey }
  | { v: 1; mode: 'passphrase'; salt: Uint8Array; iterations: number; check: Encrypted };

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
export const PBKDF2_ITERATIONS = 600_000;
const CHECK_TEXT = 'oauth-playground-vault';

/** A new non-extractable AES-GCM key for the device vault. */
export function newDeviceKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** The AES-GCM key for `passphrase` (non-extractable). */
export async function deriveKey(passphrase: string, salt: Uint8Array, iterations = PBKDF2_ITERATIONS): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** Encrypts `value` (any JSON) under `key` with a fresh IV. */
export async function encryptJson(key: CryptoKey, value: unknown): Promise<Encrypted> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(JSON.stringify(value)));
  return { iv, data };
}

/** Decrypts what `encryptJson` wrote; throws when the key is wrong or the data was changed. */
export async function decryptJson(key: CryptoKey, encrypted: Encrypted): Promise<unknown> {
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: encrypted.iv as Uint8Array<ArrayBuffer> }, key, encrypted.data);
  return JSON.parse(new TextDecoder().decode(plain));
}

/** A passphrase vault record and its key. */
export async function passphraseVault(passphrase: string, iterations = PBKDF2_ITERATIONS): Promise<{ record: VaultRecord; key: CryptoKey }> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await deriveKey(passphrase, salt, iterations);
  return { record: { v: 1, mode: 'passphrase', salt, iterations, check: await encryptJson(key, CHECK_TEXT) }, key };
}

/**
 * Whether `key` is the key of `record` as stored now: a device key encrypts what the stored key
 * decrypts; a passphrase key opens the stored check. False when another tab (or the browser) has
 * replaced or removed the vault meanwhile.
 */
export async function isKeyOf(record: VaultRecord, key: CryptoKey): Promise<boolean> {
  try {
    if (record.mode === 'passphrase') return (await decryptJson(key, record.check)) === CHECK_TEXT;
    return (await decryptJson(record.key, await encryptJson(key, CHECK_TEXT))) === CHECK_TEXT;
  } catch {
    return false;
  }
}

/** The key of a passphrase vault, or null when the passphrase is wrong. */
export async function unlockVault(record: Extract<VaultRecord, { mode: 'passphrase' }>, passphrase: string): Promise<CryptoKey | null> {
  const key = await deriveKey(passphrase, record.salt, record.iterations);
  try {
    return (await decryptJson(key, record.check)) === CHECK_TEXT ? key : null;
  } catch {
    return null;
  }
}

/** Whether `value` is an `Encrypted` (checked when read back from storage). */
export function isEncrypted(value: unknown): value is Encrypted {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.iv instanceof Uint8Array && v.iv.length === 12 && v.data instanceof ArrayBuffer;
}

/** Checks a stored vault record. */
export function parseVaultRecord(value: unknown): VaultRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (v.mode === 'device' && typeof CryptoKey !== 'undefined' && v.key instanceof CryptoKey) return { v: 1, mode: 'device', key: v.key };
  if (
    v.mode === 'passphrase' &&
    v.salt instanceof Uint8Array &&
    typeof v.iterations === 'number' &&
    Number.isInteger(v.iterations) &&
    v.iterations >= 1 &&
    v.iterations <= 10_000_000 &&
    isEncrypted(v.check)
  ) {
    return { v: 1, mode: 'passphrase', salt: v.salt, iterations: v.iterations, check: v.check };
  }
  return undefined;
}

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** An encrypted blob in JSON-safe form (for export files). */
export interface PortableEncrypted {
  kdf: 'PBKDF2-SHA-256';
  iterations: number;
  salt: string;
  iv: string;
  data: string;
}

/** Encrypts `value` under a key derived from `passphrase`, as JSON-safe text fields. */
export async function encryptPortable(passphrase: string, value: unknown, iterations = PBKDF2_ITERATIONS): Promise<PortableEncrypted> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const encrypted = await encryptJson(await deriveKey(passphrase, salt, iterations), value);
  return { kdf: 'PBKDF2-SHA-256', iterations, salt: toBase64(salt), iv: toBase64(encrypted.iv), data: toBase64(new Uint8Array(encrypted.data)) };
}

/**
 * Decrypts what `encryptPortable` wrote.
 * @throws Error with a plain message when the passphrase is wrong or the data damaged.
 */
export async function decryptPortable(passphrase: string, portable: PortableEncrypted): Promise<unknown> {
  let key: CryptoKey;
  let iv: Uint8Array;
  let data: Uint8Array;
  try {
    key = await deriveKey(passphrase, fromBase64(portable.salt), portable.iterations);
    iv = fromBase64(portable.iv);
    data = fromBase64(portable.data);
  } catch {
    throw new Error('the encrypted secrets in the file are damaged');
  }
  try {
    return await decryptJson(key, { iv, data: data.slice().buffer });
  } catch {
    throw new Error('wrong passphrase, or the encrypted secrets in the file were changed');
  }
}
